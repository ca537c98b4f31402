import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { WORKER_RESOURCE_LIMITS } from '../lib/worker-limits.js';
import { AppError } from '../lib/errors.js';
import { ids } from '../lib/ids.js';
import type { MasterKey } from '../crypto/master-key.js';
import { wrapParameters } from './envelope.js';
import type { WriterReply, WriterRequest } from './blob-writer.worker.js';
import { startWorkerModule } from '../lib/worker-module.js';

/**
 * Plaintext handed to a put's thread per message; a put's first batch is smaller, so the thread
 * starts sooner. Every message wakes a thread, and on a machine with as many busy threads as
 * cores each wake-up can take the core from the thread that sent it (npm run bench, uploads):
 * 512 KiB batches wake a put's thread 20 times per 10 MB.
 */
const BATCH_BYTES = 512 * 1024;
const FIRST_BATCH_BYTES = 64 * 1024;
/** Batches a job may have in flight before write() waits: bounds memory per put at ~1.5 MiB. */
const MAX_BATCHES_IN_FLIGHT = 2;
/**
 * Batch buffers the threads are done with, kept for reuse: a fresh one costs page faults as it
 * is first filled, and dropped ones load the collector (8 puts at once need about 24). Let go when
 * every thread has stopped.
 */
const SPARE_BATCHES = 24;

export interface WriteJob {
  /** Queues plaintext (copied; the caller may reuse its buffer); resolves when more may follow. */
  write(chunk: Buffer): Promise<void>;
  /**
   * No more plaintext: the put's thread seals the last segment and starts the temp file's
   * fsync. Resolves to the SHA-256 (hex) of everything written.
   */
  end(): Promise<string>;
  /**
   * After end(): unless `final` exists already, renames the durable temp file there and fsyncs
   * `dir`. Resolves false (and removes the temp file) when an identical blob was already stored.
   */
  finish(final: string, dir: string): Promise<boolean>;
  /** Stops the job and removes its temp file; never rejects. */
  abort(): Promise<void>;
}

export interface BlobWriterPool {
  /** Starts a blob (a new data key, a new temp file in the pool's folder) on the threads. */
  start(): WriteJob;
  close(): Promise<void>;
}

interface Pending {
  resolve(value: Reply): void;
  reject(err: Error): void;
}
interface Slot {
  index: number;
  worker: Worker;
  pending: Map<number, Pending>;
  /** The puts this thread is writing (0: idle). */
  load: number;
  dead: boolean;
  idle?: NodeJS.Timeout;
}
/** A thread with no put for this long is stopped (about 9 MB each); the next put starts one. */
const IDLE_MS = 5_000;
type Reply = WriterReply;

const stoppedWhileSaving = () => new AppError('blob_store_unavailable', 'The document store stopped while saving the file; it was not saved. Try again.');
const shuttingDown = () => new AppError('blob_store_unavailable', 'The document store is shutting down; the file was not saved. Try again.');

/**
 * Threads that hash, encrypt and write blobs: each put goes to one thread, which computes the
 * SHA-256 content address of the plaintext, seals it and writes it, and the caller's thread
 * only copies the body into shared batches. The thread fsyncs the temp file before the put
 * learns the address; only the rename needs it. One thread per core by default (at least two);
 * puts go to the least busy. Until 2026-12-04 a second thread hashed each put beside the one
 * writing it: twice the messages, and on two cores the wake-ups cost more than the hashing
 * they spread (10 MB hash in about 6 ms). Threads keep the process alive only while they have
 * work; one that dies fails its puts (their temp files are swept) and is replaced.
 */
