import { createRequire } from 'node:module';
import type { Worker } from 'node:worker_threads';
import { WORKER_RESOURCE_LIMITS } from '../lib/worker-limits.js';
import { startWorkerModule } from '../lib/worker-module.js';
import type { BatchAudit, BatchReply, BatchStep } from './batch-writer.worker.js';

export type { BatchAudit, BatchStep };

/** Writes large batches on a thread of its own, beside the event loop. */
export interface BatchWriter {
  /**
   * Runs the steps in one committed transaction, with the audit entry of what they changed;
   * per step, per row: 1 if the row changed something.
   */
  run(steps: BatchStep[], audit?: BatchAudit): Promise<Uint8Array[]>;
  /**
   * Copies committed WAL frames into the database file on the writer's thread (see create-db.ts);
   * answers how many frames the WAL holds and how many of them the file now has.
   */
  checkpoint(): Promise<{ log: number; checkpointed: number }>;
  /** Whether a batch is being written or waits to be (a checkpoint would wait behind it). */
  busy(): boolean;
  close(): Promise<void>;
}

/**
 * The writer's page cache: half the server connection's, to hold down the memory a bulk job adds.
 * 16, 32 and 64 MiB measured within run-to-run noise of each other at 300k documents.
 */
const WRITER_CACHE = 'cache_size = -32768';

type Reply = BatchReply;

/**
 * A SQLite batch writer for `file`. better-sqlite3 is synchronous: a 2,000-document bulk batch
 * held the event loop for its inserts and its commit (the WAL fsync), about 100 ms a batch in
 * npm run bench. On this thread the next batch is parsed and checked meanwhile. The thread starts
 * on first use and keeps the process alive only while it has work; if it dies, the batch fails
 * with the error and the next one starts a new thread.
 */
export function createSqliteBatchWriter(file: string, pragmas: readonly string[]): BatchWriter {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  let worker: Worker | undefined;
  const pending = new Map<number | 'close', { resolve(r: Reply): void; reject(e: Error): void }>();
  let nextId = 0;

  const start = (): Worker => {
    const w = startWorkerModule(import.meta.url, './batch-writer.worker', {
      execArgv: [],
      resourceLimits: WORKER_RESOURCE_LIMITS,
      workerData: { driver, file, pragmas: [...pragmas, WRITER_CACHE] },
    });
    w.unref();
    let failure: Error | undefined;
    w.on('message', (reply: Reply) => {
      const p = pending.get(reply.id);
      pending.delete(reply.id);
      if (pending.size === 0) w.unref();
      p?.resolve(reply);
    });
    w.on('error', (err) => (failure = err));
    w.on('exit', (code) => {
      if (worker === w) worker = undefined;
      const err = Object.assign(new Error(`The database writer thread stopped (exit code ${code})${failure ? `: ${failure.message}` : ''}.`), {
        code: 'SQLITE_IOERR',
      });
      for (const p of pending.values()) p.reject(err);
      pending.clear();
    });
    return w;
  };

  const send = (id: number | 'close', steps?: BatchStep[], checkpoint?: boolean, audit?: BatchAudit): Promise<Reply> =>
    new Promise((resolve, reject) => {
      const w = (worker ??= start());
      pending.set(id, { resolve, reject });
      w.ref();
      w.postMessage({ id, steps, ...(audit ? { audit } : {}), ...(checkpoint ? { checkpoint } : {}) });
    });
  const check = (reply: Reply): Reply => {
    // The driver's error code (SQLITE_BUSY, SQLITE_FULL, a constraint…) goes on, so the
    // usual mapping to database_unavailable / storage_full applies.
    if (reply.error) throw Object.assign(new Error(reply.error.message), { code: reply.error.code });
    return reply;
  };

  return {
    async run(steps, audit) {
      return check(await send(nextId++, steps, false, audit)).changed!;
    },
    async checkpoint() {
      return check(await send(nextId++, undefined, true)).wal ?? { log: 0, checkpointed: 0 };
    },
    busy: () => pending.size > 0,
    async close() {
      if (!worker) return;
      const w = worker;
      await send('close').catch(() => undefined);
      await w.terminate();
    },
  };
}
