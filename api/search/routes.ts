/** GET /search?q= : the map's search box. */
import { access, ANYONE } from '../auth/access.ts';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps } from '../context.ts';
import { validQuery } from '../http/validate.ts';
import { searchNetwork } from './queries.ts';

const searchQuery = z.object({
  q: z.string({ error: 'q is required' }).trim().min(1, 'q must not be empty').max(50, 'q is at most 50 characters'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export function searchRoutes({ db }: AppDeps) {
  return new Hono().get('/search', access(ANYONE), validQuery(searchQuery), async (c) => {
    const { q, limit } = c.req.valid('query');
    return c.json({ items: await searchNetwork(db.pool, q, limit) }, 200);
  });
}

/** The routes of /search, for typed clients. */
export type SearchRoutes = ReturnType<typeof searchRoutes>;
