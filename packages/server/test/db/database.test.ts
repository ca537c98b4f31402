import fs from 'node:fs/promises';
import Sqlite from 'better-sqlite3';
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../src/db/create-db.js';
import { isUniqueViolation } from '../../src/db/db-errors.js';
import { latestMigration, migrateToLatest } from '../../src/db/migrate.js';
import { blobsRepository } from '../../src/repositories/blobs.repository.js';
import { DIALECTS, freshDatabase, TEST_POSTGRES_URL, useFreshDb } from '../support/dialects.js';
import { tempDir } from '../support/test-app.js';

const sha = (n: number) => n.toString(16).padStart(64, '0');

for (const dialect of DIALECTS) {
  describe(`database layer [${dialect}]`, () => {
    const fresh = useFreshDb(dialect);
    let db: Db;
    beforeAll(() => {
      db = fresh.db;
    });

    it('migrates an empty database, and a second run changes nothing', async () => {
      const first = await migrateToLatest(db.kysely);
      expect(first.applied).toContain(latestMigration());
      const second = await migrateToLatest(db.kysely);
      expect(second.applied).toEqual([]);
    });

    if (dialect === 'postgres') {
      it('migrates its own schema when another schema in the database already holds migration tables', async () => {
        // `db` (migrated above) is the other schema; a second, empty one must still migrate.
        const otherDir = await tempDir();
        const other = await freshDatabase(dialect, otherDir);
        const second = createDb(other.config);
        try {
          const outcome = await migrateToLatest(second.kysely);
          expect(outcome.applied).toContain(latestMigration());
          expect(await blobsRepository(second.kysely).count()).toBe(0);
        } finally {
          await second.close();
          await other.drop();
          await fs.rm(otherDir, { recursive: true, force: true });
        }
      });
    }

    if (dialect === 'postgres') {
      it('migrates while another deployment in the same database drops its schemas', async () => {
        // Kysely's migrator lists the tables of every schema in the database; a schema dropped
        // between that listing's catalog read and its per-table look-ups failed the migration
        // with "relation … does not exist" (seen in CI, two suites sharing one database).
        // The other deployment: 100 schemas of a few tables each, dropped one after another.
        const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
        await admin.connect();
        const others = Array.from({ length: 100 }, (_, i) => `other_${process.pid}_${i}`);
        for (const schema of others) {
          await admin.query(`create schema "${schema}"`);
          for (const table of ['a', 'b', 'c', 'd']) await admin.query(`create table "${schema}"."${table}" (id serial primary key, name text, at bigint)`);
        }
        const dropping = others.map((schema) => ({ drop: () => admin.query(`drop schema "${schema}" cascade`).then(() => undefined) }));
        let dropped = 0;
        const dropAll = (async () => {
          for (const other of dropping) {
            await other.drop();
            dropped++;
          }
        })();
        const migrated: string[] = [];
        try {
          while (dropped < dropping.length) {
            const dir = await tempDir();
            const mine = await freshDatabase(dialect, dir);
            const db = createDb(mine.config);
            try {
              migrated.push(...(await migrateToLatest(db.kysely)).applied.slice(-1));
            } finally {
              await db.close();
              await mine.drop();
              await fs.rm(dir, { recursive: true, force: true });
            }
          }
        } finally {
          await dropAll;
          await admin.end();
        }
        expect(migrated.length).toBeGreaterThan(0);
        expect(new Set(migrated)).toEqual(new Set([latestMigration()]));
      });
    }

    it('stores and reads rows through the repository, with 64-bit numbers as numbers', async () => {
      const repo = blobsRepository(db.kysely);
      const big = 10_000_000_000_000; // beyond 32 bits, as epoch milliseconds are
      await repo.insertMany([
        { sha256: sha(1), size_bytes: 5_000_000_000, media_type: 'application/pdf', stored_at: big },
        { sha256: sha(2), size_bytes: 2, media_type: 'image/png', stored_at: big + 1 },
      ]);
      expect(await repo.find(sha(1))).toEqual({ sha256: sha(1), size_bytes: 5_000_000_000, media_type: 'application/pdf', stored_at: big });
      expect(await repo.count()).toBe(2);
    });

    it('inserts large batches across statement boundaries and ignores already-recorded blobs', async () => {
      const repo = blobsRepository(db.kysely);
      const rows = Array.from({ length: 2_500 }, (_, i) => ({ sha256: sha(1_000 + i), size_bytes: i, media_type: 'application/pdf', stored_at: i }));
      await repo.insertMany(rows);
      await repo.insertMany(rows.slice(0, 10)); // again: no error, no duplicates
      expect(await repo.count()).toBe(2 + 2_500);
      expect(await repo.remove(sha(1_000))).toBe(true);
      expect(await repo.remove(sha(1_000))).toBe(false);
    });

    it('recognises a unique violation the same way on both dialects', async () => {
      const err = await db.kysely
        .insertInto('blobs')
        .values({ sha256: sha(2), size_bytes: 1, media_type: 'x', stored_at: 1 })
        .execute()
        .catch((e: unknown) => e);
      expect(isUniqueViolation(err)).toBe(true);
      expect(isUniqueViolation(new Error('other'))).toBe(false);
    });
  });
}

describe('SQLite durability settings', () => {
  it('lets a transaction read then write while the batch writer thread commits beside it', async () => {
    const dir = await tempDir();
    const db = createDb({ kind: 'sqlite', file: `${dir}/x.db` });
    await migrateToLatest(db.kysely);
    const repo = blobsRepository(db.kysely);
    let other: Promise<unknown> | undefined;
    await db.kysely.transaction().execute(async (trx) => {
      expect(await blobsRepository(trx).count()).toBe(0);
      // The write lock is held from BEGIN, before any write: another connection that will not
      // wait is refused at once. So nothing can commit between this read and the write below.
      const probe = new Sqlite(`${dir}/x.db`, { timeout: 0 });
      try {
        expect(() => probe.exec('begin immediate')).toThrow(/locked|busy/i);
      } finally {
        probe.close();
      }
      // The writer thread asks to commit while this transaction is open: it waits for it.
      other = db.batchWriter!.run([
        { sql: 'insert into blobs (sha256, size_bytes, media_type, stored_at) values (?, ?, ?, ?)', rows: [[sha(9001), 1, 'x', 1]] },
      ]);
      other.catch(() => undefined);
      await blobsRepository(trx).insertMany([{ sha256: sha(9002), size_bytes: 2, media_type: 'x', stored_at: 2 }]);
    });
    // The writer's commit waited for this transaction instead of invalidating what it had read.
    await other;
    expect(await repo.count()).toBe(2);
    await db.close();
    await fs.rm(dir, { recursive: true, force: true });
  });
});
