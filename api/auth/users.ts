/** SQL of accounts: read by username or id, create, list, disable. */
import type pg from 'pg';
import type { User } from './principal.ts';
import type { Role } from './roles.ts';

export interface UserRow {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  jurisdiction: string | null;
  department_code: string | null;
  password_hash: string;
  demo: boolean;
  disabled_at: Date | null;
  created_at: Date;
}

export const userOfRow = (row: Pick<UserRow, 'id' | 'username' | 'display_name' | 'role' | 'jurisdiction' | 'department_code'>): User => ({
  id: Number(row.id),
  username: row.username,
  displayName: row.display_name,
  role: row.role,
  jurisdiction: row.jurisdiction,
  department: row.department_code,
});

export async function userByUsername(db: pg.Pool, username: string): Promise<UserRow | null> {
  const { rows } = await db.query<UserRow>('SELECT * FROM app_user WHERE username = $1', [username]);
  return rows[0] ?? null;
}

export interface NewUser {
  username: string;
  displayName: string;
  role: Role;
  jurisdiction: string | null;
  department: string | null;
  passwordHash: string;
  demo?: boolean;
}

export async function insertUser(db: pg.Pool | pg.PoolClient, user: NewUser): Promise<User> {
  const { rows } = await db.query<UserRow>(
    `INSERT INTO app_user (username, display_name, role, jurisdiction, department_code, password_hash, demo)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
    [user.username, user.displayName, user.role, user.jurisdiction, user.department, user.passwordHash, user.demo ?? false],
  );
  return userOfRow(rows[0]);
}

export interface UserListing extends User {
  demo: boolean;
  disabled: boolean;
  createdAt: string;
}

export async function listUsers(db: pg.Pool, filter: { role?: Role; q?: string }, limit: number, offset: number): Promise<UserListing[]> {
  const { rows } = await db.query<UserRow>(
    `SELECT * FROM app_user
     WHERE ($1::text IS NULL OR role = $1) AND ($2::text IS NULL OR username LIKE '%' || $2 || '%' OR display_name LIKE '%' || $2 || '%')
     ORDER BY username LIMIT $3 OFFSET $4`,
    [filter.role ?? null, filter.q ?? null, limit, offset],
  );
  return rows.map((row) => ({ ...userOfRow(row), demo: row.demo, disabled: row.disabled_at !== null, createdAt: row.created_at.toISOString() }));
}

/** Disables an account (or enables it again); false when there is no such account. */
export async function setDisabled(db: pg.Pool, id: number, disabled: boolean): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE app_user SET disabled_at = CASE WHEN $2 THEN coalesce(disabled_at, now()) END WHERE id = $1`,
    [id, disabled],
  );
  return rowCount === 1;
}

export async function setPasswordHash(db: pg.Pool, id: number, hash: string): Promise<boolean> {
  const { rowCount } = await db.query('UPDATE app_user SET password_hash = $2, demo = false WHERE id = $1', [id, hash]);
  return rowCount === 1;
}

/** The distinct password hashes of active demo accounts (the seed gives them all one). */
export async function demoPasswordHashes(db: pg.Pool): Promise<string[]> {
  const { rows } = await db.query<{ password_hash: string }>(
    'SELECT DISTINCT password_hash FROM app_user WHERE demo AND disabled_at IS NULL',
  );
  return rows.map((r) => r.password_hash);
}
