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
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r: MigrationResult) => r.status === 'Error');
    throw new Error(`database migration ${failed?.migrationName ?? ''} failed: ${(error as Error).message ?? String(error)}`, { cause: error });
  }
  const applied = (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  return { applied, latest: Object.keys(migrations).at(-1) };
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
