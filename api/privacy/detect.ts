/**
 * Personal data found by its value, wherever it is written: in a field with an unknown name, in a
 * case description, in a rejected row. Each kind is a pattern for the candidate and a check of
 * its structure, so that public codes of the same length are left alone:
 *
 * - ID-card numbers, 18 digits (the last may be X) or the older 15, also in groups separated by
 *   spaces or hyphens: a province that exists and a birth date that exists. The check digit is
 *   not required: a mistyped number is still a person's number.
 * - 15-digit numbers (cards issued 1984–2004, void since 2013) only after a word that says so
 *   (身份证, 证件, 身份号码, ID…) or in a field named so: the grid codes of this system are 15
 *   digits too (district, street, community, grid) and many read as an ID with a birth date,
 *   e.g. 汤泉农场's 320111401001xxx as 1940-10-01. Their birth year must also be 1920 or later.
 * - Bank cards: 16–19 digits, a card issuer's first digit (4, 5, 6, 9, JCB's 35) and the Luhn
 *   check. The 17-digit component ids start with a region (32… here) and are left alone; a
 *   Luhn-valid one would only be taken for a card in a 62… (Gansu) district.
 * - Mobile numbers (1[3-9] and nine digits, +86 or 0086 before, spaces or hyphens inside);
 *   landlines are not looked for by value (any 7–8 digits would do) but are masked by field name.
 * - Vehicle plates (苏A12345, 新能源 苏AD12345), with at least three digits so 江苏ABC公司 is no plate.
 * - E-mail addresses.
 * - A name right after a word that introduces one (姓名, 联系人, 户主, 举报人…) and starting
 *   with a common surname; free text has no other sign of where a name is.
 *
 * Unified social credit codes (18 characters) mostly carry letters, and an all-digit one starts
 * with its registration authority and kind (91, 92, 52…), no province an ID could start with.
 * Measured on 100,000 generated all-digit codes of the common authorities (1, 5, 9) in six
 * districts: none masked. Two exceptions, left so because excusing codes would excuse IDs too:
 * 11–13 (机构编制) codes of a county numbered 19 or 20 (110119 延庆) read as an ID about one
 * time in a hundred, and 6x codes (旅游, rare) as a UnionPay card one time in ten (the Luhn check).
 * No installed dependency recognises these Chinese formats, hence the patterns here.
 */
import { COMPOUND_SURNAMES, maskBankCard, maskEmail, maskIdCard, maskName, maskPhone, maskPlate } from './values.ts';

const D = '[0-9\\uff10-\\uff19]';
/** Between groups of digits: a space (also no-break or ideographic) or a hyphen. */
const S = '[ \\u00a0\\u3000\\-\\u2010\\u2011\\u2013]';
/** Not inside a longer number, nor the decimals of one (coordinates in a rejected CSV row). */
const START = `(?<!${D})(?<!${D}[.．])`;
const END = `(?!${D})`;

const ID_18 = new RegExp(`${START}${D}{6}${S}?${D}{4}${S}?${D}{4}${S}?${D}{3}[0-9\\uff10-\\uff19XxＸｘ]${END}`, 'g');
/** Words that announce an ID number, a few characters before it. */
const ID_CUE = `(?<=(?:身份证|证件|身份号|公民身份|\\bsfz|\\bid ?(?:card|no|number)?\\b)[^0-9\\uff10-\\uff19]{0,8})`;
const ID_15 = new RegExp(`${ID_CUE}${START}${D}{6}${S}?${D}{6}${S}?${D}{3}${END}`, 'gi');
/** A Luhn check passes for one digit string in ten: digits that run into Latin letters are a code (信用代码), not a card. */
const BANK = new RegExp(`${START}(?<![A-Za-z])${D}{4}(?:${S}?${D}{4}){3}(?:${S}?${D}{1,3})?${END}(?![A-Za-z])`, 'g');
const MOBILE = new RegExp(`${START}(?:[(（]?(?:\\+|＋|00)?86[)）]?${S}?)?[1１][3-9３-９]${D}(?:${S}?${D}{4}){2}${END}`, 'g');
const PLATE =
  /[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-HJ-NP-Z][·•・ ]?(?:[A-HJ-NP-Z0-9]{5,6}|[A-HJ-NP-Z0-9]{4}[挂学警港澳])(?![A-Za-z0-9])/g;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;

/** Provinces (GB/T 2260) an ID number can start with; 83 is Taiwan residents' residence permits. */
const PROVINCES = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37', '41', '42', '43', '44', '45', '46',
  '50', '51', '52', '53', '54', '61', '62', '63', '64', '65', '71', '81', '82', '83',
]);

/** The digits and letters of a match, full-width ones as ASCII, x as X. */
export function significant(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c >= 0xff10 && c <= 0xff5a) c -= 0xfee0;
    if (c >= 97 && c <= 122) c -= 32;
    if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90)) out += String.fromCharCode(c);
  }
  return out;
}

