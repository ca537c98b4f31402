import fs from 'node:fs/promises';
import Sqlite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createDb, type Db } from '../../src/db/create-db.js';
import { KeptOpen } from '../../src/db/durable-commits.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { blobsRepository } from '../../src/repositories/blobs.repository.js';
import { tempDir } from '../support/test-app.js';

const sha = (n: number) => n.toString(16).padStart(64, '0');
const blob = (n: number) => ({ sha256: sha(n), size_bytes: n, media_type: 'x', stored_at: n });

/** A WAL flush the test lets finish when it chooses; each call is recorded with what was committed by then. */
function heldFlushes(file: string) {
  const calls: { committedAtStart: number; release: () => void }[] = [];
  const reader = new Sqlite(file, { readonly: true });
  const committed = () => (reader.prepare('select count(*) as n from blobs').get() as { n: number }).n;
  const flushFile = (path: string) => {
    expect(path).toBe(`${file}-wal`);
    return new Promise<void>((resolve) => calls.push({ committedAtStart: committed(), release: resolve }));
  };
  return { calls, flushFile, committed, close: () => reader.close() };
}

/** Settles pending callbacks (the flush is asked for after the COMMIT's promise chain). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('SQLite commits: durable before they are answered, and flushed off the event loop in groups', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  async function open(): Promise<{ db: Db; file: string; held: ReturnType<typeof heldFlushes> }> {
    const dir = await tempDir();
    const file = `${dir}/x.db`;
    const setup = createDb({ kind: 'sqlite', file });
    await migrateToLatest(setup.kysely);
    await setup.close();
    const held = heldFlushes(file);
    const db = createDb({ kind: 'sqlite', file }, { flushFile: held.flushFile });
    cleanups.push(async () => {
      for (const c of held.calls) c.release();
      await db.close();
      held.close();
      await fs.rm(dir, { recursive: true, force: true });
    });
    return { db, file, held };
  }

  it('answers a transaction only after a flush of the WAL that began after its COMMIT', async () => {
    const { db, held } = await open();
    let answered = false;
    const done = db.kysely
      .transaction()
      .execute((trx) => blobsRepository(trx).insertMany([blob(1)]))
      .then(() => (answered = true));
    await settle();
    // Committed (another connection reads it) and the flush began after that, but not answered.
    expect(held.committed()).toBe(1);
    expect(held.calls).toHaveLength(1);
    expect(held.calls[0]!.committedAtStart).toBe(1);
    expect(answered).toBe(false);
    // The connection is free meanwhile: a read is not held behind the flush.
    expect(await blobsRepository(db.kysely).count()).toBe(1);
    held.calls[0]!.release();
    await done;
    expect(answered).toBe(true);
  });

  it('makes commits that arrive during a flush wait for the next one, and share it', async () => {
    const { db, held } = await open();
    const first = db.kysely.transaction().execute((trx) => blobsRepository(trx).insertMany([blob(1)]));
    await settle();
    expect(held.calls).toHaveLength(1);
    // Twenty transactions commit while the first flush is still running.
    const answered: number[] = [];
    const rest = Array.from({ length: 20 }, (_, i) =>
      db.kysely
        .transaction()
        .execute((trx) => blobsRepository(trx).insertMany([blob(i + 2)]))
        .then(() => answered.push(i)),
    );
    await settle();
    expect(held.committed()).toBe(21);
    // The running flush began before they committed: it must not answer them.
    held.calls[0]!.release();
    await first;
    await settle();
    expect(answered).toEqual([]);
    // One flush for all twenty, begun after all of them committed.
    expect(held.calls).toHaveLength(2);
    expect(held.calls[1]!.committedAtStart).toBe(21);
    held.calls[1]!.release();
    await Promise.all(rest);
    expect(answered).toHaveLength(20);
    expect(held.calls).toHaveLength(2);
  });

  it('answers a write outside a transaction after a flush, and a read without one', async () => {
    const { db, held } = await open();
    expect(await blobsRepository(db.kysely).count()).toBe(0);
    expect(held.calls).toHaveLength(0);
    let answered = false;
    const insert = blobsRepository(db.kysely)
      .insertMany([blob(7)])
      .then(() => (answered = true));
    await settle();
    expect(held.calls).toHaveLength(1);
    expect(held.calls[0]!.committedAtStart).toBe(1);
    expect(answered).toBe(false);
    // The connection is free meanwhile: a read is not held behind the flush.
    expect(await blobsRepository(db.kysely).count()).toBe(1);
    held.calls[0]!.release();
    await insert;
    expect(answered).toBe(true);
  });

  it('fails a commit it could not make durable instead of answering it, and the next commit still works', async () => {
    const dir = await tempDir();
    const file = `${dir}/x.db`;
    let fail = false;
    const db = createDb(
      { kind: 'sqlite', file },
      {
        flushFile: async () => {
          if (fail) throw Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' });
        },
      },
    );
    cleanups.push(async () => {
      await db.close();
      await fs.rm(dir, { recursive: true, force: true });
    });
    await migrateToLatest(db.kysely);
    fail = true;
    await expect(db.kysely.transaction().execute((trx) => blobsRepository(trx).insertMany([blob(3)]))).rejects.toThrow(/EIO/);
    await expect(blobsRepository(db.kysely).insertMany([blob(4)])).rejects.toThrow(/EIO/);
    fail = false;
    await db.kysely.transaction().execute((trx) => blobsRepository(trx).insertMany([blob(5)]));
    expect(await blobsRepository(db.kysely).count()).toBe(3);
  });

  it('flushes the real WAL file on the server connection, which commits with synchronous=NORMAL, opening it once', async () => {
    const dir = await tempDir();
    const file = `${dir}/x.db`;
    const { promises } = await import('node:fs');
    const opened: string[] = [];
    const realOpen = promises.open.bind(promises);
    vi.spyOn(promises, 'open').mockImplementation(async (path, ...rest) => {
      opened.push(String(path));
      return realOpen(path, ...rest);
    });
    const db = createDb({ kind: 'sqlite', file });
    cleanups.push(async () => {
      vi.restoreAllMocks();
      await db.close();
      await fs.rm(dir, { recursive: true, force: true });
    });
    await migrateToLatest(db.kysely);
    for (let n = 5; n < 15; n++) await db.kysely.transaction().execute((trx) => blobsRepository(trx).insertMany([blob(n)]));
    // Every commit was flushed through the one descriptor opened for the first.
    expect(opened.filter((p) => p === `${file}-wal`)).toHaveLength(1);
    const sync = await sql<{ synchronous: number }>`pragma synchronous`.execute(db.kysely);
    expect(sync.rows[0]?.synchronous).toBe(1); // NORMAL: the flush above replaces SQLite's own
    const mode = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(db.kysely);
    expect(mode.rows[0]?.journal_mode).toBe('wal');
  });

  it("copies committed pages into the database file within seconds, never inside a request's COMMIT", async () => {
    const dir = await tempDir();
    const file = `${dir}/x.db`;
    const db = createDb({ kind: 'sqlite', file });
    cleanups.push(async () => {
      await db.close();
      await fs.rm(dir, { recursive: true, force: true });
    });
    await migrateToLatest(db.kysely);
    const auto = await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(db.kysely);
    expect(auto.rows[0]?.wal_autocheckpoint).toBe(0);
    // Far past SQLite's 1,000-page automatic checkpoint: none of these commits copies pages.
    for (let i = 0; i < 300; i++) await blobsRepository(db.kysely).insertMany([{ ...blob(10_000 + i), media_type: 'x'.repeat(2000) }]);
    // The database file alone (without its WAL) holds them once the writer's thread has checkpointed.
    const alone = async () => {
      const copy = `${dir}/copy-${Date.now()}.db`;
      await fs.copyFile(file, copy);
      const reader = new Sqlite(copy, { readonly: true });
      try {
        return (reader.prepare('select count(*) as n from blobs').get() as { n: number }).n;
      } catch {
        return -1; // the file alone does not have the table yet
      } finally {
        reader.close();
      }
    };
    await expect.poll(alone, { timeout: 10_000, interval: 250 }).toBe(300);
  });

  it('lets the log start over about once a second under a steady stream of commits, instead of letting it grow', async () => {
    const dir = await tempDir();
    const file = `${dir}/x.db`;
    // A log of 200 frames (800 KB) counts as long here, so that a slow machine gets there too; the server's threshold is 64 MB.
    const db = createDb({ kind: 'sqlite', file }, { longLogFrames: 200 });
    cleanups.push(async () => {
      await db.close();
      await fs.rm(dir, { recursive: true, force: true });
    });
    await migrateToLatest(db.kysely);
    // SQLite changes the first salt in the log's header each time the log starts over from its first frame.
    const salt = async () => {
      const header = Buffer.alloc(4);
      const wal = await fs.open(`${file}-wal`, 'r');
      try {
        await wal.read(header, 0, 4, 16);
      } finally {
        await wal.close();
      }
      return header.readUInt32BE(0);
    };
    const salts = new Set<number>();
    let n = 0;
    const until = Date.now() + 4_000;
    while (Date.now() < until) {
      // One commit after another, with no pause for the background checkpoint to find.
      const rows = Array.from({ length: 50 }, () => ({ ...blob(100_000 + n++), media_type: 'x'.repeat(1000) }));
      await blobsRepository(db.kysely).insertMany(rows);
      salts.add(await salt());
    }
    expect(n).toBeGreaterThan(5_000);
    // Without the held checkpoint the log never starts over while the commits go on: one salt.
    expect(salts.size, `the log started over ${salts.size - 1} times in 4 s`).toBeGreaterThanOrEqual(3);
  });
});

describe('the WAL file kept open for flushes', () => {
  it('flushes through one descriptor, opens the file again by name once it was unlinked, and waits for a file that is not there yet', async () => {
    const dir = await tempDir();
    const path = `${dir}/x.db-wal`;
    const kept = new KeptOpen();
    try {
      await expect(kept.datasync(path)).rejects.toMatchObject({ code: 'ENOENT' });
      expect(await kept.fd()).toBeUndefined();
      await fs.writeFile(path, 'first');
      await kept.datasync(path);
      const first = await kept.fd();
      await kept.datasync(path);
      expect(await kept.fd()).toBe(first);
      const inode = async () => (await fs.stat(path)).ino;
      const held = async () => (await fs.stat(`/proc/self/fd/${await kept.fd()}`)).ino;
      expect(await held()).toBe(await inode());
      // Replaced under the same name: the kept descriptor names a file with no link left.
      await fs.rm(path);
      await fs.writeFile(path, 'second');
      await kept.datasync(path);
      expect(await held()).toBe(await inode());
    } finally {
      await kept.close();
    }
    expect(await kept.fd()).toBeUndefined();
  });
});
