/**
 * Creates an account from the command line: the first administrator of a database without
 * the demo (SEED_SCALE=none, production), or any account when no administrator can sign in.
 * The same rules as POST /api/v1/admin/users (api/auth/accounts.ts).
 *
 *   npm run user:create -- --username NAME --role ROLE --jurisdiction CODE [--department CODE] [--display-name TEXT]
 *
 * The password is typed at a prompt (no echo) or piped on stdin, never given as an argument.
 */
import { z } from 'zod';
import { AccountError, createAccount, newAccount } from '../api/auth/accounts.ts';
import { ROLES } from '../api/auth/roles.ts';
import { accountArgs, CommandError, openAccountsDatabase, readNewPassword, runCommand } from './account-cli.ts';

const USAGE = `usage: npm run user:create -- --username NAME --role ROLE --jurisdiction CODE [--department CODE] [--display-name TEXT]
  --role          ${ROLES.join(', ')}
  --jurisdiction  division or grid code (district 6 digits, street 9, community 12, grid 15); not for citizens
  --department    department code, for department_staff only
  the password is read from stdin: typed at the prompt, or piped (echo … | npm run user:create -- …)`;

function parse() {
  const values = accountArgs(['username', 'role', 'jurisdiction', 'department', 'display-name'], USAGE);
  if (!values.username || !values.role) throw new CommandError('--username and --role are required', 2);
  return values;
}

async function main(): Promise<string> {
  const args = parse();
  const fields = newAccount.omit({ password: true }).safeParse({
    username: args.username,
    displayName: args['display-name'] ?? args.username,
    role: args.role,
    jurisdiction: args.jurisdiction,
    department: args.department,
  });
  if (!fields.success) throw new CommandError(fields.error.issues.map((i) => `--${String(i.path[0] ?? '') === 'displayName' ? 'display-name' : String(i.path[0] ?? '')}: ${i.message}`).join('; '), 2);
  const password = await readNewPassword();
  const input: z.infer<typeof newAccount> = { ...fields.data, password };
  const db = await openAccountsDatabase();
  try {
    const anyone = await db.pool.query('SELECT 1 FROM app_user LIMIT 1');
    const user = await createAccount(db.pool, input, { firstAdmin: !anyone.rowCount }).catch((error: unknown) => {
      if (!(error instanceof AccountError)) throw error;
      if (error.kind === 'jurisdiction') throw new CommandError(`--jurisdiction: ${error.message} (${input.jurisdiction ?? 'none given'} is not one)`);
      throw new CommandError(error.kind === 'taken' ? `${error.message}; nothing was changed (reset its password with npm run user:password)` : error.message);
    });
    const where = user.jurisdiction ? ` in ${user.jurisdiction}` : '';
    return `created account ${user.username} (id ${user.id}, ${user.role}${where}${user.department ? `, department ${user.department}` : ''})`;
  } finally {
    await db.close();
  }
}

runCommand('user:create', USAGE, main);
