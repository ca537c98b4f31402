import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { createDb } from '../../src/db/create-db.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { blobsRepository, type BlobRow } from '../../src/repositories/blobs.repository.js';
import { interleave, summarize, type TimedOp } from '../measure.js';
import { compare, type LimitResult, type ScenarioResult } from '../report.js';
import { BATCH_ROWS, makeRows } from './rows.js';

const PER = '1,000-row batch';

/** The limit: better-sqlite3 directly, WAL + synchronous=FULL, one prepared INSERT, one transaction per batch. */
function rawSqliteOp(file: string): TimedOp & { close(): number } {
  const db = new BetterSqlite3(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('create table blobs (sha256 text primary key, size_bytes bigint not null, media_type text not null, stored_at bigint not null)');
  const insert = db.prepare('insert into blobs (sha256, size_bytes, media_type, stored_at) values (?, ?, ?, ?)');
  const insertBatch = db.transaction((batch: readonly BlobRow[]) => {
    for (const r of batch) insert.run(r.sha256, r.size_bytes, r.media_type, r.stored_at);
  });
  let rows: BlobRow[] = [];
  return {
    prepare: () => void (rows = makeRows(BATCH_ROWS)),
    run: async () => void insertBatch(rows),
    close() {
      const { n } = db.prepare('select count(*) as n from blobs').get() as { n: number };
      db.close();
      return n;
    },
  };
}

/** The scenario: blobsRepository.insertMany on a database made by createDb + migrateToLatest. */
async function repoSqliteOp(file: string): Promise<TimedOp & { close(): Promise<number> }> {
  const db = createDb({ kind: 'sqlite', file });
  await migrateToLatest(db.kysely);
  const repo = blobsRepository(db.kysely);
  let rows: BlobRow[] = [];
  return {
    prepare: () => void (rows = makeRows(BATCH_ROWS)),
    run: async () => void (await repo.insertMany(rows)),
    async close() {
      const n = await repo.count();
      await db.close();
      return n;
    },
  };
}

export async function benchSqlite(dir: string, batches: number, warmup: number, target: number): Promise<{ limit: LimitResult; scenario: ScenarioResult }> {
  const raw = rawSqliteOp(path.join(dir, 'raw.sqlite'));
  const repo = await repoSqliteOp(path.join(dir, 'repo.sqlite'));
  let samples: number[][];
  try {
    samples = await interleave([raw, repo], batches, warmup);
  } catch (err) {
    raw.close();
    await repo.close().catch(() => 0);
    throw err;
  }
  // Every row must have landed: a fast number for work not done is worse than none.
  const expected = (batches + warmup) * BATCH_ROWS;
  const counts = [raw.close(), await repo.close()];
  if (counts.some((n) => n !== expected)) throw new Error(`SQLite row counts ${counts.join(', ')}, expected ${expected} each`);
  const limit: LimitResult = { id: 'sqlite-raw', label: 'sqlite raw insert (better-sqlite3)', ...summarize(samples[0]!, BATCH_ROWS, 'rows/s', PER) };
  const scenario = compare('sqlite-repo', 'repo insertMany (SQLite)', summarize(samples[1]!, BATCH_ROWS, 'rows/s', PER), limit, target);
  return { limit, scenario };
}
