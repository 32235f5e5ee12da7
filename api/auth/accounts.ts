/**
 * Creating an account and resetting its password: the rules shared by the administrators'
 * routes (api/admin/routes.ts) and the command line (scripts/user-create.ts,
 * scripts/user-password.ts), so that an account made either way passes the same checks.
 */
import { z } from 'zod';
import type pg from 'pg';
import { jurisdictionExists } from './jurisdiction.ts';
import { hashPassword, passwordProblem } from './password.ts';
import type { User } from './principal.ts';
import { ROLES, type Role } from './roles.ts';
import { insertUser, setPasswordHash, userByUsername } from './users.ts';

export const password = z.string().max(200).superRefine((value, ctx) => {
  const problem = passwordProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

export const username = z.string().trim().toLowerCase().regex(/^[a-z0-9][a-z0-9._-]{2,63}$/, 'a username is 3–64 letters, digits, ".", "_" or "-"');

export const newAccount = z.object({
  username,
  displayName: z.string().trim().min(1).max(100),
  role: z.enum(ROLES),
  jurisdiction: z.string().regex(/^\d{6}(\d{3}){0,3}$/, 'a jurisdiction is a district, street, community or grid code').optional(),
  department: z.string().regex(/^[a-z0-9_]{1,64}$/).optional(),
  password,
});
export type NewAccount = z.infer<typeof newAccount>;

/** Why an account could not be made or changed; routes and the command line word it for their users. */
export class AccountError extends Error {
  constructor(
    readonly kind: 'taken' | 'jurisdiction' | 'constraint' | 'unknown-user',
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

async function anyDivision(pool: pg.Pool): Promise<boolean> {
  return ((await pool.query('SELECT 1 FROM division LIMIT 1')).rowCount ?? 0) > 0;
}

/**
 * Makes an account from input already parsed by `newAccount`. A staff account's jurisdiction
 * must be a division or current grid; the one exception is the first administrator of a
 * database with no network loaded yet (`firstAdmin`), who may be given a district code so
 * that they can load it.
 */
export async function createAccount(pool: pg.Pool, input: NewAccount, options: { firstAdmin?: boolean } = {}): Promise<User> {
  // Said first, so a repeated command is told the name is taken; the unique key still decides.
  if (await userByUsername(pool, input.username)) throw new AccountError('taken', `the username ${input.username} is taken`, 'username');
  const jurisdiction = input.role === 'citizen' ? null : (input.jurisdiction ?? null);
  if (input.role !== 'citizen') {
    const known = jurisdiction !== null && (await jurisdictionExists(pool, jurisdiction));
    const beforeNetwork = options.firstAdmin && input.role === 'admin' && jurisdiction?.length === 6 && !(await anyDivision(pool));
    if (!known && !beforeNetwork) {
      throw new AccountError('jurisdiction', 'a staff account needs the code of a division or current grid', 'jurisdiction');
    }
  }
  return insertUser(pool, {
    username: input.username,
    displayName: input.displayName,
    role: input.role as Role,
    jurisdiction,
    department: input.role === 'department_staff' ? (input.department ?? null) : null,
    passwordHash: await hashPassword(input.password),
  }).catch((error: { code?: string; constraint?: string }) => {
    if (error.code === '23505') throw new AccountError('taken', `the username ${input.username} is taken`, 'username');
    // Role and jurisdiction kind, department of department staff: checked by the table.
    if (error.code === '23514' || error.code === '23503') {
      throw new AccountError('constraint', `this role does not fit the jurisdiction or department given (${error.constraint ?? 'check'})`);
    }
    throw error;
  });
}

/** Sets a new password by username (the caller ends the account's sessions); the account's id. */
export async function resetPassword(pool: pg.Pool, name: string, newPassword: string): Promise<number> {
  const row = await userByUsername(pool, name);
  if (!row) throw new AccountError('unknown-user', `no account is named ${name}`, 'username');
  await setPasswordHash(pool, Number(row.id), await hashPassword(newPassword));
  return Number(row.id);
}
