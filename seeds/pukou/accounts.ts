/**
 * The demo accounts (README): one per role and jurisdiction kind, all with the password
 * `lianqin-demo` — admin, commander, analyst, planner, a dispatcher and a handling unit per
 * street, a worker per grid, one account per department — and the demo Open311 key. A production start refuses
 * them (api/auth/demo-guard.ts). The password is hashed once: every demo account shares it.
 */
import type pg from 'pg';
import { createCredential } from '../../api/auth/credentials.ts';
import { DEMO_PASSWORD, hashPassword } from '../../api/auth/password.ts';
import type { Role } from '../../api/auth/roles.ts';

/** The public Open311 api_key of the demo. */
export const OPEN311_DEMO_API_KEY = 'lianqin-open311-demo';

interface DemoAccount {
  username: string;
  display_name: string;
  role: Role;
  jurisdiction: string;
  department_code: string | null;
}

/** Every demo account, from the loaded network and departments. */
export async function demoAccounts(db: pg.Pool | pg.PoolClient): Promise<DemoAccount[]> {
  const district = await db.query<{ code: string; name: string }>(`SELECT code, name FROM division WHERE level = 'district' ORDER BY code LIMIT 1`);
  const streets = await db.query<{ code: string; name: string }>(`SELECT code, name FROM division WHERE level = 'street' ORDER BY code`);
  const grids = await db.query<{ code: string; name: string }>(`SELECT code, name FROM grid WHERE valid_to IS NULL ORDER BY code`);
  const departments = await db.query<{ code: string; name_zh: string }>('SELECT code, name_zh FROM department ORDER BY code');
  const d = district.rows[0];
  const account = (username: string, display_name: string, role: Role, jurisdiction = d.code, department_code: string | null = null) =>
    ({ username, display_name, role, jurisdiction, department_code });
  return [
    account('admin', '系统管理员', 'admin'),
    account('commander', `${d.name}联勤指挥中心`, 'district_commander'),
    account('analyst', '数据分析员', 'analyst'),
    account('planner', '网格规划员', 'planner'),
    ...streets.rows.map((s) => account(`dispatcher-${s.code}`, `${s.name}指挥分中心`, 'street_dispatcher', s.code)),
    ...grids.rows.map((g) => account(`worker-${g.code}`, `${g.name}网格员`, 'grid_worker', g.code)),
    // The street's own handling unit (街道综合执法中队), who take street-level cases.
    ...streets.rows.map((s) => account(`unit-${s.code}`, `${s.name}综合执法中队`, 'department_staff', s.code, 'law_enforcement')),
    ...departments.rows.map((dep) => account(`dept-${dep.code}`, dep.name_zh, 'department_staff', d.code, dep.code)),
  ];
}

/** Inserts the demo accounts and the demo Open311 key (into a database that has none of them). */
export async function loadDemoAccounts(db: pg.Pool): Promise<number> {
  const accounts = await demoAccounts(db);
  const hash = await hashPassword(DEMO_PASSWORD);
  await db.query(
    `INSERT INTO app_user (username, display_name, role, jurisdiction, department_code, password_hash, demo)
     SELECT a.username, a.display_name, a.role, a.jurisdiction, a.department_code, $2, true
     FROM jsonb_to_recordset($1::jsonb) AS a(username text, display_name text, role text, jurisdiction text, department_code text)
     ON CONFLICT (username) DO NOTHING`,
    [JSON.stringify(accounts), hash],
  );
  await db.query(`DELETE FROM api_credential WHERE demo`);
  await createCredential(db, 'open311', 'demo', null, OPEN311_DEMO_API_KEY, true);
  return accounts.length;
}
