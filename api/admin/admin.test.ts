/** Administration: credentials made and revoked, accounts disabled, the access log, and the production start's refusal of demo secrets. */
import { afterAll, describe, expect, it } from 'vitest';
import { testApp } from '../testing/app.ts';
import { demoSecretsInUse, refuseDemoSecrets } from '../auth/demo-guard.ts';

const t = testApp();
afterAll(() => t.db.close());
const admin = () => t.as('admin');
const json = (body: unknown) => ({ method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });

describe('credentials', () => {
  it('gives a new Open311 key once, takes it on POST, and refuses it once revoked', async () => {
    const made = await admin().request('/api/v1/admin/credentials', json({ kind: 'open311', name: `partner-${process.pid}` }));
    expect(made.status).toBe(201);
    const { id, secret } = (await made.json()) as { id: number; secret: string };
    expect(secret).toMatch(/^lqo_[A-Za-z0-9_-]{43}$/);
    const listed = (await (await admin().request('/api/v1/admin/credentials')).json()) as { items: Record<string, unknown>[] };
    expect(JSON.stringify(listed)).not.toContain(secret);
    const post = () => t.app.request('/open311/v2/requests.json', {
      method: 'POST', body: new URLSearchParams({ api_key: secret, service_code: '06010' }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    }, { incoming: { socket: { remoteAddress: '10.77.0.1' } } });
    expect((await post()).status).toBe(400); // accepted key, request incomplete (no location)
    expect((await admin().request(`/api/v1/admin/credentials/${id}`, { method: 'DELETE' })).status).toBe(200);
    expect((await post()).status).toBe(403);
  });

  it('refuses a tracker token where a session is expected, and an unknown bearer token outright', async () => {
    const made = (await (await admin().request('/api/v1/admin/credentials', json({ kind: 'tracker', name: `unit-${process.pid}` }))).json()) as { secret: string };
    expect((await t.app.request('/api/v1/incidents', { headers: { authorization: `Bearer ${made.secret}` } })).status).toBe(403);
    expect((await t.app.request('/api/v1/incidents', { headers: { authorization: 'Bearer lqs_forged' } })).status).toBe(401);
  });
});

describe('accounts', () => {
  it('creates a street dispatcher, ends its sessions when disabled, and refuses the demo password for it', async () => {
    const username = `dispatcher-new-${process.pid}`;
    const demo = await admin().request('/api/v1/admin/users', json({ username, displayName: '新调度员', role: 'street_dispatcher', jurisdiction: '320111001', password: 'lianqin-demo' }));
    expect(demo.status).toBe(400);
    const wrongKind = await admin().request('/api/v1/admin/users', json({ username, displayName: '新调度员', role: 'street_dispatcher', jurisdiction: '320111', password: 'a long new password' }));
    expect(wrongKind.status).toBe(400);
    const made = await admin().request('/api/v1/admin/users', json({ username, displayName: '新调度员', role: 'street_dispatcher', jurisdiction: '320111001', password: 'a long new password' }));
    expect(made.status).toBe(201);
    const { id } = (await made.json()) as { id: number };
    const login = await t.app.request('/api/v1/auth/login', json({ username, password: 'a long new password' }));
    const { token } = (await login.json()) as { token: string };
    const me = () => t.app.request('/api/v1/auth/me', { headers: { authorization: `Bearer ${token}` } });
    expect((await me()).status).toBe(200);
    const disabled = await admin().request(`/api/v1/admin/users/${id}`, { method: 'PATCH', body: JSON.stringify({ disabled: true }), headers: { 'content-type': 'application/json' } });
    expect(((await disabled.json()) as { sessionsEnded: number }).sessionsEnded).toBe(1);
    expect((await me()).status).toBe(401);
    expect((await t.app.request('/api/v1/auth/login', json({ username, password: 'a long new password' }))).status).toBe(401);
  });

  it('throttles sign-in after five failures for a username, even with the right password', async () => {
    const app = testApp();
    try {
      const attempt = (password: string) => app.app.request('/api/v1/auth/login', json({ username: 'planner', password }), { incoming: { socket: { remoteAddress: '10.77.0.9' } } });
      for (let i = 0; i < 5; i++) expect((await attempt('wrong')).status).toBe(401);
      const refused = await attempt('lianqin-demo');
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      await app.db.close();
    }
  });
});

describe('the personal-data access log', () => {
  it('records a handler’s unmasked read of a reporter, readable by administrators only', async () => {
    const { rows } = await t.db.pool.query(`SELECT id, street_code FROM incident WHERE reporter_phone IS NOT NULL AND source <> 'petition' ORDER BY id LIMIT 1`);
    const dispatcher = `dispatcher-${rows[0].street_code}`;
    expect((await t.getJson(`/api/v1/incidents/${rows[0].id}`, dispatcher)).body.reporter.phone).toMatch(/^\d{11}$/);
    const log = await t.getJson(`/api/v1/admin/personal-data-access?username=${dispatcher}&resource=incident.reporter`, 'admin');
    expect(log.body.items[0]).toMatchObject({ username: dispatcher, role: 'street_dispatcher', resource: 'incident.reporter', subject: String(rows[0].id), records: 1 });
    expect((await t.getJson('/api/v1/admin/personal-data-access', 'analyst')).status).toBe(403);
    await expect(t.db.pool.query('DELETE FROM personal_data_access')).rejects.toThrow(/append-only/);
  });
});

describe('a production start', () => {
  it('refuses the demo passwords and the demo Open311 key unless allowed', async () => {
    const inUse = await demoSecretsInUse(t.db.pool);
    expect(inUse.accounts).toBeGreaterThan(500);
    expect(inUse.keys).toBe(1);
    await expect(refuseDemoSecrets(t.db.pool, { production: true, allowDemoPasswords: false })).rejects.toThrow(/demo password/);
    await expect(refuseDemoSecrets(t.db.pool, { production: true, allowDemoPasswords: true })).resolves.toBeUndefined();
    await expect(refuseDemoSecrets(t.db.pool, { production: false, allowDemoPasswords: false })).resolves.toBeUndefined();
  });
});
