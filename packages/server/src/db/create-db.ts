import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { CompiledQuery, Kysely, PostgresDialect, SqliteDialect, sql, type Driver, type LogEvent, type SqliteDialectConfig } from 'kysely';
import pg from 'pg';
import type { DatabaseConfig } from '../config/config.js';
import { createSqliteBatchWriter, type BatchWriter } from './batch-writer.js';
import { DurableSqliteDriver, WalFlusher } from './durable-commits.js';
import type { Database } from './schema.js';
import { dbQueryDuration, queryKind, watchPool } from '../metrics/metrics.js';

/** Every query's latency into the process's metrics (Kysely times it). */
function recordQuery(event: LogEvent): void {
  dbQueryDuration.observe({ kind: queryKind(event.query.sql), outcome: event.level === 'error' ? 'error' : 'ok' }, event.queryDurationMillis / 1000);
}

export type Dialect = 'sqlite' | 'postgres';

export interface Db {
  kysely: Kysely<Database>;
  dialect: Dialect;
  /** SQLite on a file: large batches are written on a thread of their own (batch-writer.ts). */
  batchWriter?: BatchWriter;
  /** Answers quickly whether the database serves queries; throws if not. */
  ping(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

// int8 (bigint) columns hold epoch milliseconds and sizes, well inside 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export interface CreateDbOptions {
  /** Called when an idle PostgreSQL connection fails; the pool replaces it by itself. */
  onBackgroundError?: (err: Error) => void;
  /** SQLite on a file: how the WAL is flushed after a commit (tests hold it back to watch the order). */
  flushFile?: (path: string) => Promise<void>;
  /** SQLite on a file: how long a log gets a checkpoint with the connection held (LONG_LOG_FRAMES; tests set it lower). */
  longLogFrames?: number;
}

export function createDb(config: DatabaseConfig, options: CreateDbOptions = {}): Db {
  return config.kind === 'sqlite' ? createSqlite(config.file, options) : createPostgres(config, options);
}

/** Every SQLite connection's settings (the server's and its batch writer's). */
const SQLITE_PRAGMAS = [
  // WAL for concurrent readers.
  'journal_mode = WAL',
  'foreign_keys = ON',
  'busy_timeout = 5000',
  // 64 MiB of page cache instead of SQLite's 2 MiB default: with a million documents the
  // indexes an insert or a listing touches no longer fit in 2 MiB (measured in npm run bench).
  'cache_size = -65536',
];

function createSqlite(file: string, options: CreateDbOptions): Db {
  if (file !== ':memory:') {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    // Residents' personal data: readable by this user only. SQLite gives the -wal and -shm
    // files the database file's permissions. (An existing file keeps the ones it has.)
    try {
      fs.closeSync(fs.openSync(file, 'wx', 0o600));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  const database = new BetterSqlite3(file);
  for (const pragma of SQLITE_PRAGMAS) database.pragma(pragma);
  const cached = withStatementCache(database);
  // A committed transaction survives power loss: on a file, the WAL is flushed after COMMIT off
  // the event loop (durable-commits.ts), so SQLite itself need not; in memory there is no disk.
  database.pragma(file === ':memory:' ? 'synchronous = FULL' : 'synchronous = NORMAL');
  const flusher = file === ':memory:' ? undefined : new WalFlusher(file, options.flushFile);
  const writes = (source: string) => !cached.prepare(source).readonly;
  const kysely = new Kysely<Database>({ dialect: new DurableSqliteDialect({ database: cached }, flusher, writes), log: recordQuery });
  // The batch writer's thread may block on the disk: it keeps SQLite's own flush at each commit.
  const batchWriter = file === ':memory:' ? undefined : createSqliteBatchWriter(file, [...SQLITE_PRAGMAS, 'synchronous = FULL']);
  const checkpoints = flusher && batchWriter ? checkpointOffTheLoop(database, flusher, batchWriter, kysely, options) : undefined;
  return {
    kysely,
    dialect: 'sqlite',
    ...(batchWriter ? { batchWriter } : {}),
    async ping() {
      await sql`select 1`.execute(kysely);
    },
    async close() {
      clearInterval(checkpoints);
      await batchWriter?.close();
      await kysely.destroy();
      await flusher?.close();
    },
  };
}

/** How often committed WAL frames are copied into the database file, when there were commits. */
const CHECKPOINT_EVERY_MS = 1_000;
/**
 * A log this long (64 MiB of 4 KiB pages) gets the held checkpoint below, which makes every
 * request wait for it (mostly a flush of the database file: 88–174 ms with 100 MB/s being
 * committed): at most once a second, and only under a steady stream of commits.
 */
const LONG_LOG_FRAMES = 16_384;
/** At most this many passes before the held one; a pass shorter than SHORT_PASS_MS ends them. */
const CATCH_UP_PASSES = 4;
const SHORT_PASS_MS = 10;

/**
 * SQLite's automatic checkpoint runs inside the COMMIT that crosses 1,000 WAL pages: on the
 * server's connection that is on the event loop, copying pages and flushing the WAL and the
 * database file while every request waits. So the server's connection checkpoints never, and
 * once a second, when something was committed, the batch writer's thread runs a PASSIVE
 * checkpoint (it waits for no reader or writer). The writer's own bulk commits keep SQLite's
 * automatic checkpoints, on its own thread. A log that a steady stream of commits keeps from
 * starting over gets one more pass, with this connection held (below).
 */
function checkpointOffTheLoop(
  database: BetterSqlite3.Database,
  flusher: WalFlusher,
  writer: BatchWriter,
  kysely: Kysely<Database>,
  options: CreateDbOptions,
): NodeJS.Timeout {
  database.pragma('wal_autocheckpoint = 0');
  let seen = flusher.flushes;
  let running = false;
  const checkpoint = async () => {
    const wal = await writer.checkpoint();
    // Commits made while it copied are only in the log, so the log cannot start over; under a
    // steady stream of commits it never would: it grew to 6.2 GB while 1,000,000 share links
    // were inserted, and every COMMIT gets slower the longer the log is (a bulk revocation's
    // chunks: from 17 ms to 229 ms; docs/benchmarks.md).
    // (`log` counts the frames the checkpoint saw at its start, not those committed during it.)
    // So a long log has the rest copied while this process's connection is held: no commit comes
    // in between, and the next one writes the log from its start. Not while a batch is being
    // written: the checkpoint would wait for it, and every request with it.
    if (wal.log < (options.longLogFrames ?? LONG_LOG_FRAMES) || writer.busy()) return;
    // First catch up without holding it, while a pass still finds much to copy (each copies what
    // was committed during the one before), so that the held pass is short.
    for (let pass = 0; pass < CATCH_UP_PASSES; pass++) {
      const started = performance.now();
      await writer.checkpoint();
      if (performance.now() - started < SHORT_PASS_MS) break;
    }
    if (writer.busy()) return;
    await kysely.connection().execute(async () => {
      await writer.checkpoint();
    });
  };
  const timer = setInterval(() => {
    if (running || flusher.flushes === seen) return;
    seen = flusher.flushes;
    running = true;
    checkpoint()
      .catch((err: Error) => options.onBackgroundError?.(err))
      .finally(() => (running = false));
  }, CHECKPOINT_EVERY_MS);
  timer.unref();
  return timer;
}

/** Kysely's SQLite dialect with the driver of durable-commits.ts (and IMMEDIATE transactions). */
class DurableSqliteDialect extends SqliteDialect {
  constructor(
    config: SqliteDialectConfig,
    private readonly flusher: WalFlusher | undefined,
    private readonly writes: (sql: string) => boolean,
  ) {
    super(config);
  }

  override createDriver(): Driver {
    const driver = super.createDriver();
    if (this.flusher) return new DurableSqliteDriver(driver, this.flusher, this.writes);
    driver.beginTransaction = async (connection) => {
      await connection.executeQuery(CompiledQuery.raw('begin immediate'));
    };
    return driver;
  }
}

/** How many distinct SQL texts keep a prepared statement; far above what the code sends. */
const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely prepares every query it runs; parsing the SQL again each time was the largest single
 * cost of a verification request (npm run bench). The same SQL text gets the same prepared
 * statement back; one still in use by an unfinished iterate() is never handed out twice.
 */
function withStatementCache(database: BetterSqlite3.Database): BetterSqlite3.Database {
  const cache = new Map<string, BetterSqlite3.Statement>();
  const prepare = database.prepare.bind(database);
  return new Proxy(database, {
    get(target, prop, receiver) {
      if (prop !== 'prepare') {
        const value = Reflect.get(target, prop, receiver) as unknown;
        // Native methods must run on the database itself, not on the proxy.
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      }
      return (source: string) => {
        const hit = cache.get(source);
        if (hit && !hit.busy) return hit;
        const stmt = prepare(source);
        if (!hit) {
          if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
          cache.set(source, stmt);
        }
        return stmt;
      };
    },
  });
}

function createPostgres(config: Extract<DatabaseConfig, { kind: 'postgres' }>, options: CreateDbOptions): Db {
  const pool = new pg.Pool({
    connectionString: config.url,
    max: config.poolMax,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    ...(config.schema ? { options: `-c search_path=${config.schema}` } : {}),
  });
  // Without a listener an idle client's error (server restart, network cut) kills the process.
  pool.on('error', (err) => options.onBackgroundError?.(err));
  // A client that is checked out when its socket dies emits 'error' on itself, not on the pool;
  // its current query fails on its own, so the listener only has to keep the process alive.
  pool.on('connect', (client) => client.on('error', (err) => options.onBackgroundError?.(err)));
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log: recordQuery });
  const unwatch = watchPool(pool, config.poolMax);
  return {
    kysely,
    dialect: 'postgres',
    async ping(timeoutMs = 2_000) {
      await withTimeout(sql`select 1`.execute(kysely), timeoutMs, 'database ping timed out');
    },
    close: async () => {
      unwatch();
      await kysely.destroy();
    },
  };
}

export async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(message)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Creates the configured PostgreSQL schema if it is missing (before migrations run). */
export async function ensureSchema(config: DatabaseConfig): Promise<void> {
  if (config.kind !== 'postgres' || !config.schema) return;
  const client = new pg.Client({ connectionString: config.url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    await client.query(`create schema if not exists "${config.schema}"`);
  } finally {
    await client.end();
  }
}
