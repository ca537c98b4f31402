import { ConfigError } from '../config/config.js';
import { loadConfig } from '../config/load-config.js';
import { createDb, ensureSchema } from '../db/create-db.js';
import { migrateToLatest } from '../db/migrate.js';

/** `npm run migrate`: applies pending migrations to the configured database and exits. */
try {
  const config = loadConfig();
  await ensureSchema(config.database);
  const db = createDb(config.database);
  try {
    const { applied, latest } = await migrateToLatest(db.kysely);
    process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : `already at ${latest}\n`);
  } finally {
    await db.close();
  }
} catch (err) {
  process.stderr.write(err instanceof ConfigError ? `${err.message}\n` : `migration failed: ${(err as Error).message}\n`);
  process.exit(1);
}
