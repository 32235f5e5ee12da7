/**
 * Kysely as the typed query builder. It only compiles: every query runs on the client or pool
 * the caller holds (a scoped transaction's client, api/auth/scope.ts), so row-level security and
 * transactions work as for any other statement, on both databases. Use `sql` from kysely for
 * what PostGIS needs; never build SQL text by hand from filters.
 */
import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type Compilable,
  type InferResult,
} from 'kysely';
import type { Queryable } from './database.ts';
import type { Tables } from './tables.ts';

/** Builds queries over the tables of `tables.ts`; run them with `rows`, `first` or `execute`. */
export const qb = new Kysely<Tables>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

type Row<Q extends Compilable> = InferResult<Q> extends (infer R)[] ? R : InferResult<Q>;

/** Runs a built query on `db` and returns its rows, typed by the query. */
export async function rows<Q extends Compilable>(db: Queryable, query: Q): Promise<Row<Q>[]> {
  const { sql, parameters } = query.compile();
  const result = await db.query(sql, parameters as unknown[]);
  return result.rows as Row<Q>[];
}

/** The first row of a built query, or undefined. */
export async function first<Q extends Compilable>(db: Queryable, query: Q): Promise<Row<Q> | undefined> {
  return (await rows(db, query))[0];
}

/** Runs a built statement and returns how many rows it touched. */
export async function execute(db: Queryable, query: Compilable): Promise<number> {
  const { sql, parameters } = query.compile();
  const result = await db.query(sql, parameters as unknown[]);
  return result.rowCount ?? 0;
}
