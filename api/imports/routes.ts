/**
 * Imports over HTTP. The file is the raw request body (not multipart), streamed, so a 2 GB
 * file never sits in memory:
 *   POST /imports?category=&format=&encoding=&srid=&mapping=&filename=   create and run; 201 at the end
 *   POST /imports/jobs?…   create only (201, status pending), then
 *   PUT  /imports/{id}/data   upload: the id exists before the upload ends, so a UI can poll
 *   GET  /imports, /imports/{id}, /imports/{id}/rejections.csv
 * Bad parameters are answered 400 before the body is read; a body that is not the declared
 * format fails the job and is answered 400 with the job's id.
 */
import { access, rule } from '../auth/access.ts';
import { recordUnmaskedRead } from '../auth/audit.ts';
import { userOf } from '../auth/principal.ts';
import { RECORD_WRITERS } from '../auth/roles.ts';
import { Readable } from 'node:stream';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { AppDeps } from '../context.ts';
import { byteStream } from '../entities/stream.ts';
import { badRequest, HttpProblem, notFound } from '../http/problem.ts';
import { parseWith } from '../http/validate.ts';
import type { GridIndex } from '../lookup/grid-index.ts';
import { ImportAbortedError, ImportInputError } from './errors.ts';
import { claimJob, getJob, listJobs, rejections, type ImportJob } from './jobs.ts';
import { createImport, runImport } from './pipeline.ts';
import { importParams, inferFormat, type ImportOptions } from './schema.ts';
import { importSummary, jobPath } from './summary.ts';
import { maskRejection, rejectionsCsv } from './rejections.ts';

const FIRST_REJECTIONS = 20;
const importId = z.coerce.number().int().positive('an import id is a positive integer').max(2 ** 31 - 1);
const listQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) });

/** The options of a new job from the query string and headers; 400 when they are wrong. */
function optionsFrom(c: Context): ImportOptions {
  const user = userOf(c);
  const params = parseWith(importParams, c.req.query(), 'query');
  const format = inferFormat(params.format, params.filename, c.req.header('content-type'));
  if (!format) {
    throw badRequest('invalid query: format: give format=csv|ndjson|geojson (or a filename ending in .csv, .ndjson or .geojson)', {
      errors: [{ field: 'format', message: 'missing' }],
    });
  }
  const { encoding, category, srid, mapping = {}, filename } = params;
  return { format, encoding, category, srid, mapping, filename, bytesTotal: contentLength(c), origin: 'api', createdBy: user?.id ?? null };
}

function contentLength(c: Context): number | undefined {
  const length = Number(c.req.header('content-length'));
  return Number.isFinite(length) && length > 0 ? length : undefined;
}

function jobOptions(job: ImportJob, c: Context): ImportOptions {
  return {
    format: job.format, encoding: job.encoding as ImportOptions['encoding'], category: job.category ?? undefined,
    srid: job.srid as ImportOptions['srid'], mapping: job.mapping, filename: job.filename ?? undefined,
    bytesTotal: contentLength(c) ?? job.bytesTotal ?? undefined, origin: job.origin, createdBy: job.createdBy,
  };
}

function body(c: Context): AsyncIterable<Uint8Array> {
  const stream = c.req.raw.body;
  return stream ? Readable.fromWeb(stream as import('node:stream/web').ReadableStream<Uint8Array>) : Readable.from([]);
}

/** Input errors become 400 problems that carry the job (its status as jobStatus: `status` is the HTTP status), so the client can fetch its report. */
function asProblem(error: unknown, id: number): unknown {
  if (error instanceof ImportInputError || error instanceof ImportAbortedError) {
    return badRequest(`import ${id} failed: ${error.message}`, { importId: id, jobStatus: 'failed', job: jobPath(id) });
  }
  return error;
}

const WRITERS = access(rule(...RECORD_WRITERS));

export function importRoutes(deps: AppDeps & { gridIndex: GridIndex }) {
  const { pool } = deps.db;
  const run = async (c: Context, job: ImportJob, options: ImportOptions) => {
    try {
      const done = await runImport(deps, job, body(c), options);
      return importSummary(done, await rejections(pool, done.id, FIRST_REJECTIONS));
    } catch (error) {
      throw asProblem(error, job.id);
    }
  };
  const create = async (c: Context) => {
    const options = optionsFrom(c);
    try {
      return { job: await createImport(pool, options), options };
    } catch (error) {
      if (error instanceof ImportInputError) throw badRequest(`invalid query: category: ${error.message}`, { errors: [{ field: 'category', message: error.message }] });
      throw error;
    }
  };

  return new Hono()
    .post('/imports', WRITERS, async (c) => {
      const { job, options } = await create(c);
      const summary = await run(c, job, options);
      return c.json(summary, 201, { location: jobPath(job.id) });
    })
    .post('/imports/jobs', WRITERS, async (c) => {
      const { job } = await create(c);
      return c.json(importSummary(job), 201, { location: jobPath(job.id) });
    })
    .put('/imports/:id/data', WRITERS, async (c) => {
      const id = parseWith(importId, c.req.param('id'), 'path');
      const job = await getJob(pool, id);
      if (!job) throw notFound(`no import has id ${id}`);
      if (job.status !== 'pending' || !(await claimJob(pool, id))) {
        throw new HttpProblem(409, 'Conflict', `import ${id} is ${job.status}: data can be sent once, to a pending import; create a new one`);
      }
      return c.json(await run(c, { ...job, status: 'receiving' }, jobOptions(job, c)), 200);
    })
    .get('/imports', WRITERS, async (c) => {
      const { limit } = parseWith(listQuery, c.req.query(), 'query');
      return c.json({ imports: (await listJobs(pool, limit)).map((job) => importSummary(job)) });
    })
    .get('/imports/:id', WRITERS, async (c) => {
      const id = parseWith(importId, c.req.param('id'), 'path');
      const job = await getJob(pool, id);
      if (!job) throw notFound(`no import has id ${id}`);
      // While the job runs it is answered from memory alone: on the embedded database a query
      // would wait for the merge transaction, or interleave with the job's statements.
      const active = job.status === 'receiving' || job.status === 'merging';
      const own = job.createdBy === userOf(c)!.id;
      const first = (active ? [] : await rejections(pool, id, FIRST_REJECTIONS)).map((r) => (own ? r : maskRejection(r)));
      return c.json(importSummary(job, first));
    })
    .get('/imports/:id/rejections.csv', WRITERS, async (c) => {
      const id = parseWith(importId, c.req.param('id'), 'path');
      const job = await getJob(pool, id);
      if (!job) throw notFound(`no import has id ${id}`);
      // Rejected rows as sent go back only to whoever sent them; anyone else reads them masked.
      const user = userOf(c)!;
      const own = job.createdBy === user.id;
      if (own) await recordUnmaskedRead(pool, user, 'import.rejections', String(id), job.rowsRejected);
      return c.body(byteStream(rejectionsCsv(pool, id, { masked: !own })), 200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="import-${id}-rejections.csv"`,
      });
    });
}
