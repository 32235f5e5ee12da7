/**
 * How each kind of personal value is masked. Separators stay where they were and only the
 * significant characters turn into `*`, so `320111 19900101 1234` reads `320111 ******** 1234`
 * and a reader still sees what kind of value it was.
 */

/** Digits, ASCII and full-width (Chinese input methods type both). */
export const DIGIT = /[0-9\uff10-\uff19]/;

type CharTest = (code: number) => boolean;

const isDigit: CharTest = (c) => (c >= 48 && c <= 57) || (c >= 0xff10 && c <= 0xff19);
/** What counts in an identifier: digits and Latin letters, ASCII or full-width (an ID's X, a passport's E). */
const isSignificant: CharTest = (c) =>
  isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 0xff21 && c <= 0xff3a) || (c >= 0xff41 && c <= 0xff5a);

function count(text: string, test: CharTest): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) if (test(text.charCodeAt(i))) n++;
  return n;
}

/**
 * `text` with its significant characters masked but the first `keep` and the last `keepLast`.
 * By UTF-16 unit: the significant characters are all in the BMP, and the halves of a pair are not.
 */
function maskInside(text: string, test: CharTest, keep: number, keepLast: number): string {
  const total = count(text, test);
  let out = '';
  let seen = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (!test(c)) out += text[i];
    else {
      out += seen < keep || seen >= total - keepLast ? text[i] : '*';
      seen++;
    }
  }
  return out;
}

/** '320111199001011234' → '320111********1234' (region kept, birth date and sequence hidden). */
export function maskIdCard(value: string): string {
  const v = value.trim();
  const length = count(v, isSignificant);
  // Too short to be an ID number (a passport, a typo): nothing kept.
  if (length < 11) return maskInside(v, isSignificant, 0, 0);
  return maskInside(v, isSignificant, 6, 4);
}

/** Country code written before a mobile number: kept as written, outside the mask. */
const COUNTRY = /^(?:[(（]?(?:\+|＋|00)?86[)）]?[\s-]?)(?=1[3-9])/;

/** '13812341234' → '138****1234', '+86 138 1234 1234' → '+86 138 **** 1234'; fewer than 8 digits → '****'. */
export function maskPhone(value: string): string;
export function maskPhone(value: string | null): string | null;
export function maskPhone(value: string | null | undefined): string | null | undefined;
export function maskPhone(value: string | null | undefined): string | null | undefined {
  if (!value) return value;
  const v = value.trim();
  const country = COUNTRY.exec(v)?.[0] ?? '';
  const rest = v.slice(country.length);
  if (count(rest, isDigit) < 8) return '****';
  return country + maskInside(rest, isDigit, 3, 4);
}

/** '6222021234567890123' → '6222***********0123': the bank (first four) and the card's last four. */
export function maskBankCard(value: string): string {
  const v = value.trim();
  const length = count(v, isSignificant);
  if (length < 12) return maskInside(v, isSignificant, 0, 0);
  return maskInside(v, isSignificant, 4, 4);
}

/** '苏A12345' → '苏A***45', '苏AD12345' → '苏A****45': province and city letter, last two. */
export function maskPlate(value: string): string {
  const v = value.trim();
  const chars = [...v];
  if (chars.length <= 3) return chars.length ? chars[0] + '*'.repeat(chars.length - 1) : '';
  const [province, city, ...tail] = chars;
  return province + city + maskInside(tail.join(''), isSignificant, 0, 2);
}

/** Two-character surnames, kept whole so the mask still says whose record it is. */
export const COMPOUND_SURNAMES = new Set(
  '欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 轩辕 令狐 钟离 端木 独孤 南宫 西门 百里 呼延 万俟 闻人 澹台 公冶 太史 申屠 赫连 拓跋'.split(' '),
);

/** '张三' → '张*', '欧阳娜娜' → '欧阳**', 'Li Lei' → 'L*****'; null stays null. */
export function maskName(value: string): string;
export function maskName(value: string | null): string | null;
export function maskName(value: string | null | undefined): string | null | undefined;
export function maskName(value: string | null | undefined): string | null | undefined {
  if (!value) return value;
  const chars = [...value.trim()];
  if (chars.length === 0) return '';
  const keep = chars.length > 2 && COMPOUND_SURNAMES.has(chars[0] + chars[1]) ? 2 : 1;
  return chars.slice(0, keep).join('') + '*'.repeat(Math.max(1, chars.length - keep));
}

/** 'zhang.san@example.cn' → 'z***@example.cn': the mailbox hidden, the provider kept. */
export function maskEmail(value: string): string {
  const v = value.trim();
  const at = v.lastIndexOf('@');
  if (at < 1) return maskInside(v, isSignificant, 1, 0);
  return `${[...v][0]}***${v.slice(at)}`;
}

const YEAR = /(?<![0-9])(1[89]\d\d|20\d\d)(?![0-9])/;

/**
 * '1990-01-01' → '1990-**-**', '1990年1月1日' → '1990年**月**日', '19900101' → '1990****':
 * the year stays (age groups need it), month and day are what a masked ID number hides.
 * Anything without a recognisable year is masked whole.
 */
export function maskBirthDate(value: string): string {
  const v = value.trim();
  const compact = /^(1[89]\d\d|20\d\d)(\d{2}|\d{4})$/.exec(v);
  if (compact) return compact[1] + '*'.repeat(compact[2].length);
  const year = YEAR.exec(v);
  if (!year) return v.replace(/[0-9\uff10-\uff19]+/g, (run) => '*'.repeat(run.length));
  const before = v.slice(0, year.index).replace(/[0-9\uff10-\uff19]+/g, '**');
  const after = v.slice(year.index + 4).replace(/[0-9\uff10-\uff19]+/g, '**');
  return before + year[1] + after;
}

/** Where the flat begins: after the building (栋, 幢, 号楼, 座) or at the unit (单元). */
const BUILDING = /栋|幢|号楼|座|(?=[0-9\uff10-\uff19]+单元)/;
/** '12-3-401' at the end of an address: building, unit, flat. */
const DASHED_FLAT = /([0-9]+)((?:-[0-9]+){1,2})$/;

/**
 * 'xx花园3栋1单元801室' → 'xx花园3栋*单元***室': the building stays (a record's point shows it
 * anyway), the unit and flat that tie a person to a door are hidden. Addresses without a flat
 * (a village house, a shop's street number) are left as they are.
 */
export function maskFlat(value: string): string {
  const building = BUILDING.exec(value);
  if (building) {
    const from = building.index + building[0].length;
    return value.slice(0, from) + value.slice(from).replace(/[0-9A-Za-z\uff10-\uff19]/g, '*');
  }
  return value.replace(DASHED_FLAT, (_all, first: string, rest: string) => first + rest.replace(/[0-9]/g, '*'));
}
