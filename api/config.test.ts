import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readConfig } from './config.ts';

describe('readConfig', () => {
  it('has defaults that start the embedded demo on port 8080', () => {
    const config = readConfig({});
    expect(config).toMatchObject({ port: 8080, databaseUrl: undefined, seedScale: 'demo', seed: 320111, poolSize: 4 });
    expect(config.dataDir).toBe(path.resolve('data'));
  });

  it('reads the environment', () => {
    const config = readConfig({ PORT: '9000', DATABASE_URL: 'postgres://x@h/db', DATA_DIR: '/tmp/lq', SEED_SCALE: 'none' });
    expect(config).toMatchObject({ port: 9000, databaseUrl: 'postgres://x@h/db', dataDir: '/tmp/lq', seedScale: 'none', poolSize: 10 });
  });

  it('refuses malformed values with the variable named', () => {
    expect(() => readConfig({ PORT: 'eighty' })).toThrow(/PORT must be a non-negative integer/);
    expect(() => readConfig({ SEED_SCALE: 'huge' })).toThrow(/SEED_SCALE must be demo, full or none/);
  });
});
