/** The case categories: the managed matters (管理事项) of GB/T 47678.5-2026, from the reference CSV. */
import fs from 'node:fs';
import path from 'node:path';

export interface CategorySeed {
  code: string;
  majorCode: string;
  majorName: string;
  name: string;
}

export const DIRECTORY_CSV = path.resolve(import.meta.dirname, '../../reference/standards/gb47678-5-2026-directory.csv');

/** Rows of kind 管理事项: 5-digit code, 2-digit major class. */
export function incidentCategories(file = DIRECTORY_CSV): CategorySeed[] {
  const lines = fs.readFileSync(file, 'utf8').split(/\r?\n/).filter(Boolean);
  const header = lines[0].split(',');
  if (header.join(',') !== 'kind,code,major_code,major_name,name') throw new Error(`${file}: unexpected header ${lines[0]}`);
  return lines
    .slice(1)
    .map((line) => line.split(','))
    .filter(([kind]) => kind === '管理事项')
    .map(([, code, majorCode, majorName, name]) => ({ code, majorCode, majorName, name }));
}
