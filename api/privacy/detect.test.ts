import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Random } from '../../seeds/random.ts';
import { creditCode, idCardNumber, mobileNumber } from '../../seeds/pukou/grid-database/identity.ts';
import { isBankCardNumber, isIdCardNumber, luhn, maskText } from './detect.ts';

/** A card number of `length` digits starting with `prefix`, completed with its Luhn digit. */
function cardNumber(rng: Random, prefix: string, length: number): string {
  let body = prefix;
  while (body.length < length - 1) body += rng.int(0, 9);
  for (let d = 0; d <= 9; d++) if (luhn(body + d)) return body + d;
  throw new Error('no Luhn digit');
}

describe('personal numbers found in free text', () => {
  it('masks what the outside tester found unmasked, and only that', () => {
    expect(maskText('联系人张三 电话13812345678')).toBe('联系人张* 电话138****5678');
    expect(maskText('身份证 320111 19900101 1234，请核实')).toBe('身份证 320111 ******** 1234，请核实');
    expect(maskText('身份证320111-1990-0101-123X')).toBe('身份证320111-****-****-123X');
    expect(maskText('居民320111199001011234反映楼道堆物')).toBe('居民320111********1234反映楼道堆物');
  });

  it('masks ID-card numbers with a valid or a mistyped check digit, ASCII or full-width', () => {
    const valid = '32011119900307002X';
    expect(maskText(`号码${valid}`)).toBe('号码320111********002X');
    expect(maskText('号码320111199003070021')).toBe('号码320111********0021');
    expect(maskText('号码32011119900307002x')).toBe('号码320111********002x');
    expect(maskText('３２０１１１１９９００１０１１２３４')).toBe('３２０１１１********１２３４');
  });

  it('masks old 15-digit ID numbers only where a word says it is one', () => {
    expect(maskText('老身份证320111900101123')).toBe('老身份证320111*****1123');
    expect(maskText('证件号码：320111 900101 123')).toBe('证件号码：320111 *****1 123');
    expect(maskText('ID: 320111900101123')).toBe('ID: 320111*****1123');
    expect(maskText('编号320111900101123')).toBe('编号320111900101123');
  });

  it('leaves grid codes, component ids, credit codes and decimals alone', () => {
    // 15-digit grid codes: 320111001001001 reads as born 1900-10-01, 320111401001003 (汤泉农场) as 1940-10-01.
    expect(maskText('网格320111001001001内有垃圾')).toBe('网格320111001001001内有垃圾');
    expect(maskText('转320111401001003网格处理，身份证不详')).toBe('转320111401001003网格处理，身份证不详');
    expect(maskText('部件32011101001000001损坏')).toBe('部件32011101001000001损坏');
    expect(maskText('信用代码91320111MA1W12345X')).toBe('信用代码91320111MA1W12345X');
    expect(maskText('信用代码913201117340123456')).toBe('信用代码913201117340123456');
    expect(maskText('118.123456789012345,32.320111199001011234')).toBe('118.123456789012345,32.320111199001011234');
    expect(maskText('工单PK2026112400001，时间20261124103000')).toBe('工单PK2026112400001，时间20261124103000');
  });

  it('masks mobile numbers written with +86, 0086, spaces or hyphens, and not landlines or short numbers', () => {
    expect(maskText('电话+86 138 1234 5678')).toBe('电话+86 138 **** 5678');
    expect(maskText('电话0086-13912345678')).toBe('电话0086-139****5678');
    expect(maskText('(+86)13712345678')).toBe('(+86)137****5678');
    expect(maskText('手机：138-1234-5678，备用13912345678')).toBe('手机：138-****-5678，备用139****5678');
    expect(maskText('TEL13812345678')).toBe('TEL138****5678');
    expect(maskText('拨打12345热线或025-58881234')).toBe('拨打12345热线或025-58881234');
    expect(maskText('编号123456789012')).toBe('编号123456789012');
  });

  it('masks bank card numbers that pass the Luhn check, and not other long numbers', () => {
    const rng = new Random(7);
    const card = cardNumber(rng, '622202', 19);
    expect(maskText(`退款至${card}`)).toBe(`退款至6222***********${card.slice(-4)}`);
    const spaced = cardNumber(rng, '6217', 16).replace(/(\d{4})(?=\d)/g, '$1 ');
    expect(maskText(`卡号 ${spaced}`)).toBe(`卡号 ${spaced.slice(0, 4)} **** **** ${spaced.slice(-4)}`);
    const notLuhn = card.slice(0, -1) + ((Number(card.at(-1)) + 1) % 10);
    expect(maskText(`卡号${notLuhn}`)).toBe(`卡号${notLuhn}`);
    expect(maskText('5211010574534262XN')).toBe('5211010574534262XN'); // a credit code, its digits Luhn-valid
    // A 17-digit component id of this district is no card, Luhn or not.
    for (let i = 0; i < 200; i++) expect(isBankCardNumber(cardNumber(rng, '32011101', 17))).toBe(false);
  });

  it('masks vehicle plates, e-mail addresses and names after a word that introduces one', () => {
    expect(maskText('车牌苏A12345违停')).toBe('车牌苏A***45违停');
    expect(maskText('新能源车苏AD12345')).toBe('新能源车苏A****45');
    expect(maskText('江苏ABC公司')).toBe('江苏ABC公司');
    expect(maskText('请回复 zhang.san@example.cn 谢谢')).toBe('请回复 z***@example.cn 谢谢');
    expect(maskText('举报人：李四反映楼上漏水')).toBe('举报人：李*反映楼上漏水');
    expect(maskText('户主欧阳娜娜在家')).toBe('户主欧阳**在家');
    expect(maskText('姓名：王小明，电话13812345678')).toBe('姓名：王**，电话138****5678');
    expect(maskText('联系人员已到场')).toBe('联系人员已到场');
    expect(maskText('业主反映电梯故障')).toBe('业主反映电梯故障');
  });

  it('keeps null and empty text as they are', () => {
    expect(maskText(null)).toBeNull();
    expect(maskText('')).toBe('');
    expect(maskText('暴露垃圾')).toBe('暴露垃圾');
  });
});

