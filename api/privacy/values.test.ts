import { describe, expect, it } from 'vitest';
import { maskBankCard, maskBirthDate, maskEmail, maskFlat, maskIdCard, maskName, maskPhone, maskPlate } from './values.ts';

describe('masking one value of a known kind', () => {
  it('masks ID-card numbers: region and last four kept, separators where they were', () => {
    expect(maskIdCard('320111199001011234')).toBe('320111********1234');
    expect(maskIdCard('32011119900101123X')).toBe('320111********123X');
    expect(maskIdCard('320111900101123')).toBe('320111*****1123');
    expect(maskIdCard(' 320111 19900101 1234 ')).toBe('320111 ******** 1234');
    expect(maskIdCard('320111-1990-0101-1234')).toBe('320111-****-****-1234');
    expect(maskIdCard('３２０１１１１９９００１０１１２３４')).toBe('３２０１１１********１２３４');
    // Too short to be one (a passport, a fragment): nothing of it kept.
    expect(maskIdCard('E12345678')).toBe('*********');
    expect(maskIdCard('')).toBe('');
  });

  it.each([
    ['13812341234', '138****1234'],
    ['+86 138 1234 1234', '+86 138 **** 1234'],
    ['0086-13912345678', '0086-139****5678'],
    ['(+86)13712345678', '(+86)137****5678'],
    ['138-1234-5678', '138-****-5678'],
    ['025-58881234', '025-****1234'],
    ['12345', '****'],
    ['110', '****'],
  ])('masks the phone number %s as %s', (phone, masked) => expect(maskPhone(phone)).toBe(masked));

  it.each([
    ['张三', '张*'],
    ['张三丰', '张**'],
    ['欧阳娜娜', '欧阳**'],
    ['欧阳', '欧*'],
    ['王', '王*'],
    ['Li', 'L*'],
    ['Li Lei', 'L*****'],
  ])('masks the name %s as %s', (name, masked) => expect(maskName(name)).toBe(masked));

  it('leaves a missing name or phone missing (case reporters are optional)', () => {
    expect(maskName(null)).toBeNull();
    expect(maskPhone(null)).toBeNull();
    expect(maskName('')).toBe('');
    expect(maskPhone(undefined)).toBeUndefined();
  });

  it('masks bank cards, plates and e-mail addresses', () => {
    expect(maskBankCard('6222021234567890123')).toBe('6222***********0123');
    expect(maskBankCard('6222 0212 3456 7890')).toBe('6222 **** **** 7890');
    expect(maskBankCard('12345')).toBe('*****');
    expect(maskPlate('苏A12345')).toBe('苏A***45');
    expect(maskPlate('苏AD12345')).toBe('苏A****45');
    expect(maskPlate('苏A·12345')).toBe('苏A·***45');
    expect(maskEmail('zhang.san@example.cn')).toBe('z***@example.cn');
    expect(maskEmail('13812345678@qq.com')).toBe('1***@qq.com');
  });

  it('keeps the year of a birth date and hides month and day, in any common writing', () => {
    expect(maskBirthDate('1990-01-01')).toBe('1990-**-**');
    expect(maskBirthDate('1990/1/1')).toBe('1990/**/**');
    expect(maskBirthDate('1990年1月1日')).toBe('1990年**月**日');
    expect(maskBirthDate('1990.01')).toBe('1990.**');
    expect(maskBirthDate('19900101')).toBe('1990****');
    expect(maskBirthDate('199001')).toBe('1990**');
    expect(maskBirthDate('01/01/1990')).toBe('**/**/1990');
    expect(maskBirthDate('1990-01-01T00:00:00+08:00')).toBe('1990-**-**T**:**:**+**:**');
    // No year to keep (an Excel serial day): all of it hidden.
    expect(maskBirthDate('32874')).toBe('*****');
  });

  it('hides the unit and flat of a home address but keeps the building', () => {
    expect(maskFlat('南京市浦口区某某花园3栋1单元801室')).toBe('南京市浦口区某某花园3栋*单元***室');
    expect(maskFlat('浦口大道123号某某花园3号楼2单元1102室')).toBe('浦口大道123号某某花园3号楼*单元****室');
    expect(maskFlat('某某小区2单元502')).toBe('某某小区*单元***');
    expect(maskFlat('某某小区12-3-401')).toBe('某某小区12-*-***');
    expect(maskFlat('某某小区12幢')).toBe('某某小区12幢');
    // A village house and a shop on a street have no flat: nothing to hide beyond the point.
    expect(maskFlat('星甸街道某某村3组12号')).toBe('星甸街道某某村3组12号');
    expect(maskFlat('南京市浦口区江浦路12号')).toBe('南京市浦口区江浦路12号');
  });
});