export function createBlobWriterPool(options: {
  tmpDir: string;
  masterKey: MasterKey;
  size?: number;
  idleMs?: number;
  onWorker?: (worker: Worker) => void;
}): BlobWriterPool {
  const idleMs = options.idleMs ?? IDLE_MS;
  const size = Math.max(1, options.size ?? Math.min(4, Math.max(2, os.availableParallelism())));
  const slots: (Slot | undefined)[] = new Array(size).fill(undefined);
  let nextRid = 0;
  let nextJob = 0;
  let closed = false;
  const spare: SharedArrayBuffer[] = [];
  const wrap = wrapParameters(options.masterKey);
  const batchBuffer = (): SharedArrayBuffer => spare.pop() ?? new SharedArrayBuffer(BATCH_BYTES);

  const spawn = (index: number): Slot => {
    const worker = startWorkerModule(import.meta.url, './blob-writer.worker', { execArgv: [], resourceLimits: WORKER_RESOURCE_LIMITS, workerData: wrap });
    worker.unref();
    const slot: Slot = { index, worker, pending: new Map(), load: 0, dead: false };
    let failure: Error | undefined;
    worker.on('message', (reply: Reply) => {
      const p = slot.pending.get(reply.rid);
      if (!p) return;
      slot.pending.delete(reply.rid);
      if (reply.error) p.reject(Object.assign(new Error(reply.error.message), { code: reply.error.code }));
      else p.resolve(reply);
    });
    worker.on('error', (err) => (failure = err));
    worker.on('exit', (code) => {
      slot.dead = true;
      if (slots[index] === slot) slots[index] = undefined;
      const cause = new Error(`A blob writer thread stopped (exit code ${code})${failure ? `: ${failure.message}` : ''}.`);
      const err = new AppError('blob_store_unavailable', closed ? shuttingDown().message : stoppedWhileSaving().message, undefined, { cause });
      for (const p of slot.pending.values()) p.reject(err);
      slot.pending.clear();
    });
    options.onWorker?.(worker);
    return slot;
  };

  /** The least busy thread (a missing one counts as idle and is started). */
  const pick = (): Slot => {
    let best = 0;
    for (let i = 0; i < size; i++) {
      const s = slots[i];
      if (!s) {
        best = i;
        break;
      }
      if (s.load < slots[best]!.load) best = i;
    }
    return slots[best] ?? (slots[best] = spawn(best));
  };

  const acquire = (slot: Slot): void => {
    slot.load++;
    clearTimeout(slot.idle);
    slot.worker.ref();
  };
  const release = (slot: Slot): void => {
    slot.load--;
    if (slot.load > 0) return;
    slot.worker.unref();
    slot.idle = setTimeout(() => {
      if (slot.load > 0 || slot.pending.size > 0) return;
      // Out of the pool first, so no put picks a thread that is stopping.
      if (slots[slot.index] === slot) slots[slot.index] = undefined;
      slot.dead = true;
      void slot.worker.terminate();
      if (slots.every((s) => s === undefined)) spare.length = 0;
    }, idleMs).unref();
  };

  /** A reply that fails before anyone awaits it must not count as an unhandled rejection. */
  const send = (slot: Slot, message: Omit<WriterRequest, 'rid'>): Promise<Reply> => {
    const reply = new Promise<Reply>((resolve, reject) => {
      if (slot.dead) return reject(stoppedWhileSaving());
      const rid = nextRid++;
      slot.pending.set(rid, { resolve, reject });
      try {
        slot.worker.postMessage({ ...message, rid });
      } catch (err) {
        slot.pending.delete(rid);
        reject(err as Error);
      }
    });
    reply.catch(() => undefined);
    return reply;
  };

  return {
    start() {
      if (closed) throw shuttingDown();
      const writer = pick();
      acquire(writer);
      const job = nextJob++;
      const tmp = path.join(options.tmpDir, `${ids.uuid()}.part`);
      let released = false;
      const done = () => {
        if (released) return;
        released = true;
        release(writer);
      };
      // Every reply is awaited before finish; a failed one fails the put, and the next write at once.
      let failure: Error | undefined;
      const inFlight: Promise<unknown>[] = [];
      const track = (p: Promise<unknown>): void => {
        p.catch((err: Error) => (failure ??= err));
        inFlight.push(p);
      };
      track(send(writer, { op: 'open', job, tmp }));
      let batch = batchBuffer();
      let view = Buffer.from(batch);
      let fill = 0;
      let posted = 0;
      const post = () => {
        if (fill === 0) return;
        const buffer = batch;
        const length = fill;
        // The buffer is reused once the thread has hashed and sealed it.
        track(send(writer, { op: 'data', job, buffer, length }).then(() => void (spare.length < SPARE_BATCHES && spare.push(buffer))));
        batch = batchBuffer();
        view = Buffer.from(batch);
        fill = 0;
        posted++;
      };
      const drain = async (keep: number) => {
        while (inFlight.length > keep) await inFlight.shift();
      };
      return {
        async write(chunk) {
          if (failure) throw failure;
          // A thread of this put stopped: stop reading the body now rather than at the next reply.
          if (writer.dead) throw stoppedWhileSaving();
          for (let at = 0; at < chunk.length; ) {
            const n = chunk.copy(view, fill, at);
            fill += n;
            at += n;
            if (fill === BATCH_BYTES || (posted === 0 && fill >= FIRST_BATCH_BYTES)) post();
          }
          await drain(MAX_BATCHES_IN_FLIGHT);
        },
        async end() {
          post();
          // Answered after the fsync; the digest, sent after it, at once.
          track(send(writer, { op: 'end', job }));
          const { sha256 } = await send(writer, { op: 'digest', job });
          return sha256!;
        },
        async finish(final, dir) {
          try {
            // Sent at once: the writer takes it after the data and the fsync, in order.
            const finished = send(writer, { op: 'finish', job, final, dir });
            await drain(0);
            const { created } = await finished;
            return created === true;
          } finally {
            done();
          }
        },
        async abort() {
          try {
            // The open may still be on its way; let it land so the abort finds the job.
            await Promise.allSettled(inFlight);
            // A thread that stopped cannot clean up; do it here.
            await send(writer, { op: 'abort', job }).catch(() => fs.rm(tmp, { force: true }).catch(() => undefined));
          } finally {
            done();
          }
        },
      };
    },
    async close() {
      closed = true;
      spare.length = 0;
      await Promise.all(slots.map((slot) => slot?.worker.terminate()));
    },
  };
}
