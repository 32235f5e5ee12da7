/**
 * Masking of a whole record: each field by what its name says it holds (fields.ts), and every
 * string, whatever its field, by what its value is (detect.ts), down through nested objects and
 * arrays. Birth dates are masked with the ID numbers whose hidden digits they are.
 */
import { fieldKind, type FieldKind } from './fields.ts';
import { isIdCardNumber, maskText } from './detect.ts';
import { maskBankCard, maskBirthDate, maskEmail, maskFlat, maskIdCard, maskName, maskPhone, maskPlate } from './values.ts';

export interface MaskOptions {
  /** The record's category holds people (category.personal), so its `name` and `address` are a person's. */
  personal: boolean;
}

/** Objects and arrays nested deeper than this (the record is level 1) are not walked but replaced by TOO_DEEP: imported JSON can be anything. */
export const MAX_DEPTH = 32;
export const TOO_DEEP = '[nested too deep to mask]';

/** A digit run that survived value detection: under a phone name it is a landline, masked whole. */
const DIGIT_RUN = /[0-9\uff10-\uff19]{5,}/;

/** One string under a field of a known kind. */
function maskByKind(kind: FieldKind, text: string, personal: boolean): string {
  switch (kind) {
    case 'public':
      return text;
    case 'id_card': {
      const found = maskText(text);
      return found !== text ? found : maskIdCard(text);
    }
    case 'phone': {
      const found = maskText(text);
      return DIGIT_RUN.test(found) ? maskPhone(text) : found;
    }
    case 'bank_card': {
      const found = maskText(text);
      return found !== text ? found : maskBankCard(text);
    }
    case 'plate':
      return maskPlate(text);
    case 'email':
      return maskEmail(text);
    case 'birth_date':
      return maskBirthDate(text);
    case 'person_name':
      return maskName(text);
    case 'home_address':
      return maskText(maskFlat(text));
    case 'name':
      return personal ? maskName(text) : maskText(text);
    case 'address':
      return maskText(personal ? maskFlat(text) : text);
  }
}

function maskValue(value: unknown, kind: FieldKind | null, personal: boolean, depth: number): unknown {
  if (typeof value === 'string' || typeof value === 'number') {
    const text = String(value);
    if (text === '') return value;
    const masked = kind ? maskByKind(kind, text, personal) : maskText(text);
    // A number stays a number unless something in it was hidden.
    return masked === text ? value : masked;
  }
  if (value === null || typeof value !== 'object' || kind === 'public') return value;
  if (depth >= MAX_DEPTH) return TOO_DEEP;
  // Strings in an array share the array's field; an object under a person's field is that person.
  if (Array.isArray(value)) return value.map((item) => maskValue(item, kind, personal, depth + 1));
  return maskObject(value as Record<string, unknown>, personal || kind === 'person_name', depth + 1);
}

/** Field names repeat in every record of a file; their masked form is computed once. */
const maskedKeys = new Map<string, string>();

function maskKey(key: string): string {
  let masked = maskedKeys.get(key);
  if (masked === undefined) {
    // Some files key people by their ID or phone number.
    masked = maskText(key);
    if (maskedKeys.size >= 10_000) maskedKeys.clear();
    maskedKeys.set(key, masked);
  }
  return masked;
}

function maskObject(attrs: Record<string, unknown>, personal: boolean, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key in attrs) {
    if (!Object.hasOwn(attrs, key)) continue;
    const masked = maskKey(key);
    let name = masked;
    // Two keys that differ only in what was masked must both stay.
    for (let n = 2; Object.hasOwn(out, name); n++) name = `${masked}#${n}`;
    const value = maskValue(attrs[key], fieldKind(key), personal, depth);
    // A key named __proto__ (JSON.parse makes it an own property) must stay data, not a prototype.
    if (name === '__proto__') Object.defineProperty(out, name, { value, enumerable: true, writable: true, configurable: true });
    else out[name] = value;
  }
  return out;
}

/**
 * A copy of a record's attributes with personal data masked: by field name, by value in every
 * string (and number), in nested objects and arrays.
 */
export function maskRecord(attrs: Record<string, unknown>, options: MaskOptions): Record<string, unknown> {
  return maskObject(attrs, options.personal, 1);
}

/**
 * A record's source key with any ID-card or mobile number in it masked (some offices key people
 * by them). In personal categories a key that is just an old 15-digit ID number is one too,
 * though no word before it says so (see detect.ts).
 */
export function maskSourceKey(key: string | null, options: MaskOptions = { personal: false }): string | null {
  if (key === null) return null;
  if (options.personal && /^\s*\d{15}\s*$/.test(key) && isIdCardNumber(key)) return maskIdCard(key);
  return maskText(key);
}
