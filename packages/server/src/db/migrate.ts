import { Migrator, type Kysely, type MigrationResult } from 'kysely';
import { migrations } from './migrations/index.js';

export interface MigrateOutcome {
  applied: string[];
  latest: string | undefined;
}

/**
 * Brings the schema to the latest version. Safe to run from several processes at once:
 * Kysely takes a lock (an advisory lock on PostgreSQL) around the run.
 */
export async function migrateToLatest(db: Kysely<any>): Promise<MigrateOutcome> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
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
