/** Open311 api keys: read from OPEN311_API_KEYS (the demo key when unset), checked on POST. */
import { describe, expect, it } from 'vitest';
import { HttpProblem } from '../http/problem.ts';
import { OPEN311_DEMO_API_KEY, readConfig } from '../config.ts';
import { checkApiKey } from './api-key.ts';

describe('OPEN311_API_KEYS', () => {
  it('accepts the demo key only when unset or empty', () => {
    expect([...readConfig({}).open311ApiKeys]).toEqual([[OPEN311_DEMO_API_KEY, 'demo']]);
    expect([...readConfig({ OPEN311_API_KEYS: ' ' }).open311ApiKeys]).toEqual([[OPEN311_DEMO_API_KEY, 'demo']]);
  });

  it('reads named and bare keys; a set list replaces the demo key', () => {
    const keys = readConfig({ OPEN311_API_KEYS: 'fixmystreet=k3y-with=equals, 0123456789abcdef' }).open311ApiKeys;
    expect([...keys]).toEqual([['k3y-with=equals', 'fixmystreet'], ['0123456789abcdef', 'open311']]);
  });

  it('refuses short or non-ASCII keys without echoing them', () => {
    expect(() => readConfig({ OPEN311_API_KEYS: 'app=short' })).toThrow(/OPEN311_API_KEYS: key 1 must be 8–200 visible ASCII/);
    expect(() => readConfig({ OPEN311_API_KEYS: '0123456789,密钥密钥密钥密钥密钥' })).toThrow(/key 2/);
    expect(() => readConfig({ OPEN311_API_KEYS: 'app=short' })).not.toThrow(/short/);
  });
});

describe('checkApiKey', () => {
  const keys = new Map([['0123456789abcdef', 'wechat'], ['fedcba9876543210', 'fixmystreet']]);
  const status = (given: string | undefined) => {
    try {
      checkApiKey(keys, given);
    } catch (error) {
      return (error as HttpProblem).status;
    }
    return 200;
  };

  it("names the key's client", () => {
    expect(checkApiKey(keys, 'fedcba9876543210')).toBe('fixmystreet');
  });

  it.each([undefined, '', '0123456789abcde', '0123456789abcdef ', 'FEDCBA9876543210'])('answers 403 for %j', (given) => {
    expect(status(given)).toBe(403);
  });
});
