/** GET /search?q= : the map's search box. */
import { access, ANYONE } from '../auth/access.ts';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps } from '../context.ts';
import { parseWith } from '../http/validate.ts';
import { searchNetwork } from './queries.ts';

const searchQuery = z.object({
  q: z.string({ error: 'q is required' }).trim().min(1, 'q must not be empty').max(50, 'q is at most 50 characters'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export function searchRoutes({ db }: AppDeps) {
  return new Hono().get('/search', access(ANYONE), async (c) => {
    const { q, limit } = parseWith(searchQuery, c.req.query(), 'query');
    return c.json({ items: await searchNetwork(db.pool, q, limit) });
  });
}
