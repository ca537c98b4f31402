import { fstatSync, promises as fsp } from 'node:fs';
import { CompiledQuery, type DatabaseConnection, type Driver, type QueryResult, type TransactionSettings } from 'kysely';

/**
 * Group commit for the server's SQLite connection, off the event loop.
 *
 * better-sqlite3 runs SQLite on the event loop: with `synchronous = FULL` every COMMIT waited for
 * the disk's flush right there, holding every request in the process behind it. An open of a
 * share link (one small transaction) answered 21 a second when other processes were writing to
 * the disk, 198 with the flush taken out (npm run bench, shares). So the connection commits with
 * `synchronous = NORMAL` (SQLite writes the WAL frames to the file and returns) and the flush is
 * done here instead, on libuv's thread pool: `fdatasync` of the WAL file. A transaction is
 * answered only after a flush that began after its COMMIT has completed, so a committed
 * transaction that was reported survives power loss as it did with FULL; commits that arrive
 * while a flush runs share the next one.
 *
 * What differs from FULL: in the moment between COMMIT and the flush, another request in this
 * process can read what the transaction wrote. Anything that request then writes is ordered
 * after it in the WAL, so it is never durable without it; only a reader's answer could show
 * data that a power cut in that millisecond then takes away.
 *
 * SQLite still syncs the WAL itself before each checkpoint and the database after it (what
 * NORMAL keeps), so a checkpoint never copies frames that are not on disk.
 */
export class WalFlusher {
  #running: Promise<void> | undefined;
  #next: Promise<void> | undefined;
  /** Flushes done (for tests and metrics). */
  flushes = 0;

  readonly #walFile = new KeptOpen();
  private readonly flushFile: (path: string) => Promise<void>;

  constructor(
    private readonly databaseFile: string,
    flushFile?: (path: string) => Promise<void>,
  ) {
    this.flushFile = flushFile ?? ((path) => (path.endsWith('-wal') ? this.#walFile.datasync(path) : fdatasyncFile(path)));
  }

  /** Closes the WAL file kept open for flushes (after the last commit). */
  async close(): Promise<void> {
    await this.#running?.catch(() => undefined);
    await this.#walFile.close();
  }

  /** Resolves once everything this connection committed before the call is on disk. */
  flush(): Promise<void> {
    if (!this.#running) return this.#start();
    // The flush under way may have begun before the caller's commit reached the file.
    this.#next ??= this.#running.then(this.#afterRunning, this.#afterRunning);
    return this.#next;
  }

  #afterRunning = (): Promise<void> => {
    this.#next = undefined;
    return this.#running ?? this.#start();
  };

  #start(): Promise<void> {
    const run = this.#flushWal().finally(() => {
      if (this.#running === run) this.#running = undefined;
    });
    this.#running = run;
    return run;
  }

  async #flushWal(): Promise<void> {
    try {
      await this.flushFile(`${this.databaseFile}-wal`);
    } catch (err) {
      // No WAL file: everything is in the database file (SQLite removes the WAL only when the
      // last connection closes, after a checkpoint that synced it).
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      await this.flushFile(this.databaseFile);
    }
    this.flushes++;
  }
}

/**
 * The WAL file, opened once and flushed through the same descriptor: an open and a close per flush
 * were two more trips to the thread pool and back for every commit. SQLite keeps the WAL file (the
 * same inode: a checkpoint rewinds or truncates it, never replaces it) while any connection to the
 * database is open, and this process's connection is open as long as the flusher is used; should
 * the file have been unlinked all the same (link count 0), it is opened again by name.
 */
export class KeptOpen {
  #handle: Promise<fsp.FileHandle> | undefined;

  async datasync(path: string): Promise<void> {
    let handle = await this.#open(path);
    if (fstatSync(handle.fd).nlink === 0) {
      this.#handle = undefined;
      await handle.close().catch(() => undefined);
      handle = await this.#open(path);
    }
    await handle.datasync();
  }

