/** The filters the case layers take: creation time, category, source and status, as the case list takes them. */
import { z } from 'zod';
import { commaList, instant, listQuery } from '../../incidents/schema.ts';
import { SOURCES, STATUSES } from '../../incidents/model.ts';

export const incidentFilters = z.object({
  from: instant.optional(),
  to: instant.optional(),
  category: listQuery.shape.category,
  source: commaList(SOURCES, 'source').optional(),
  status: commaList(STATUSES, 'status').optional(),
}).strict().refine((q) => !q.from || !q.to || q.from < q.to, { message: 'from must be before to', path: ['from'] });

export type IncidentFilters = z.infer<typeof incidentFilters>;
