/** PostgreSQL's "not a valid value" errors become 400s that do not quote the value; others stay errors. */
import { afterAll, describe, expect, it, vi } from 'vitest';
import { testDatabase } from '../testing/database.ts';
import { databaseInputProblem } from './database-errors.ts';

const db = testDatabase();
afterAll(() => db.close());

const errorOf = async (sql: string, params: unknown[] = []) => {
  try {
    await db.pool.query(sql, params);
  } catch (error) {
    return error;
  }
  throw new Error(`${sql} did not fail`);
};

describe('databaseInputProblem', () => {
  it.each([
    ['22021', 'SELECT $1::text', ['张三\u0000的电话 13912345678']],
    ['22P05', `SELECT '"\\u0000"'::jsonb`, []],
    ['22P02', 'SELECT $1::bigint', ['13912345678x']],
    ['22007', 'SELECT $1::timestamptz', ['张三 13912345678']],
    ['22008', 'SELECT $1::timestamptz', ['2024-13-45']],
  ])('answers SQLSTATE %s with 400 and no value in the detail', async (code, sql, params) => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const error = await errorOf(sql, params);
    expect((error as { code: string }).code).toBe(code);
    const problem = databaseInputProblem(error, 'GET /test');
    expect(problem?.status).toBe(400);
    expect(problem?.detail).toMatch(/^the database refused a value of the request: /);
    expect(JSON.stringify(problem)).not.toMatch(/1391234|张三/);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining(`GET /test: the database refused a value of the request (SQLSTATE ${code})`));
    warn.mockRestore();
  });

  it('leaves every other error to the 500 handler', async () => {
    expect(databaseInputProblem(await errorOf('SELECT * FROM no_such_table'), 'GET /test')).toBeNull();
    expect(databaseInputProblem(new Error('boom'), 'GET /test')).toBeNull();
    expect(databaseInputProblem(null, 'GET /test')).toBeNull();
  });
});
