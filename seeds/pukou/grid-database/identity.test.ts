import { describe, expect, it } from 'vitest';
import { Random } from '../../random.ts';
import { creditCode, idCardNumber, isValidCreditCode, isValidIdCard, mobileNumber, personName } from './identity.ts';

describe('identity', () => {
  it('validates the published examples of both standards', () => {
    expect(isValidIdCard('11010519491231002X')).toBe(true);
    expect(isValidIdCard('110105194912310021')).toBe(false);
    expect(isValidCreditCode('91350100M000100Y43')).toBe(true);
    expect(isValidCreditCode('91350100M000100Y44')).toBe(false);
  });

  it('makes ID-card numbers with the area, birth date, gender parity and a valid check digit', () => {
    const rng = new Random(1);
    for (let i = 0; i < 1000; i++) {
      const gender = i % 2 ? 'male' : 'female';
      const id = idCardNumber(rng, '320111', '1987-06-05', gender);
      expect(id).toMatch(/^32011119870605[0-9]{3}[0-9X]$/);
      expect(isValidIdCard(id)).toBe(true);
      expect(Number(id[16]) % 2).toBe(gender === 'male' ? 1 : 0);
    }
  });

  it('makes valid unified social credit codes', () => {
    const rng = new Random(2);
    for (let i = 0; i < 1000; i++) {
      const code = creditCode(rng, '92', '320111');
      expect(code).toMatch(/^92320111[0-9]{8}[0-9X][0-9A-HJ-NPQRTUWXY]$/);
      expect(isValidCreditCode(code)).toBe(true);
    }
  });

  it('makes Chinese names and 11-digit mobile numbers', () => {
    const rng = new Random(3);
    for (let i = 0; i < 200; i++) {
      expect(personName(rng, i % 2 ? 'male' : 'female')).toMatch(/^\p{Script=Han}{2,4}$/u);
      expect(mobileNumber(rng)).toMatch(/^1[3-9][0-9]{9}$/);
    }
  });
});