/** This year, without a Date per number checked. */
let year = { value: 0, until: 0 };
function thisYear(): number {
  const now = Date.now();
  if (now >= year.until) {
    const value = new Date(now).getFullYear();
    year = { value, until: new Date(value + 1, 0, 1).getTime() };
  }
  return year.value;
}

const MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1 || day > MONTH_DAYS[month - 1]) return false;
  return month !== 2 || day < 29 || (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0));
}

/**
 * Whether 18 or 15 characters have the structure of a resident ID-card number: province, birth
 * date (not in the future; 15-digit ones from 1920), sequence. The check digit is not checked.
 */
export function isIdCardNumber(value: string): boolean {
  const id = significant(value);
  if (/^\d{17}[\dX]$/.test(id)) {
    const year = Number(id.slice(6, 10));
    return PROVINCES.has(id.slice(0, 2)) && year >= 1900 && year <= thisYear() && isDate(year, Number(id.slice(10, 12)), Number(id.slice(12, 14)));
  }
  if (/^\d{15}$/.test(id)) {
    const year = 1900 + Number(id.slice(6, 8));
    return PROVINCES.has(id.slice(0, 2)) && year >= 1920 && isDate(year, Number(id.slice(8, 10)), Number(id.slice(10, 12)));
  }
  return false;
}

/** The Luhn check of a card number's digits. */
export function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

/** 16–19 digits of a card issuer's range that pass the Luhn check. */
export function isBankCardNumber(value: string): boolean {
  const digits = significant(value);
  if (!/^\d{16,19}$/.test(digits) || !luhn(digits)) return false;
  const n = digits.length;
  switch (digits[0]) {
    case '4': // Visa
      return n === 16 || n === 19;
    case '5': // Mastercard
      return n === 16;
    case '6': // UnionPay (62), Discover, and the banks' own 60… ranges
      return true;
    case '9': // the domestic 19-digit debit cards of before UnionPay (9558…)
      return n === 19;
    case '3': // JCB
      return digits[1] === '5';
    default:
      return false;
  }
}

/** Common single-character surnames (about nine in ten people), for names in free text. */
const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝';
const COMPOUND = [...COMPOUND_SURNAMES].join('|');
/** Words after which a name comes; longer ones first so 法定代表人 wins over 法人. */
const NAME_CUES = '法定代表人|法人代表|联系人|监护人|报案人|举报人|投诉人|反映人|当事人|申请人|求助人|来电人|负责人|姓名|户主|业主|房东|租户|法人';
/** Characters that end a name rather than belong to it (function words). */
const NOT_IN_NAME = '的在于和与及等说称是了为';
const NAME = new RegExp(
  `(${NAME_CUES})([:：\\s]*(?:是|为)?[:：\\s]*)((?:${COMPOUND}|[${SURNAMES}])(?:(?![${NOT_IN_NAME}])\\p{Script=Han}){1,2})` +
    `(?=电话|手机|联系|身份|住址|地址|家住|现住|先生|女士|同志|师傅|反映|投诉|举报|来电|[${NOT_IN_NAME}]|[^\\p{Script=Han}]|$)`,
  'gu',
);

/** Cheap tests that spare the patterns most strings: 11 digits for any number, a cue's first character. */
const LONG_NUMBER = new RegExp(`${D}(?:${S}?${D}){10}`);
const PLATE_START = /[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-HJ-NP-Z]/;
const CUE_START = /[法联监报举投反当申求来负姓户业房租]/;

/**
 * `text` with every ID-card, bank card, mobile and plate number, e-mail address and introduced
 * name in it masked, the rest as it was: '联系人张三 电话13812345678' → '联系人张* 电话138****5678'.
 */
export function maskText(text: string): string;
export function maskText(text: string | null): string | null;
export function maskText(text: string | null | undefined): string | null | undefined;
export function maskText(text: string | null | undefined): string | null | undefined {
  if (!text) return text;
  let out = text;
  if (out.includes('@')) out = out.replace(EMAIL, maskEmail);
  if (LONG_NUMBER.test(out)) {
    // IDs first: a masked one leaves no digit run that a card or a phone pattern could take.
    out = out.replace(ID_18, (m) => (isIdCardNumber(m) ? maskIdCard(m) : m));
    out = out.replace(ID_15, (m) => (isIdCardNumber(m) ? maskIdCard(m) : m));
    out = out.replace(BANK, (m) => (isBankCardNumber(m) ? maskBankCard(m) : m));
    out = out.replace(MOBILE, (m) => maskPhone(m));
  }
  if (PLATE_START.test(out)) out = out.replace(PLATE, (m) => ((m.match(/[0-9]/g)?.length ?? 0) >= 3 ? maskPlate(m) : m));
  if (CUE_START.test(out)) out = out.replace(NAME, (_m, cue: string, gap: string, name: string) => cue + gap + maskName(name));
  return out;
}
