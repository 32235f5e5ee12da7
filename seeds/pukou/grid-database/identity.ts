/**
 * Synthetic identities: Chinese names, resident ID-card numbers (GB 11643), unified social
 * credit codes (GB 32100) and mobile numbers. All drawn from a seeded Random, all fake.
 */
import type { Random } from '../../random.ts';

/** The commonest surnames with rough shares (per mille), so 王/李/张 dominate as they do. */
const SURNAMES: readonly [string, number][] = [
  ['王', 72], ['李', 70], ['张', 68], ['刘', 53], ['陈', 54], ['杨', 31], ['黄', 22], ['赵', 20],
  ['吴', 21], ['周', 20], ['徐', 19], ['孙', 15], ['马', 13], ['朱', 14], ['胡', 13], ['郭', 11],
  ['何', 10], ['高', 10], ['林', 10], ['罗', 9], ['郑', 9], ['梁', 8], ['谢', 7], ['宋', 6],
  ['唐', 6], ['许', 6], ['韩', 6], ['冯', 5], ['邓', 5], ['曹', 5], ['彭', 5], ['曾', 4],
  ['肖', 4], ['田', 4], ['董', 4], ['袁', 4], ['潘', 4], ['于', 4], ['蒋', 4], ['蔡', 4],
  ['余', 3], ['杜', 3], ['叶', 3], ['程', 3], ['苏', 3], ['魏', 3], ['吕', 3], ['丁', 3],
  ['任', 3], ['沈', 3], ['姚', 3], ['卢', 3], ['姜', 2], ['崔', 2], ['钟', 2], ['谭', 2],
  ['陆', 2], ['汪', 2], ['范', 2], ['金', 2], ['石', 2], ['廖', 2], ['贾', 2], ['夏', 2],
  ['韦', 2], ['顾', 2], ['孔', 1], ['方', 2], ['戴', 1], ['邹', 1], ['殷', 1], ['诸葛', 1],
];
const SURNAME_TOTAL = SURNAMES.reduce((sum, [, share]) => sum + share, 0);

const GIVEN_MALE = '伟刚勇毅俊峰强军平保东文辉力明永健世广志义兴良海山仁波宁贵福生龙元全国胜学祥才发武新利清飞彬富顺信子杰涛昌成康星光天达安岩中茂进林有坚和彪博诚先敬震振壮会思群豪心邦承乐绍功松善厚庆磊民友裕河哲江超浩亮政谦亨奇固之轮翰朗伯宏言若鸣朋斌梁栋维启克伦翔旭鹏泽晨辰士以建家致树炎德行时泰盛雄琛钧冠策腾楠榕风航弘';
const GIVEN_FEMALE = '秀娟英华慧巧美娜静淑惠珠翠雅芝玉萍红娥玲芬芳燕彩春菊兰凤洁梅琳素云莲真环雪荣爱妹霞香月莺媛艳瑞凡佳嘉琼勤珍贞莉桂娣叶璧璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖露瑶怡婵雁蓓纨仪荷丹蓉眉君琴蕊薇菁梦岚苑婕馨瑗琰韵融园艺咏卿聪澜纯毓悦昭冰爽琬茗羽希宁欣飘育滢馥筠柔竹霭凝晓欢霄枫芸菲寒伊亚宜可姬舒影荔枝思丽';

export type Gender = 'male' | 'female';

/** A full name: surname plus one or two given-name characters (two in about three cases of four). */
export function personName(rng: Random, gender: Gender): string {
  let pick = rng.next() * SURNAME_TOTAL;
  let surname = SURNAMES[0][0];
  for (const [name, share] of SURNAMES) {
    pick -= share;
    if (pick < 0) {
      surname = name;
      break;
    }
  }
  const pool = gender === 'male' ? GIVEN_MALE : GIVEN_FEMALE;
  const first = pool[Math.floor(rng.next() * pool.length)];
  if (rng.next() < 0.25) return surname + first;
  return surname + first + pool[Math.floor(rng.next() * pool.length)];
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** The GB 11643 check character of the first 17 digits of an ID-card number. */
export function idCardCheckDigit(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * ID_WEIGHTS[i];
  return ID_CHECK[sum % 11];
}

export function isValidIdCard(id: string): boolean {
  return /^[0-9]{17}[0-9X]$/.test(id) && idCardCheckDigit(id.slice(0, 17)) === id[17];
}

/**
 * An 18-character ID-card number: 6-digit area code, birth date YYYYMMDD, 3-digit sequence
 * (odd for men, even for women), check character.
 */
export function idCardNumber(rng: Random, areaCode: string, birthDate: string, gender: Gender): string {
  const sequence = 2 * Math.floor(rng.next() * 500) + (gender === 'male' ? 1 : 0);
  const first17 = areaCode + birthDate.replaceAll('-', '') + String(sequence).padStart(3, '0');
  return first17 + idCardCheckDigit(first17);
}

/** The 31 characters of GB 32100 (no I, O, Z, S, V). */
const CREDIT_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** The GB 32100 check character of the first 17 characters of a unified social credit code. */
export function creditCodeCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CREDIT_ALPHABET.indexOf(first17[i]) * CREDIT_WEIGHTS[i];
  return CREDIT_ALPHABET[(31 - (sum % 31)) % 31];
}

export function isValidCreditCode(code: string): boolean {
  if (code.length !== 18) return false;
  for (const ch of code) if (!CREDIT_ALPHABET.includes(ch)) return false;
  return creditCodeCheckChar(code.slice(0, 17)) === code[17];
}

/**
 * An 18-character unified social credit code: registration authority and entity kind
 * (e.g. '92' 个体工商户, '91' 企业, '52' 民办非企业单位), 6-digit area code, 9-character
 * organisation code (8 digits + GB 11714 check), GB 32100 check character.
 */
export function creditCode(rng: Random, authorityKind: string, areaCode: string): string {
  let body = '';
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const digit = Math.floor(rng.next() * 10);
    body += digit;
    sum += digit * ORG_WEIGHTS[i];
  }
  const check = 11 - (sum % 11);
  const first17 = authorityKind + areaCode + body + (check === 10 ? 'X' : check === 11 ? '0' : String(check));
  return first17 + creditCodeCheckChar(first17);
}

const MOBILE_PREFIXES = ['133', '135', '136', '137', '138', '139', '150', '151', '152', '157', '158', '159', '177', '180', '181', '182', '187', '188', '189', '199'];

/** An 11-digit mobile number; synthetic, so only the prefix looks like a real carrier's. */
export function mobileNumber(rng: Random): string {
  return MOBILE_PREFIXES[Math.floor(rng.next() * MOBILE_PREFIXES.length)] + String(Math.floor(rng.next() * 1e8)).padStart(8, '0');
}
