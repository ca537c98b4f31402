import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import type { DatabaseConfig } from '../../src/config/config.js';
import { createDb, type Db, type Dialect } from '../../src/db/create-db.js';
import { migrateToLatest } from '../../src/db/migrate.js';

/**
 * Which databases the suite runs on: TEST_DIALECTS=sqlite,postgres (default sqlite).
 * PostgreSQL tests fail, never skip, when the server cannot be reached.
 */
export const DIALECTS: readonly Dialect[] = (process.env.TEST_DIALECTS ?? 'sqlite')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean)
  .map((s) => {
    if (s !== 'sqlite' && s !== 'postgres') throw new Error(`TEST_DIALECTS: unknown dialect "${s}" (use sqlite, postgres)`);
    return s;
  });

export const TEST_POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  config: DatabaseConfig;
  drop(): Promise<void>;
}

/** A fresh, empty database: a SQLite file in `dir`, or a new PostgreSQL schema. */
export async function freshDatabase(dialect: Dialect, dir: string): Promise<TestDatabase> {
  if (dialect === 'sqlite') {
    return { config: { kind: 'sqlite', file: `${dir}/test.db` }, drop: async () => undefined };
  }
  const schema = `t_${process.pid}_${randomBytes(5).toString('hex')}`;
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
  } catch (err) {
    throw new Error(
      `PostgreSQL is not reachable at ${TEST_POSTGRES_URL} (${(err as Error).message}). ` +
        'Start it (pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start) or set TEST_DATABASE_URL.',
    );
  }
  await client.query(`create schema "${schema}"`);
  await client.end();
  return {
    config: { kind: 'postgres', url: TEST_POSTGRES_URL, poolMax: 5, schema },
    async drop() {
      const c = new pg.Client({ connectionString: TEST_POSTGRES_URL });
      await c.connect();
      await c.query(`drop schema if exists "${schema}" cascade`);
      await c.end();
    },
  };
}

/**
 * A fresh database for one describe block, opened before its tests and dropped after them;
 * `migrate` brings it to the latest schema first. Read `.db` inside the tests.
 */
export function useFreshDb(dialect: Dialect, options: { migrate?: boolean } = {}): { readonly db: Db } {
  let dir: string | undefined;
  let database: TestDatabase | undefined;
  let db: Db | undefined;
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tijori-db-'));
    database = await freshDatabase(dialect, dir);
    db = createDb(database.config);
    if (options.migrate) await migrateToLatest(db.kysely);
  });
  afterAll(async () => {
    await db?.close();
    await database?.drop();
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });
  return {
    get db() {
      if (!db) throw new Error('useFreshDb: the database is opened in beforeAll; read .db inside a test');
      return db;
    },
  };
}
