import { describe, expect, it } from 'vitest';
import { parseTicketLink } from './ticket-store.ts';

describe('parseTicketLink', () => {
  it('reads the ticket and token of a link', () => {
    expect(parseTicketLink('https://lianqin.example/report.html#ticket=PK2611261234567&access=abcdefghijklmnop_-12')).toEqual({
      ticket: 'PK2611261234567', access: 'abcdefghijklmnop_-12',
    });
    expect(parseTicketLink('/report.html#ticket=PK2611261234567&access=abcdefghijklmnop')).toEqual({ ticket: 'PK2611261234567', access: 'abcdefghijklmnop' });
  });

  it('takes a bare number without a token', () => {
    expect(parseTicketLink(' pk2611261234567 ')).toEqual({ ticket: 'PK2611261234567', access: null });
  });

  it('refuses what is neither', () => {
    expect(parseTicketLink('hello')).toBeNull();
    expect(parseTicketLink('PK12')).toBeNull();
  });
});
