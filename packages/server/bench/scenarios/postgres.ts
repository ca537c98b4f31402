import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { DatabaseConfig } from '../../src/config/config.js';
import { createDb, ensureSchema } from '../../src/db/create-db.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { blobsRepository, type BlobRow } from '../../src/repositories/blobs.repository.js';
import { interleave, summarize, type TimedOp } from '../measure.js';
import { compare, type LimitResult, type ScenarioResult } from '../report.js';
import { BATCH_ROWS, makeRows } from './rows.js';

const PER = '1,000-row batch';

/**
 * Repository inserts on PostgreSQL in a throwaway schema (as DATABASE_SCHEMA would set it up:
 * search_path through createDb, the schema made by ensureSchema), next to a raw `pg` insert of
 * the same rows (one prepared unnest() statement per batch). The schema is dropped afterwards.
 */
export async function benchPostgres(url: string, batches: number, warmup: number): Promise<{ limit: LimitResult; scenario: ScenarioResult }> {
  const schema = `tijori_bench_${process.pid}_${randomBytes(4).toString('hex')}`;
  const config: DatabaseConfig = { kind: 'postgres', url, poolMax: 2, schema };
  await ensureSchema(config);
  const db = createDb(config);
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    await migrateToLatest(db.kysely);
    const settings = await client.query<{ name: string; setting: string }>(
      `select name, setting from pg_settings where name in ('fsync', 'synchronous_commit', 'wal_sync_method', 'server_version')`,
    );
    await client.query(
      `create table "${schema}".raw_blobs (sha256 text primary key, size_bytes bigint not null, media_type text not null, stored_at bigint not null)`,
    );
    const repo = blobsRepository(db.kysely);
    let rawRows: BlobRow[] = [];
    let repoRows: BlobRow[] = [];
    const raw: TimedOp = {
      prepare: () => void (rawRows = makeRows(BATCH_ROWS)),
      async run() {
        await client.query({
          name: 'bench-raw-insert',
          text: `insert into "${schema}".raw_blobs (sha256, size_bytes, media_type, stored_at)
                 select * from unnest($1::text[], $2::bigint[], $3::text[], $4::bigint[])`,
          values: [rawRows.map((r) => r.sha256), rawRows.map((r) => r.size_bytes), rawRows.map((r) => r.media_type), rawRows.map((r) => r.stored_at)],
        });
      },
    };
    const viaRepo: TimedOp = {
      prepare: () => void (repoRows = makeRows(BATCH_ROWS)),
      run: async () => void (await repo.insertMany(repoRows)),
    };
    const [rawSamples, repoSamples] = await interleave([raw, viaRepo], batches, warmup);

    const expected = (batches + warmup) * BATCH_ROWS;
    const rawCount = Number((await client.query<{ n: string }>(`select count(*) as n from "${schema}".raw_blobs`)).rows[0]?.n);
    const repoCount = await repo.count();
    if (rawCount !== expected || repoCount !== expected) throw new Error(`PostgreSQL row counts ${rawCount}, ${repoCount}, expected ${expected} each`);

    const server = settings.rows.map((r) => `${r.name}=${r.setting}`).join(', ');
    const limit: LimitResult = {
      id: 'pg-raw',
      label: 'postgres raw insert (pg, unnest)',
      ...summarize(rawSamples!, BATCH_ROWS, 'rows/s', PER),
      note: `${new URL(url).host}, ${server}`,
    };
    const scenario = compare('pg-repo', 'repo insertMany (PostgreSQL)', summarize(repoSamples!, BATCH_ROWS, 'rows/s', PER), limit, null);
    return { limit, scenario };
  } finally {
    await client.end().catch(() => undefined);
    await db.close().catch(() => undefined);
    await dropSchema(url, schema);
  }
}

async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    await client.query(`drop schema if exists "${schema}" cascade`);
  } catch (err) {
    process.stderr.write(`warning: could not drop PostgreSQL schema ${schema}: ${(err as Error).message}\n`);
  } finally {
    await client.end().catch(() => undefined);
  }
}
