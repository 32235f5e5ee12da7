/**
 * The data a request may touch, enforced by PostgreSQL: a transaction that runs as the role
 * lianqin_app with the user's jurisdiction, department and petition right in transaction-local
 * settings, which the row-level security policies of sql/008 read. Handlers filter by the same
 * scope for speed and clear answers; the policies make sure a handler's mistake cannot show
 * another street's cases or records.
 */
import type pg from 'pg';
import { inTransaction } from '../db/transaction.ts';
import type { User } from './principal.ts';
import { CASE_HANDLERS } from './roles.ts';

export interface DataScope {
  /** Grid codes visible: those starting with this code. */
  prefix: string;
  /** Only the cases dispatched to this department. */
  department: string | null;
  /** Petition (信访) cases visible one by one. */
  petitions: boolean;
}

export function scopeOf(user: User): DataScope {
  if (!user.jurisdiction) throw new Error(`account ${user.username} has no jurisdiction and no data scope`);
  return {
    prefix: user.jurisdiction,
    // A district department sees the cases dispatched to it; a street unit (department staff
    // bound to a street: 街道执法中队) handles its street's cases, which are never dispatched by code.
    department: user.role === 'department_staff' && user.jurisdiction.length === 6 ? user.department : null,
    petitions: CASE_HANDLERS.includes(user.role),
  };
}

const CODE = /^\d{6,15}$/;
const DEPARTMENT = /^[a-z0-9_]{1,64}$/;

/** The statements that open a scoped transaction, as one round trip (values checked, then quoted). */
function openSql(scope: DataScope): string {
  if (!CODE.test(scope.prefix) || (scope.department !== null && !DEPARTMENT.test(scope.department))) {
    throw new Error(`not a data scope: ${JSON.stringify(scope)}`);
  }
  return `BEGIN; SET LOCAL ROLE lianqin_app;
    SELECT set_config('lianqin.scope', '${scope.prefix}', true), set_config('lianqin.department', '${scope.department ?? ''}', true),
           set_config('lianqin.petitions', '${scope.petitions ? 'on' : 'off'}', true)`;
}

/**
 * Runs `work` in one transaction under the scope; COMMIT on success, ROLLBACK on error. `work`
 * must use the client it is given, never the pool: with one embedded connection, asking the
 * pool for another while holding this one would wait forever.
 */
export function withScope<T>(pool: pg.Pool, scope: DataScope, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  return inTransaction(pool, work, openSql(scope));
}
