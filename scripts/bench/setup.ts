/** What the benchmarks share: random points inside the grids, and the API server as a separate process. */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import type pg from 'pg';
import { Random } from '../../seeds/random.ts';
import { sleep } from './report.ts';
import { createSession } from '../../api/auth/sessions.ts';
import { userByUsername, userOfRow } from '../../api/auth/users.ts';

/** An Authorization header of a session of a demo account: the benchmarks run signed in, as users do. */
export async function sessionHeader(pool: pg.Pool, username: string): Promise<{ authorization: string }> {
  const row = await userByUsername(pool, username);
  if (!row) throw new Error(`no account ${username}: load the demo data first`);
  return { authorization: `Bearer ${(await createSession(pool, userOfRow(row), 2)).token}` };
}

/** Points inside the grids: uniform in their extent, kept when a grid holds them (as real reports are). */
export async function samplePointsInGrids(pool: pg.Pool, n: number, seed: number): Promise<number[][]> {
  const { rows } = await pool.query(
    `SELECT ST_XMin(e) AS x0, ST_YMin(e) AS y0, ST_XMax(e) AS x1, ST_YMax(e) AS y1
     FROM (SELECT ST_Extent(geom) AS e FROM grid WHERE valid_to IS NULL) x`,
  );
  const { x0, y0, x1, y1 } = rows[0];
  const random = new Random(seed);
  const candidates = Array.from({ length: Math.ceil(n * 2.5) }, () => [random.range(x0, x1), random.range(y0, y1)]);
  const inside = await pool.query<{ i: number }>(
    `SELECT p.i::int FROM unnest($1::float8[], $2::float8[]) WITH ORDINALITY AS p(x, y, i)
     WHERE EXISTS (SELECT 1 FROM grid g WHERE g.valid_to IS NULL AND ST_Intersects(g.geom, ST_SetSRID(ST_MakePoint(p.x, p.y), 4326)))
     ORDER BY p.i LIMIT $3`,
    [candidates.map((c) => c[0]), candidates.map((c) => c[1]), n],
  );
  return inside.rows.map((r) => candidates[r.i - 1]);
}

/** Stops a server started by a benchmark; `cpuSeconds()` is the CPU time its process has used so far. */
export type StopServer = (() => void) & { cpuSeconds: () => number };

/** The stop function of a benchmark's server process. */
export function stopperOf(child: ChildProcess): StopServer {
  return Object.assign(() => void child.kill('SIGTERM'), { cpuSeconds: () => processCpuSeconds(child.pid!) });
}

/** CPU time (user + system) of a process of this machine so far, from /proc (Linux). */
export function processCpuSeconds(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  // utime and stime, fields 14 and 15 of stat(5), in clock ticks of 1/100 s.
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/**
 * Node's flags of the server, as `npm start` gives them (package.json). --single-threaded-gc:
 * on this 2-core machine, shared with PostgreSQL and the load generator, V8's GC helper threads
 * cost more than they save: at 5,000 lookups/s, rounds alternating, server CPU per request
 * 92–97 µs with it and 101–125 µs without, p99 11–63 ms and 58–100 ms.
 */
export const SERVER_NODE_FLAGS = ['--single-threaded-gc'];

/** Starts `api/main.ts` on the given port (same DATABASE_URL, no seeding); resolves with a stop function once healthy. */
export async function startServerProcess(port: number, env: Record<string, string> = {}): Promise<StopServer> {
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, '--import', 'tsx', 'api/main.ts'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', SEED_SCALE: 'none', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/v1/health`)).ok) {
        return stopperOf(child);
      }
    } catch {
      /* not up yet */
    }
    await sleep(500);
  }
  child.kill('SIGKILL');
  throw new Error('the API server did not start');
}
