/** Liveness and what the server runs on; also the public client configuration. */
import { access, ANYONE } from '../auth/access.ts';
import { Hono } from 'hono';
import type { AppDeps } from '../context.ts';

export function healthRoutes({ db, config }: AppDeps) {
  return new Hono()
    .get('/health', access(ANYONE), async (c) => {
      const { rows } = await db.pool.query<{ postgis: string; postgres: string }>(
        `SELECT postgis_lib_version() AS postgis, current_setting('server_version') AS postgres`,
      );
      return c.json({ status: 'ok' as const, database: db.kind, postgis: rows[0].postgis, postgres: rows[0].postgres }, 200);
    })
    .get('/config', access(ANYONE), (c) => c.json({ basemapStyleUrl: config.basemapStyleUrl ?? null }, 200));
}

/** The routes of /health and /config, for typed clients. */
export type HealthRoutes = ReturnType<typeof healthRoutes>;
