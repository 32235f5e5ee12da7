/**
 * Text PostgreSQL cannot store: U+0000 (refused in text and jsonb) and lone UTF-16 surrogates
 * (a JSON escape such as "\ud800" makes one; pg would send it as U+FFFD, changing the value
 * silently). Found wherever input is parsed, so the client hears which field is wrong instead
 * of a 500 from the database.
 */

/** In `u` mode a surrogate pair is one code point, so \p{Cs} matches only a lone surrogate. */
const UNSTORABLE = /[\u0000\p{Cs}]/u;

/** Why a string cannot be stored, or null when it can. */
export function unstorable(text: string): string | null {
  const found = UNSTORABLE.exec(text);
  if (!found) return null;
  return found[0] === '\u0000' ? 'contains a NUL character (U+0000)' : 'contains a lone surrogate (not valid Unicode)';
}

/** Text that quotes input back (an import's rejections), made storable: NUL shown as ␀, a lone surrogate as U+FFFD. */
export function storable(text: string): string {
  return UNSTORABLE.test(text) ? text.replace(/\u0000/g, '\u2400').replace(/\p{Cs}/gu, '\ufffd') : text;
}

export interface StringProblem {
  /** Where the string is: keys and indexes, as zod names paths. */
  path: (string | number)[];
  message: string;
}

/** A step of a path, linked to its parent: the path is only spelled out for the string reported. */
interface Step {
  parent: Step | null;
  key: string | number;
}

const spell = (step: Step | null): (string | number)[] => {
  const path: (string | number)[] = [];
  for (let s = step; s; s = s.parent) path.push(s.key);
  return path.reverse();
};

/**
 * A string in `value` (plain objects and arrays, keys included, walked without recursion)
 * that cannot be stored, or null. Other objects (Date, Buffer, File) are not entered.
 */
export function findUnstorable(value: unknown): StringProblem | null {
  const stack: [object, Step | null][] = [];
  const visit = (child: unknown, at: Step | null): StringProblem | null => {
    if (typeof child === 'string') {
      const message = unstorable(child);
      return message ? { path: spell(at), message } : null;
    }
    if (child !== null && typeof child === 'object') stack.push([child, at]);
    return null;
  };
  const found = visit(value, null);
  if (found) return found;
  for (let next = stack.pop(); next; next = stack.pop()) {
    const [item, at] = next;
    if (Array.isArray(item)) {
      for (let i = 0; i < item.length; i++) {
        const child: unknown = item[i];
        if (typeof child !== 'string' && (child === null || typeof child !== 'object')) continue;
        const problem = visit(child, { parent: at, key: i });
        if (problem) return problem;
      }
    } else if (isPlainObject(item)) {
      for (const key in item) {
        const message = unstorable(key);
        if (message) return { path: spell({ parent: at, key }), message: `its name ${message}` };
        const problem = visit(item[key], { parent: at, key });
        if (problem) return problem;
      }
    }
  }
  return null;
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
