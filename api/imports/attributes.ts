/**
 * A record's attributes as jsonb text, written straight from the row (no object per row):
 * either every column the mapping did not use, under its own name, or the mapping's
 * { attribute: column } list. Empty values are left out; strings are trimmed (office
 * spreadsheets pad cells).
 */
import type { ResolvedMapping } from './mapping.ts';
import type { SourceRecord } from './records.ts';

export type Getter = (value: SourceRecord['value']) => unknown;

/** Appends `"name":value` for a non-empty value; returns the new text. */
function append(json: string, keyJson: string, value: unknown): string {
  if (value === undefined || value === null) return json;
  let encoded: string;
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (trimmed === '') return json;
    encoded = JSON.stringify(trimmed);
  } else {
    encoded = JSON.stringify(value);
    if (encoded === undefined) return json;
  }
  return (json.length > 1 ? json + ',' : json) + keyJson + encoded;
}

/** Whether a value counts as present for `required`. */
export const present = (value: unknown): boolean =>
  value !== undefined && value !== null && (typeof value !== 'string' || value.trim() !== '');

export class AttributeWriter {
  /** [key as JSON + ':', getter] for CSV and listed attributes, in the order written; null: every unused key of a JSON record. */
  private readonly fixed: [string, Getter][] | null;

  constructor(
    mapping: ResolvedMapping,
    columns: string[] | null,
    get: (column: string) => Getter,
    private readonly used: Set<string>,
  ) {
    const listed = mapping.attributes !== 'rest' ? mapping.attributes : columns?.filter((c) => !used.has(c)).map((c) => [c, c]);
    this.fixed = listed?.map(([name, column]) => [JSON.stringify(name) + ':', get(column)]) ?? null;
  }

  json(value: SourceRecord['value']): string {
    let json = '{';
    if (this.fixed) {
      for (const [key, get] of this.fixed) json = append(json, key, get(value));
    } else {
      const object = value as Record<string, unknown>;
      for (const name in object) if (!this.used.has(name)) json = append(json, JSON.stringify(name) + ':', object[name]);
    }
    return json + '}';
  }
}
