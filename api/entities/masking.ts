/**
 * Masking of personal data in grid-database records: names, ID-card and phone numbers are
 * stored in full but returned masked unless the caller may see them. Roles come with the
 * security issue; until then every caller gets masked data (see `seesPersonalData`).
 *
 * Attributes are recognised by key (English and Chinese column names), and ID-card and mobile
 * numbers also by value, so an office file with an unusual column name does not leak them.
 */

/** Whether the caller may see personal data unmasked. No roles yet: nobody may. */
export function seesPersonalData(): boolean {
  return false;
}

type Kind = 'id_card' | 'phone' | 'name' | 'person_name';

const KEY_KINDS: [RegExp, Kind][] = [
  [/^(id_?card|id_?(no|number)|identity(_no)?|.*身份证.*|证件号码?|公民身份号码)$/i, 'id_card'],
  [/^(.*phone.*|mobile|tel|telephone|.*电话.*|手机(号码?)?|联系方式)$/i, 'phone'],
  // a person's name in any category
  [/^(contact|contact_name|legal_representative|guardian|联系人|法定代表人|法人代表|负责人|监护人|户主(姓名)?)$/i, 'person_name'],
  // the record's name: a person's in personal categories, a company's or a component's otherwise
  [/^(name|姓名|名称)$/i, 'name'],
];

/** Keys that look like numbers but are public (legal entities' credit codes, component ids). */
const PUBLIC_KEYS = /^(credit_code|统一社会信用代码|component_id|部件编码)$/i;

const ID_CARD = /^\d{17}[\dXx]$|^\d{15}$/;
const MOBILE = /^(\+?86)?1[3-9]\d{9}$/;

/** Two-character surnames, kept whole so the mask still says whose record it is. */
const COMPOUND_SURNAMES = new Set(
  '欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 轩辕 令狐 钟离 端木 独孤 南宫 西门 百里 呼延 万俟 闻人 澹台 公冶 太史 申屠 赫连 拓跋'.split(' '),
);

/** '320111199001011234' → '320111********1234' (region kept, birth date and sequence hidden). */
export function maskIdCard(value: string): string {
  const v = value.trim();
  if (v.length < 11) return '*'.repeat(v.length || 4);
  return v.slice(0, 6) + '*'.repeat(v.length - 10) + v.slice(-4);
}

/** '13812341234' → '138****1234'; too short to keep anything → '****'. */
export function maskPhone(value: string): string {
  const v = value.trim();
  if (v.length < 8) return '****';
  return v.slice(0, 3) + '*'.repeat(v.length - 7) + v.slice(-4);
}

/** '张三' → '张*', '欧阳娜娜' → '欧阳**', 'Li Lei' → 'L*****'. */
export function maskName(value: string): string {
  const chars = [...value.trim()];
  if (chars.length === 0) return '';
  const keep = chars.length > 2 && COMPOUND_SURNAMES.has(chars[0] + chars[1]) ? 2 : 1;
  return chars.slice(0, keep).join('') + '*'.repeat(Math.max(1, chars.length - keep));
}

function kindOfKey(key: string): Kind | null {
  for (const [pattern, kind] of KEY_KINDS) if (pattern.test(key)) return kind;
  return null;
}

function maskValue(kind: Kind | null, key: string, value: string, personal: boolean): string {
  switch (kind) {
    case 'id_card':
      return maskIdCard(value);
    case 'phone':
      return maskPhone(value);
    case 'person_name':
      return maskName(value);
    case 'name':
      return personal ? maskName(value) : value;
  }
  if (PUBLIC_KEYS.test(key)) return value;
  const v = value.trim();
  if (ID_CARD.test(v)) return maskIdCard(v);
  if (MOBILE.test(v)) return maskPhone(v);
  return value;
}

/** A source key that is an ID-card or mobile number (some offices key people by them), masked. */
export function maskSourceKey(key: string | null): string | null {
  if (key === null) return key;
  if (ID_CARD.test(key)) return maskIdCard(key);
  if (MOBILE.test(key)) return maskPhone(key);
  return key;
}

/**
 * A copy of a record's attributes with personal data masked. `personal`: the record's
 * category holds people (category.personal), so its `name` is a person's.
 */
export function maskAttributes(attrs: Record<string, unknown>, personal: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(attrs)) {
    const value = attrs[key];
    if (typeof value === 'string' || typeof value === 'number') {
      const text = String(value);
      const masked = maskValue(kindOfKey(key), key, text, personal);
      out[key] = masked === text ? value : masked;
    } else if (value !== null && typeof value === 'object' && !Array.isArray(value)) out[key] = maskAttributes(value as Record<string, unknown>, personal);
    else out[key] = value;
  }
  return out;
}

/** ID-card and mobile numbers inside free text, masked where they stand. */
export function maskText(text: string): string {
  return text
    .replace(/(?<!\d)(\d{17}[\dXx]|\d{15})(?![\dXx])/g, (m) => maskIdCard(m))
    .replace(/(?<!\d)(1[3-9]\d{9})(?!\d)/g, (m) => maskPhone(m));
}
