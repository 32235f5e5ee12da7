/**
 * What a field holds, by its name: the column names of personal data in English, Chinese and
 * the pinyin abbreviations of government spreadsheets (xm 姓名, sfzh 身份证号, lxdh 联系电话…).
 * Names are compared case-insensitively and without separators, so `id_card`, `idCard`,
 * `ID-Card` and `ID Card` are one name; a Chinese term counts wherever it appears in the name
 * (`户主身份证号码` holds an ID number).
 */

export type FieldKind =
  /** Public codes that look like personal numbers: never masked, not even by value. */
  | 'public'
  | 'id_card'
  | 'phone'
  | 'bank_card'
  | 'plate'
  | 'email'
  /** Shown beside a masked ID-card number, it would give back the digits the mask hides. */
  | 'birth_date'
  /** A person's name in any record. */
  | 'person_name'
  /** A home address: the flat is masked, the building kept (the record's point shows it anyway). */
  | 'home_address'
  /** `name`: a person's in personal categories, an organisation's or a component's otherwise. */
  | 'name'
  /** `address`: a home in personal categories, premises otherwise. */
  | 'address';

interface Rule {
  kind: FieldKind;
  /** Terms found anywhere in the name (Chinese). */
  contains?: string[];
  /** The name's words, lower case and space-separated (English, camelCase split). */
  words?: RegExp;
  /** The whole name without separators (pinyin abbreviations, too short to look for inside). */
  exact?: string[];
}

/** In order: the first rule that matches decides (`联系人电话` is a phone, `联系人` a name). */
const RULES: Rule[] = [
  {
    kind: 'public',
    contains: ['信用代码', '部件编码', '部件编号', '部件标识', '网格编码', '网格编号', '网格代码', '组织机构代码'],
    words: /^(unified social )?credit ?code$|^uscc$|^component ?(id|code)$|^grid ?(id|code)$|^(community|street) ?code$/,
    exact: ['tyshxydm', 'xydm', 'bjbm', 'bjbh', 'wgbm', 'wgdm', 'zzjgdm'],
  },
  {
    kind: 'birth_date',
    contains: ['出生日期', '出生年月', '出生时间', '生日'],
    words: /\b(birth ?(date|day)|date ?of ?birth|dob|born ?(on|date)|birth)\b/,
    exact: ['csrq', 'csny', 'birthdate', 'birthday'],
  },
  {
    kind: 'home_address',
    contains: ['住址', '家庭地址', '户籍地', '居住地', '户口所在地', '身份证地址', '证件地址', '住所'],
    words: /\b(home|residential|residence|household|registered|domicile|permanent) ?address\b|\bdomicile\b/,
    exact: ['jtzz', 'hjdz', 'jzdz', 'xzz', 'hjszd'],
  },
  {
    kind: 'id_card',
    contains: ['身份证', '证件', '身份号码', '公民身份', '护照号', '居住证号'],
    words: /\b(id ?(card|no|num|number)s?|identity( ?(card|no|num|number))?|(national|citizen|resident) ?id( ?(no|number))?|cert(ificate)? ?(no|num|number)|passport( ?(no|number))?)\b/,
    exact: ['sfz', 'sfzh', 'sfzhm', 'sfzjhm', 'gmsfhm', 'gmsfzh', 'zjhm', 'zjh', 'hzhm'],
  },
  {
    kind: 'bank_card',
    contains: ['银行卡', '银行账号', '银行帐号', '卡号', '开户账号', '开户帐号'],
    words: /\b(bank ?(card|account)( ?(no|num|number))?|(card|account) ?(no|num|number)|iban)\b/,
    exact: ['yhkh', 'yhzh', 'khzh'],
  },
  {
    kind: 'plate',
    contains: ['车牌', '号牌'],
    words: /\b((license|licence|car|vehicle|registration) ?plate|plate( ?(no|num|number))?|vehicle ?(no|num|number))\b/,
    exact: ['cph', 'cphm', 'hphm', 'chepai'],
  },
  {
    kind: 'email',
    contains: ['邮箱', '电子邮件', '电邮'],
    words: /\b(e ?mail|mail ?address)\b/,
    exact: ['dzyx'],
  },
  {
    kind: 'phone',
    contains: ['电话', '手机', '联系方式', '传真'],
    words: /\b((mobile|cell|home|work|contact|tele)? ?phones?|mobiles?|tels?|fax)( ?(no|num|number))?\b/,
    exact: ['lxdh', 'sjhm', 'sjh', 'dh', 'dhhm', 'lxfs', 'yddh', 'gddh', 'lxrdh', 'jtdh', 'shouji'],
  },
  {
    kind: 'person_name',
    contains: ['姓名', '名字', '户主', '房东', '房主', '业主', '租户', '家属', '配偶'],
    words: /^(contact|emergency ?contact)$|\b(contact ?(name|person)|(legal|company) ?(representative|rep|person)|guardian|(owner|resident|person|full|real|first|last|given|reporter|applicant|tenant) ?name|householder|head ?of ?household|landlord|tenant|applicant|surname)\b/,
    exact: ['xm', 'xingming', 'hzxm', 'lxr', 'lxrxm', 'fddbr', 'frdb', 'jhr', 'fzr', 'sqr'],
  },
  { kind: 'name', words: /^(name|names)$/, exact: ['mc', 'mingcheng'], contains: ['名称'] },
  { kind: 'address', words: /^address$/, exact: ['dz', 'dizhi'], contains: ['地址'] },
];

/** Chinese names ending in 人 are people (联系人, 负责人, 法定代表人, 监护人…), but not 是否本人. */
const PERSON_SUFFIX = /人$/;

/** 'idCard', 'ID-Card', 'id_card' → 'id card'; full-width letters as ASCII; Chinese kept. */
function words(key: string): string {
  return key
    .normalize('NFKC')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .replace(/[^a-z0-9\p{Script=Han}]+/gu, ' ')
    .trim();
}

const cache = new Map<string, FieldKind | null>();
const CACHE_MAX = 10_000;

/** The kind of a field by its name, or null for a name that says nothing (value detection still applies). */
export function fieldKind(key: string): FieldKind | null {
  let kind = cache.get(key);
  if (kind !== undefined) return kind;
  kind = kindOf(key);
  // Records of one file share a few dozen names; the cap only guards against data used as keys.
  if (cache.size >= CACHE_MAX) cache.clear();
  cache.set(key, kind);
  return kind;
}

function kindOf(key: string): FieldKind | null {
  const spaced = words(key);
  const compact = spaced.replace(/ /g, '');
  if (compact === '') return null;
  for (const rule of RULES) {
    if (rule.exact?.includes(compact)) return rule.kind;
    if (rule.contains?.some((term) => compact.includes(term))) return rule.kind;
    if (rule.words?.test(spaced)) return rule.kind;
  }
  if (PERSON_SUFFIX.test(compact) && !compact.startsWith('是否')) return 'person_name';
  return null;
}
