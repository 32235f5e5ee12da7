/**
 * Sets a new password for an account and ends all its sessions (a forgotten or leaked
 * password), from the command line: the same rules as PATCH /api/v1/admin/users/:id.
 *
 *   npm run user:password -- --username NAME
 *
 * The password is typed at a prompt (no echo) or piped on stdin, never given as an argument.
 */
import { AccountError, resetPassword, username as usernameSchema } from '../api/auth/accounts.ts';
import { SessionStore } from '../api/auth/sessions.ts';
import { accountArgs, CommandError, openAccountsDatabase, readNewPassword, runCommand } from './account-cli.ts';

const USAGE = `usage: npm run user:password -- --username NAME
  the new password is read from stdin: typed at the prompt, or piped (echo … | npm run user:password -- …);
  every session of the account ends`;

function parse(): string {
  const values = accountArgs(['username'], USAGE);
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
