import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { testApp } from '../api/testing/app.ts';

const t = testApp();
afterAll(() => t.db.close());

const ROOT = path.resolve(import.meta.dirname, '..');

/** Runs an account command as a person would, the password piped on stdin. */
function run(script: string, args: string[], stdin: string, env: Record<string, string> = { DATABASE_URL: inject('databaseUrl') }) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts', script), ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

const json = (body: unknown): RequestInit => ({ method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
const login = (username: string, password: string) => t.app.request('/api/v1/auth/login', json({ username, password }));

describe('npm run user:create', () => {
  it('creates an account whose piped password signs in, and refuses the same username again', async () => {
    const made = await run('user-create.ts', ['--username', 'ops-admin', '--role', 'admin', '--jurisdiction', '320111', '--display-name', '运维管理员'], 'a long first password\n');
    expect(made.stderr).toBe('');
    expect(made.code).toBe(0);
    expect(made.stdout).toMatch(/^created account ops-admin \(id \d+, admin in 320111\)/);

    const signedIn = await login('ops-admin', 'a long first password');
    expect(signedIn.status).toBe(200);
    const { token } = (await signedIn.json()) as { token: string };
    const me = await t.app.request('/api/v1/admin/users?q=ops-admin', { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { items: { username: string; displayName: string; demo: boolean }[] }).items).toEqual([
      expect.objectContaining({ username: 'ops-admin', displayName: '运维管理员', demo: false }),
    ]);

    const again = await run('user-create.ts', ['--username', 'ops-admin', '--role', 'admin', '--jurisdiction', '320111'], 'another long password\n');
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/the username ops-admin is taken; nothing was changed/);
    expect((await login('ops-admin', 'a long first password')).status).toBe(200);
  });

  it('applies the rules of accounts: password policy, roles, jurisdictions, no password on the command line', async () => {
    const base = ['--username', 'cli-dispatcher', '--role', 'street_dispatcher'];
    const cases: [string[], string, number, RegExp][] = [
      [[...base, '--jurisdiction', '320111001'], 'short\n', 1, /password refused: a password has at least 10 characters/],
      [[...base, '--jurisdiction', '320111001'], 'lianqin-demo\n', 1, /the demo password is public/],
      [[...base, '--jurisdiction', '320111001'], '', 1, /no password given/],
      [['--username', 'cli-x', '--role', 'mayor', '--jurisdiction', '320111'], 'a long enough password\n', 2, /--role: /],
      [[...base, '--jurisdiction', '320111999'], 'a long enough password\n', 1, /--jurisdiction: a staff account needs the code of a division or current grid/],
      [[...base, '--jurisdiction', '320111'], 'a long enough password\n', 1, /this role does not fit the jurisdiction/],
      [[...base, '--jurisdiction', '320111001', '--password', 'a long enough password'], '', 2, /--password is not accepted/],
    ];
    for (const [args, stdin, code, message] of cases) {
      const result = await run('user-create.ts', args, stdin);
      expect({ args, code: result.code, stderr: result.stderr }).toEqual({ args, code, stderr: expect.stringMatching(message) });
    }
    const { rowCount } = await t.db.pool.query('SELECT 1 FROM app_user WHERE username = $1', ['cli-dispatcher']);
    expect(rowCount).toBe(0);
  });
});

describe('npm run user:password', () => {
  it('sets a new password and ends every session of the account', async () => {
    // An account of its own: the demo accounts' password is what later test files sign in with.
    const made = await run('user-create.ts', ['--username', 'cli-planner', '--role', 'planner', '--jurisdiction', '320111'], 'the first long password\n');
    expect(made.code).toBe(0);
    const old = await login('cli-planner', 'the first long password');
    expect(old.status).toBe(200);
    const { token } = (await old.json()) as { token: string };
    const before = await t.app.request('/api/v1/auth/me', { headers: { authorization: `Bearer ${token}` } });
    expect(before.status).toBe(200);

    const reset = await run('user-password.ts', ['--username', 'cli-planner'], 'a brand new password\n');
    expect(reset.stderr).toBe('');
    expect(reset.code).toBe(0);
    expect(reset.stdout).toMatch(/^password of cli-planner changed; [1-9]\d* sessions? ended/);

    // The command ran in another process: this server sees the revocation once its session cache expires.
    t.sessions.forget();
    expect((await t.app.request('/api/v1/auth/me', { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
    expect((await login('cli-planner', 'the first long password')).status).toBe(401);
    expect((await login('cli-planner', 'a brand new password')).status).toBe(200);
  });

  it('refuses an unknown account and a weak password, changing nothing', async () => {
    const unknown = await run('user-password.ts', ['--username', 'nobody-here'], 'a brand new password\n');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/no account is named nobody-here; nothing was changed/);
    const weak = await run('user-password.ts', ['--username', 'analyst'], 'short\n');
    expect(weak.code).toBe(1);
    expect(weak.stderr).toMatch(/password refused/);
    expect((await login('analyst', 'lianqin-demo')).status).toBe(200);
  });
});

describe('on the embedded database (DATA_DIR, no DATABASE_URL)', () => {
  it('creates the first administrator of an empty database, which keeps it for the next command', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lianqin-users-'));
    try {
      const env = { DATA_DIR: dir };
      const made = await run('user-create.ts', ['--username', 'first-admin', '--role', 'admin', '--jurisdiction', '320111'], 'a long first password\n', env);
      expect(made.code, made.stderr).toBe(0);
      expect(made.stdout).toMatch(/^created account first-admin \(id 1, admin in 320111\)/);
      // No network is loaded: only the first account may name a district that way.
      const second = await run('user-create.ts', ['--username', 'second-admin', '--role', 'admin', '--jurisdiction', '320111'], 'a long first password\n', env);
      expect(second.code).toBe(1);
      expect(second.stderr).toMatch(/--jurisdiction: a staff account needs the code of a division or current grid/);
      const reset = await run('user-password.ts', ['--username', 'first-admin'], 'a long second password\n', env);
      expect(reset.code, reset.stderr).toBe(0);
      expect(reset.stdout).toMatch(/^password of first-admin changed; 0 sessions ended/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
