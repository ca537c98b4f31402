import { Migrator, PostgresAdapter, sql, type Kysely, type MigrationResult } from 'kysely';
import { migrations } from './migrations/index.js';

export interface MigrateOutcome {
  applied: string[];
  latest: string | undefined;
}

/**
 * Brings the schema to the latest version. Safe to run from several processes at once:
 * Kysely takes a lock (an advisory lock on PostgreSQL) around the run.
 *
 * On PostgreSQL the migration tables are named in the schema Tijori works in (the first on its
 * search_path, DATABASE_SCHEMA when set): left to itself, Kysely takes another schema's
 * migration tables for its own and fails ("kysely_migration_lock does not exist") in a database
 * where anything else ever ran Kysely migrations.
 */
export async function migrateToLatest(db: Kysely<any>): Promise<MigrateOutcome> {
  const migrationTableSchema = db.getExecutor().adapter instanceof PostgresAdapter ? await currentSchema(db) : undefined;
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations }, ...(migrationTableSchema ? { migrationTableSchema } : {}) });
  let { error, results } = await migrator.migrateToLatest();
  // Before it runs anything, Kysely's migrator lists the tables of every schema in the database
  // (to find its own migration tables): a schema or table that another user of the database drops
  // during that listing fails it ("schema … does not exist"), though nothing of ours is wrong.
  // Nothing ran then (no results), so it is tried again, after a pause that doubles (25 ms up to
  // 1 s), for up to 30 s: ten attempts back to back could all meet a teardown of many schemas.
  const started = Date.now();
  for (
    let pause = 25;
    error && !results && migrationTableSchema && droppedMeanwhile(error, migrationTableSchema) && Date.now() - started < DROPPED_RETRY_MS;
    pause = Math.min(pause * 2, 1_000)
  ) {
    await new Promise((resolve) => setTimeout(resolve, pause));
    ({ error, results } = await migrator.migrateToLatest());
  }
  if (error) {
    const failed = results?.find((r: MigrationResult) => r.status === 'Error');
    throw new Error(`database migration ${failed?.migrationName ?? ''} failed: ${(error as Error).message ?? String(error)}`, { cause: error });
  }
  const applied = (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  return { applied, latest: Object.keys(migrations).at(-1) };
}

/** How long a migration that met another user's dropped schema or table is tried again. */
const DROPPED_RETRY_MS = 30_000;

/** PostgreSQL's "relation/schema does not exist" about something outside our own schema. */
function droppedMeanwhile(error: unknown, ownSchema: string): boolean {
  const e = error as { code?: string; message?: string };
  if (e.code !== '42P01' && e.code !== '3F000') return false;
  const named = /(?:relation|schema) "([^"]+)"/.exec(e.message ?? '')?.[1] ?? '';
  return named !== ownSchema && !named.startsWith(`${ownSchema}.`);
}

export function latestMigration(): string {
  return Object.keys(migrations).at(-1) ?? '';
}

async function currentSchema(db: Kysely<any>): Promise<string> {
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
  const schema = rows[0]?.schema;
  if (!schema) throw new Error('PostgreSQL has no current schema: the search_path names no schema that exists. Set DATABASE_SCHEMA or fix the search_path.');
  return schema;
}