  #open(path: string): Promise<fsp.FileHandle> {
    const opening = (this.#handle ??= fsp.open(path, 'r'));
    // A failed open (no WAL file yet) is not kept: the next flush tries again.
    opening.catch(() => {
      if (this.#handle === opening) this.#handle = undefined;
    });
    return opening;
  }

  /** The descriptor flushes go through now, if open (for tests). */
  async fd(): Promise<number | undefined> {
    return (await this.#handle?.catch(() => undefined))?.fd;
  }

  async close(): Promise<void> {
    const handle = this.#handle;
    this.#handle = undefined;
    await (await handle?.catch(() => undefined))?.close();
  }
}

async function fdatasyncFile(path: string): Promise<void> {
  const handle = await fsp.open(path, 'r');
  try {
    await handle.datasync();
  } finally {
    await handle.close();
  }
}

/**
 * Wraps Kysely's SQLite driver (one connection, one mutex):
 * - transactions begin IMMEDIATE: they take the write lock up front (waiting up to busy_timeout)
 *   instead of on their first write. Another connection to the file (the batch writer's thread,
 *   another TIJORI_WORKERS process) may commit between a deferred transaction's first read and
 *   its first write, and SQLite then fails the write at once with SQLITE_BUSY_SNAPSHOT;
 * - after COMMIT the connection goes back to the next caller at once and the committing caller
 *   waits for the WAL flush (WalFlusher), so transactions committed meanwhile share it;
 * - a write outside a transaction is answered after a flush too, the connection given back first.
 */
export class DurableSqliteDriver implements Driver {
  constructor(
    private readonly inner: Driver,
    private readonly flusher: WalFlusher,
    /** Whether a statement writes (better-sqlite3's `Statement.readonly`, from its statement cache). */
    private readonly writes: (sql: string) => boolean,
  ) {}

  init(): Promise<void> {
    return this.inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    return new Lease(await this.inner.acquireConnection(), this.writes);
  }

  async beginTransaction(connection: DatabaseConnection, _settings: TransactionSettings): Promise<void> {
    const lease = connection as Lease;
    await lease.connection.executeQuery(CompiledQuery.raw('begin immediate'));
    lease.inTransaction = true;
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const lease = connection as Lease;
    await lease.connection.executeQuery(CompiledQuery.raw('commit'));
    lease.inTransaction = false;
    await this.releaseConnection(lease);
    await this.flusher.flush();
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const lease = connection as Lease;
    // Kysely rolls back when the commit fails, the flush included: after COMMIT the connection
    // may already be another caller's, whose transaction this must not touch.
    if (lease.released) return;
    lease.inTransaction = false;
    await this.inner.rollbackTransaction(lease.connection);
  }

  async savepoint(connection: DatabaseConnection, name: string, compile: Parameters<NonNullable<Driver['savepoint']>>[2]): Promise<void> {
    await this.inner.savepoint!((connection as Lease).connection, name, compile);
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string, compile: Parameters<NonNullable<Driver['savepoint']>>[2]): Promise<void> {
    await this.inner.rollbackToSavepoint!((connection as Lease).connection, name, compile);
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string, compile: Parameters<NonNullable<Driver['savepoint']>>[2]): Promise<void> {
    await this.inner.releaseSavepoint!((connection as Lease).connection, name, compile);
  }

  /**
   * Each lease gives the connection back once (after a commit it already has). A write made
   * outside a transaction is answered after a flush, like a commit: the connection goes back
   * first, so the next caller need not wait for the disk and writes made meanwhile share it.
   */
  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    const lease = connection as Lease;
    if (lease.released) return;
    lease.released = true;
    await this.inner.releaseConnection(lease.connection);
    if (lease.wrote) await this.flusher.flush();
  }

  destroy(): Promise<void> {
    return this.inner.destroy();
  }
}

/** One caller's hold of the connection, from acquire to release. */
class Lease implements DatabaseConnection {
  inTransaction = false;
  released = false;

  constructor(
    readonly connection: DatabaseConnection,
    private readonly writes: (sql: string) => boolean,
  ) {}

  /** A write outside a transaction: its caller is answered after a flush, once the lease is released. */
  wrote = false;

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.connection.executeQuery<R>(query);
    if (!this.inTransaction && this.writes(query.sql)) this.wrote = true;
    return result;
  }

  streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.connection.streamQuery<R>(query, chunkSize);
  }
}
