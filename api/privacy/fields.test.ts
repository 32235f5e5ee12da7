import { describe, expect, it } from 'vitest';
import { fieldKind } from './fields.ts';

describe('what a field holds, by its name', () => {
  it.each([
    // ID-card numbers, however the column is written
    ['id_card', 'id_card'], ['idCard', 'id_card'], ['ID-Card', 'id_card'], ['ID Card No', 'id_card'], ['ＩＤ＿ＣＡＲＤ', 'id_card'],
    ['identity', 'id_card'], ['national_id', 'id_card'], ['身份证', 'id_card'], ['身份证号码', 'id_card'], ['户主身份证号', 'id_card'],
    ['公民身份号码', 'id_card'], ['证件号码', 'id_card'], ['sfzh', 'id_card'], ['SFZHM', 'id_card'], ['zjhm', 'id_card'], ['gmsfhm', 'id_card'],
    // phones
    ['phone', 'phone'], ['mobilePhone', 'phone'], ['phone_number', 'phone'], ['tel', 'phone'], ['telephone', 'phone'], ['联系电话', 'phone'],
    ['手机号码', 'phone'], ['联系方式', 'phone'], ['监护人电话', 'phone'], ['联系人手机', 'phone'], ['lxdh', 'phone'], ['sjhm', 'phone'], ['dh', 'phone'],
    // names of people
    ['姓名', 'person_name'], ['居民姓名', 'person_name'], ['户主姓名', 'person_name'], ['户主', 'person_name'], ['联系人', 'person_name'],
    ['法定代表人', 'person_name'], ['监护人', 'person_name'], ['负责人', 'person_name'], ['xm', 'person_name'], ['XM', 'person_name'],
    ['hzxm', 'person_name'], ['lxr', 'person_name'], ['fddbr', 'person_name'], ['contact', 'person_name'], ['contact_person', 'person_name'],
    ['legalRepresentative', 'person_name'], ['guardian', 'person_name'], ['full_name', 'person_name'], ['owner name', 'person_name'],
    // the record's own name and address: a person's only in personal categories
    ['name', 'name'], ['Name', 'name'], ['名称', 'name'], ['address', 'address'], ['地址', 'address'],
    // bank cards, plates, e-mail
    ['bank_card', 'bank_card'], ['银行卡号', 'bank_card'], ['开户账号', 'bank_card'], ['yhkh', 'bank_card'],
    ['plate_no', 'plate'], ['车牌号', 'plate'], ['号牌号码', 'plate'], ['cph', 'plate'], ['hphm', 'plate'],
    ['email', 'email'], ['E-mail', 'email'], ['contact_email', 'email'], ['电子邮箱', 'email'],
    // birth dates: the digits a masked ID number hides
    ['birth_date', 'birth_date'], ['birthday', 'birth_date'], ['dob', 'birth_date'], ['DateOfBirth', 'birth_date'], ['出生日期', 'birth_date'],
    ['出生年月', 'birth_date'], ['生日', 'birth_date'], ['csrq', 'birth_date'],
    // home addresses
    ['家庭住址', 'home_address'], ['户籍地址', 'home_address'], ['现住址', 'home_address'], ['jtzz', 'home_address'], ['home_address', 'home_address'],
    // public codes that look like personal numbers
    ['credit_code', 'public'], ['creditCode', 'public'], ['统一社会信用代码', 'public'], ['component_id', 'public'], ['部件编码', 'public'],
    ['grid_code', 'public'], ['网格编码', 'public'], ['tyshxydm', 'public'],
  ])('%s holds %s', (key, kind) => expect(fieldKind(key)).toBe(kind));

  it.each(['id', 'userId', 'gender', '性别', 'floors', 'paidNote', 'hotel', 'cell', 'h3_r9', '是否本人', '出生地', 'category', ''])(
    '%s says nothing', (key) => expect(fieldKind(key)).toBeNull(),
  );
});
