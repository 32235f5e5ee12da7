/**
 * Sets a new password for an account and ends all its sessions (a forgotten or leaked
 * password), from the command line: the same rules as PATCH /api/v1/admin/users/:id.
 *
 *   npm run user:password -- --username NAME
 *
 * The password is typed at a prompt (no echo) or piped on stdin, never given as an argument.
 */
import { parseArgs } from 'node:util';
import { AccountError, resetPassword, username as usernameSchema } from '../api/auth/accounts.ts';
import { SessionStore } from '../api/auth/sessions.ts';
import { CommandError, openAccountsDatabase, readNewPassword, runCommand } from './account-cli.ts';

const USAGE = `usage: npm run user:password -- --username NAME
  the new password is read from stdin: typed at the prompt, or piped (echo … | npm run user:password -- …);
  every session of the account ends`;

function parse(): string {
  let values;
  try {
    ({ values } = parseArgs({ options: { username: { type: 'string' }, password: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }));
  } catch (error) {
    throw new CommandError((error as Error).message, 2);
  }
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  if (values.password !== undefined) throw new CommandError('--password is not accepted: the command line is visible to others; pipe the password on stdin', 2);
  const name = usernameSchema.safeParse(values.username ?? '');
  if (!name.success) throw new CommandError(`--username: ${values.username === undefined ? 'required' : name.error.issues[0].message}`, 2);
  return name.data;
}

async function main(): Promise<string> {
  const name = parse();
  const password = await readNewPassword();
  const db = await openAccountsDatabase();
  try {
    const id = await resetPassword(db.pool, name, password).catch((error: unknown) => {
      throw error instanceof AccountError ? new CommandError(`${error.message}; nothing was changed`) : error;
    });
    const ended = await new SessionStore(db.pool).revokeAllOf(id);
    return `password of ${name} changed; ${ended} session${ended === 1 ? '' : 's'} ended`;
  } finally {
    await db.close();
  }
}

runCommand('user:password', USAGE, main);
