/**
 * The one masking of personal data: grid-database records, case reporters, case texts that go
 * out to the public (Open311, the ticket page), rejected import rows. Import from here.
 *
 * - `maskRecord(attrs, { personal })`: a record by field name, by value and in depth.
 * - `maskText(text)`: the personal numbers, e-mail addresses and introduced names in free text.
 * - `maskIdCard`, `maskPhone`, `maskName`…: one value whose kind is known.
 *
 * Who may see data unmasked is not decided here: callers ask the roles, then mask or not.
 */
export { fieldKind, type FieldKind } from './fields.ts';
export { isBankCardNumber, isIdCardNumber, maskText } from './detect.ts';
export { MAX_DEPTH, maskRecord, maskSourceKey, TOO_DEEP, type MaskOptions } from './record.ts';
export { maskBankCard, maskBirthDate, maskEmail, maskFlat, maskIdCard, maskName, maskPhone, maskPlate } from './values.ts';
