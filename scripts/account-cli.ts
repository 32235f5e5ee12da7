/**
 * What the account commands (user-create.ts, user-password.ts) share: the database of the
 * configuration (DATABASE_URL, else the embedded one under DATA_DIR, migrated first so a new
 * database works), and a password read from stdin — never from the command line, where it
 * would stay in the shell history and show in `ps`.
 */
import readline from 'node:readline';
import { parseArgs } from 'node:util';
import { Writable } from 'node:stream';
import { config } from '../api/config.ts';
import { openDatabase, type Database } from '../api/db/database.ts';
import { migrate } from '../api/db/migrate.ts';
import { passwordProblem } from '../api/auth/password.ts';

/** A failure to report to the person at the terminal, without a stack trace. */
export class CommandError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
  }
}

/**
 * The command's string flags. --help prints `usage` and exits; --password and unknown flags
 * are refused (exit code 2): a password on the command line would be seen by others.
 */
export function accountArgs<K extends string>(names: readonly K[], usage: string): Partial<Record<K, string>> {
  const flags = Object.fromEntries(names.map((name) => [name, { type: 'string' as const }]));
  let values;
  try {
    ({ values } = parseArgs({ options: { ...flags, password: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }));
  } catch (error) {
    throw new CommandError((error as Error).message, 2);
  }
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  if (values.password !== undefined) throw new CommandError('--password is not accepted: the command line is visible to others; pipe the password on stdin', 2);
  return values as Partial<Record<K, string>>;
}

export async function openAccountsDatabase(): Promise<Database> {
  // The embedded database is one process's files: a running server must be stopped first.
  const db = await openDatabase(config, (message) => console.error(message));
  await migrate(db.pool);
  return db;
}

function ask(prompt: string): Promise<string> {
  // Echo off: the prompt is written, what is typed is not.
  let muted = false;
  const output = new Writable({
    write(chunk, _encoding, done) {
      if (!muted) process.stderr.write(chunk);
      done();
    },
  });
  const rl = readline.createInterface({ input: process.stdin, output, terminal: true });
  return new Promise((resolve) => {
    rl.question(prompt, (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
    muted = true;
  });
}

async function readPiped(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  // The first line: `echo secret | npm run …` and a file with a final newline both work.
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0];
}

/** The new password: prompted twice without echo at a terminal, else the first line of stdin; checked against the password rules. */
export async function readNewPassword(): Promise<string> {
  let password: string;
  if (process.stdin.isTTY) {
    password = await ask('new password: ');
    if ((await ask('again: ')) !== password) throw new CommandError('the two passwords differ; nothing was changed');
  } else {
    password = await readPiped();
  }
  if (!password) throw new CommandError('no password given: type it at the prompt or pipe it on stdin');
  const problem = passwordProblem(password);
  if (problem) throw new CommandError(`password refused: ${problem}`);
  return password;
}

/** Runs a command: a CommandError is printed with the command's name and ends with its exit code. */
export function runCommand(name: string, usage: string, main: () => Promise<string>): void {
  main().then(
    (message) => {
      console.log(message);
      process.exit(0);
    },
    (error: unknown) => {
      if (error instanceof CommandError) {
        console.error(`${name}: ${error.message}${error.exitCode === 2 ? `\n${usage}` : ''}`);
        process.exit(error.exitCode);
      }
      console.error(`${name}: failed:`, error);
      process.exit(1);
    },
  );
}
