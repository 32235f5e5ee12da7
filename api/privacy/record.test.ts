import { describe, expect, it } from 'vitest';
import { maskRecord, maskSourceKey, MAX_DEPTH, TOO_DEEP } from './record.ts';

const person = { personal: true };
const organisation = { personal: false };

describe('masking a record', () => {
  it('masks a person record by key, in English and Chinese, the birth date with the ID number', () => {
    const record = { name: '王小明', id_card: '320111199001011234', birth_date: '1990-01-01', phone: '13812341234', address: '南京市浦口区某某花园3栋1单元801室', gender: 'male' };
    expect(maskRecord(record, person)).toEqual({
      name: '王**', id_card: '320111********1234', birth_date: '1990-**-**', phone: '138****1234', address: '南京市浦口区某某花园3栋*单元***室', gender: 'male',
    });
    const chinese = { 姓名: '李四', 身份证号: '320111199001011234', 出生年月: '1990年1月', 联系电话: '13900001111', 户主姓名: '李大' };
    expect(maskRecord(chinese, person)).toEqual({ 姓名: '李*', 身份证号: '320111********1234', 出生年月: '1990年**月', 联系电话: '139****1111', 户主姓名: '李*' });
  });

  it('masks names and numbers under column names the old masker did not know, pinyin ones too', () => {
    const record = { 居民姓名: '赵六', xm: '钱七', sfzh: '320111 19900101 1234', zjhm: '320111-1990-0101-1234', lxdh: '138-1234-5678', csrq: '19900101', dob: '1990/01/01' };
    expect(maskRecord(record, organisation)).toEqual({
      居民姓名: '赵*', xm: '钱*', sfzh: '320111 ******** 1234', zjhm: '320111-****-****-1234', lxdh: '138-****-5678', csrq: '1990****', dob: '1990/**/**',
    });
  });

  it("keeps an organisation's name, address and credit code but masks its contact person", () => {
    const shop = { name: '浦口区便利店', credit_code: '92320111MA1XXXXX0X', 统一社会信用代码: '913201117340123456', contact: '赵六', phone: '13700001111', address: '江浦路12号3栋101室' };
    expect(maskRecord(shop, organisation)).toEqual({ ...shop, contact: '赵*', phone: '137****1111' });
  });

  it('masks numbers by value under any key, as JSON numbers, in free text, in arrays and nested objects', () => {
    const record = {
      证件: '320111199001011234', 备注: '联系人张三 电话13812345678', value: 13612345678, floors: 12,
      phones: ['13612345678', '电话 13912345678', 13712345678],
      family: [{ relation: '配偶', 姓名: '孙八', idCard: '320111199202021236' }],
      nested: { mobile: '13612345678', deeper: { note: ['身份证320111199001011234'] } },
      component_id: '32011101001000001', 部件编码: '32011101001000001', grid: '320111001001001',
    };
    expect(maskRecord(record, organisation)).toEqual({
      证件: '320111********1234', 备注: '联系人张* 电话138****5678', value: '136****5678', floors: 12,
      phones: ['136****5678', '电话 139****5678', '137****5678'],
      family: [{ relation: '配偶', 姓名: '孙*', idCard: '320111********1236' }],
      nested: { mobile: '136****5678', deeper: { note: ['身份证320111********1234'] } },
      component_id: '32011101001000001', 部件编码: '32011101001000001', grid: '320111001001001',
    });
  });

  it('masks values under a known key whatever they look like: landlines, several numbers, old IDs', () => {
    const record = { 电话: '025-58881234', 手机: '13812345678/13912345678', 身份证: '320111900101123', 银行卡号: '6222021234567890123', 车牌号: '苏A12345', email: 'li@example.cn' };
    expect(maskRecord(record, organisation)).toEqual({
      电话: '025-****1234', 手机: '138****5678/139****5678', 身份证: '320111*****1123', 银行卡号: '6222***********0123', 车牌号: '苏A***45', email: 'l***@example.cn',
    });
  });

  it("treats an object under a person's field as that person", () => {
    expect(maskRecord({ name: '某某公司', 法定代表人: { name: '周九', phone: '13812345678' } }, organisation)).toEqual({
      name: '某某公司', 法定代表人: { name: '周*', phone: '138****5678' },
    });
  });

  it('masks keys that are ID or phone numbers, keeping two such keys apart', () => {
    const masked = maskRecord({ '320111199001011234': '户主', '320111199001019234': '配偶' }, organisation);
    expect(masked).toEqual({ '320111********1234': '户主', '320111********9234': '配偶' });
    const same = maskRecord({ '320111199001011234': 'a', '320111199101011234': 'b' }, organisation);
    expect(same).toEqual({ '320111********1234': 'a', '320111********1234#2': 'b' });
  });

  it('keeps a key named __proto__ as data', () => {
    const masked = maskRecord(JSON.parse('{"__proto__": {"phone": "13812345678"}}'), organisation);
    expect(Object.getPrototypeOf(masked)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(masked, '__proto__')?.value).toEqual({ phone: '138****5678' });
  });

  it('stops at a depth cap instead of overflowing the stack', () => {
    let deep: Record<string, unknown> = { phone: '13812345678' };
    for (let i = 0; i < 100_000; i++) deep = { next: i % 2 ? deep : [deep] };
    let masked: unknown = maskRecord(deep, organisation);
    let levels = 0;
    while (masked !== TOO_DEEP) {
      masked = Array.isArray(masked) ? masked[0] : (masked as Record<string, unknown>).next;
      levels++;
    }
    expect(levels).toBe(MAX_DEPTH);
    const shallow = maskRecord({ a: { b: [{ phone: '13812345678' }] } }, organisation);
    expect(shallow).toEqual({ a: { b: [{ phone: '138****5678' }] } });
  });

  it('leaves empty values, booleans and null as they are', () => {
    const record = { name: '', phone: null, id_card: '', married: false, n: 0 };
    expect(maskRecord(record, person)).toEqual(record);
  });
});

describe('masking a source key', () => {
  it('masks source keys that are ID-card or mobile numbers, and only those', () => {
    expect(maskSourceKey('320111199001011234')).toBe('320111********1234');
    expect(maskSourceKey('13812341234')).toBe('138****1234');
    expect(maskSourceKey('RP01-00000001')).toBe('RP01-00000001');
    expect(maskSourceKey('32011101001000001')).toBe('32011101001000001');
    expect(maskSourceKey('320111401001003')).toBe('320111401001003');
    expect(maskSourceKey(null)).toBeNull();
  });

  it('takes a 15-digit key of a person record for an old ID number', () => {
    expect(maskSourceKey('320111900101123', person)).toBe('320111*****1123');
    expect(maskSourceKey('320111900101123', organisation)).toBe('320111900101123');
  });
});