describe('the structure of an ID-card number', () => {
  it('needs a province, a real birth date not in the future, and for 15 digits a year from 1920', () => {
    expect(isIdCardNumber('320111199001011234')).toBe(true);
    expect(isIdCardNumber('320111200002290011')).toBe(true); // 2000 was a leap year
    expect(isIdCardNumber('320111190002290011')).toBe(false); // 1900 was not
    expect(isIdCardNumber('320111199013011234')).toBe(false);
    expect(isIdCardNumber('990111199001011234')).toBe(false);
    expect(isIdCardNumber(`320111${new Date().getFullYear() + 1}01011234`)).toBe(false);
    expect(isIdCardNumber('320111900101123')).toBe(true);
    expect(isIdCardNumber('320111001001001')).toBe(false);
    expect(isIdCardNumber('32011119900101123')).toBe(false);
  });
});

describe('over many generated values (a property test without a library)', () => {
  const rng = new Random(20261205);
  // Numbers written without anything between them are one number; something always separates them.
  const between = [' ', '，', '：', '居民', '电话', 'abc', '\n', '号码是', '-'];
  const filler = ['', ...between];

  it('never leaves the birth date of an ID number or the middle of a mobile number in clear', () => {
    for (let i = 0; i < 2_000; i++) {
      const birth = `${rng.int(1930, 2015)}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`;
      const id = idCardNumber(rng, rng.pick(['320111', '110101', '440305', '650102']), birth, rng.pick(['male', 'female']));
      const phone = mobileNumber(rng);
      const text = `${rng.pick(filler)}${id}${rng.pick(between)}${phone}${rng.pick(filler)}`;
      const masked = maskText(text);
      expect(masked, text).not.toContain(id.slice(6, 14));
      expect(masked, text).not.toContain(phone.slice(3, 7));
      expect(masked, text).toContain(`${id.slice(0, 6)}********${id.slice(-4)}`);
      expect(masked, text).toContain(`${phone.slice(0, 3)}****${phone.slice(-4)}`);
      expect(masked.length).toBe(text.length);
    }
  });

  it("leaves every grid code of the district's communities and every generated credit code as it is", () => {
    const csv = readFileSync(new URL('../../seeds/reference/nanjing/pukou-divisions.csv', import.meta.url), 'utf8');
    const communities = csv.split('\n').filter((line) => line.includes(',community,')).map((line) => line.split(',')[0]);
    expect(communities.length).toBeGreaterThan(100);
    for (const community of communities) {
      for (let grid = 1; grid <= 999; grid += 7) {
        const text = `网格${community}${String(grid).padStart(3, '0')}`;
        expect(maskText(text)).toBe(text);
      }
    }
    for (let i = 0; i < 2_000; i++) {
      const code = creditCode(rng, rng.pick(['91', '92', '93', '52', '12', '11']), rng.pick(['320111', '110105', '120101']));
      expect(maskText(`代码${code}`), code).toBe(`代码${code}`);
    }
  });
});
