import { describe, expect, it } from 'vitest';
import { maskAttributes, maskIdCard, maskName, maskPhone, maskSourceKey } from './masking.ts';

describe('masking of personal data', () => {
  it('masks ID-card numbers, phone numbers and names', () => {
    expect(maskIdCard('320111199001011234')).toBe('320111********1234');
    expect(maskIdCard('32011119900101123X')).toBe('320111********123X');
    expect(maskIdCard('320111900101123')).toBe('320111*****1123');
    expect(maskPhone('13812341234')).toBe('138****1234');
    expect(maskPhone('025-58881234')).toBe('025*****1234');
    expect(maskPhone('110')).toBe('****');
    expect(maskName('张三')).toBe('张*');
    expect(maskName('张三丰')).toBe('张**');
    expect(maskName('欧阳娜娜')).toBe('欧阳**');
    expect(maskName('欧阳')).toBe('欧*');
    expect(maskName('Li Lei')).toBe('L*****');
  });

  it('masks a person record by key, in English and Chinese', () => {
    const person = { name: '王小明', id_card: '320111199001011234', phone: '13812341234', address: '南京市浦口区', gender: 'male' };
    expect(maskAttributes(person, true)).toEqual({ ...person, name: '王**', id_card: '320111********1234', phone: '138****1234' });
    const chinese = { 姓名: '李四', 身份证号: '320111199001011234', 联系电话: '13900001111', 户主姓名: '李大' };
    expect(maskAttributes(chinese, true)).toEqual({ 姓名: '李*', 身份证号: '320111********1234', 联系电话: '139****1111', 户主姓名: '李*' });
  });

  it("keeps an organisation's name and credit code but masks its contact person", () => {
    const shop = { name: '浦口区便利店', credit_code: '92320111MA1XXXXX0X', contact: '赵六', phone: '13700001111' };
    expect(maskAttributes(shop, false)).toEqual({ ...shop, contact: '赵*', phone: '137****1111' });
  });

  it('masks ID-card and mobile numbers found under other keys (also as JSON numbers), and in nested objects', () => {
    const record = { 证件: '320111199001011234', 备注: '13612345678', value: 13612345678, floors: 12, nested: { mobile: '13612345678' }, component_id: '32011101001000001' };
    expect(maskAttributes(record, false)).toEqual({
      证件: '320111********1234', 备注: '136****5678', value: '136****5678', floors: 12, nested: { mobile: '136****5678' }, component_id: '32011101001000001',
    });
  });

  it('masks source keys that are ID-card or mobile numbers, and only those', () => {
    expect(maskSourceKey('320111199001011234')).toBe('320111********1234');
    expect(maskSourceKey('13812341234')).toBe('138****1234');
    expect(maskSourceKey('RP01-00000001')).toBe('RP01-00000001');
    expect(maskSourceKey('32011101001000001')).toBe('32011101001000001');
    expect(maskSourceKey(null)).toBeNull();
  });
});
