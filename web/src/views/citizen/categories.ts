/**
 * The problems citizens report most, in plain words and grouped the way people think of them;
 * each maps to a GB/T 47678.5 matter code. Everything else is under "all categories".
 */
import type { MessageKey } from '../../i18n/index.ts';

export interface PlainCategory {
  code: string;
  label: MessageKey;
}

export interface CategoryGroup {
  id: string;
  label: MessageKey;
  items: PlainCategory[];
}

/** The codes that have a plain label (`cat.<code>` in the i18n files). */
type CodeOf<K> = K extends `cat.${infer C}` ? C : never;
type PlainCode = CodeOf<MessageKey>;

function item(code: PlainCode): PlainCategory {
  const label: MessageKey = `cat.${code}`;
  return { code, label };
}

export const CATEGORY_GROUPS: CategoryGroup[] = [
  { id: 'rubbish', label: 'catGroup.rubbish', items: [item('06010'), item('06042'), item('06012'), item('06036'), item('06037'), item('06020')] },
  { id: 'roads', label: 'catGroup.roads', items: [item('06013'), item('01023'), item('01037'), item('02014'), item('06051'), item('10002'), item('10001')] },
  { id: 'order', label: 'catGroup.order', items: [item('09009'), item('09010'), item('09011'), item('09006'), item('09012')] },
  { id: 'nuisance', label: 'catGroup.nuisance', items: [item('06028'), item('06027'), item('06029'), item('06030'), item('08004')] },
  { id: 'building', label: 'catGroup.building', items: [item('07001'), item('06001'), item('06007')] },
  { id: 'green', label: 'catGroup.green', items: [item('04002'), item('06017'), item('06045')] },
  { id: 'works', label: 'catGroup.works', items: [item('08001'), item('08002')] },
];

/** The plain label of a code, if it is one of the common problems. */
export function plainCategory(code: string): PlainCategory | undefined {
  for (const group of CATEGORY_GROUPS) {
    const found = group.items.find((c) => c.code === code);
    if (found) return found;
  }
  return undefined;
}
