import type { Dialect } from '../../src/db/create-db.js';
import { freshDatabase } from './dialects.js';

/**
 * Environment for a server started in its own process (SDK, CLI tests) on a fresh database of
 * the given dialect: nothing for SQLite (the default file in the data folder), a new schema
 * for PostgreSQL. Call `drop` after the server has stopped.
 */
export async function serverDatabaseEnv(dialect: Dialect, dir: string): Promise<{ env: Record<string, string>; drop(): Promise<void> }> {
  const database = await freshDatabase(dialect, dir);
  if (database.config.kind !== 'postgres') return { env: {}, drop: database.drop };
  return { env: { DATABASE_URL: database.config.url, DATABASE_SCHEMA: database.config.schema ?? 'public' }, drop: database.drop };
}
