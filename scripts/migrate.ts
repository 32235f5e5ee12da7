/**
 * Applies the pending migrations (sql/) to the configured database (DATABASE_URL, else the
 * embedded one under DATA_DIR), without loading any data: `npm run migrate`.
 */
import { config } from '../api/config.ts';
import { openDatabase } from '../api/db/database.ts';
import { migrate } from '../api/db/migrate.ts';

const db = await openDatabase(config, (message) => console.log(message));
try {
  const applied = await migrate(db.pool);
  console.log(applied.length ? `applied ${applied.join(', ')}` : 'nothing to apply: the database is up to date');
} finally {
  await db.close();
}
