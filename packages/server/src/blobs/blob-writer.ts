import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { WORKER_RESOURCE_LIMITS } from '../lib/worker-limits.js';
import { AppError } from '../lib/errors.js';
import { ids } from '../lib/ids.js';
import type { MasterKey } from '../crypto/master-key.js';
import { SEGMENT_SIZE, wrapParameters } from './envelope.js';

/**
 * The writer threads' whole program, as plain JavaScript (it runs the same under tsx, vitest and
 * the compiled build). Per job it makes the envelope (a fresh data key wrapped under the wrap
 * key it was started with), seals the plaintext into the envelope's segments (the layout and
 * nonces of envelope.ts; the blob store's tests read every blob back through
 * createDecryptStream) and writes them to the temp file, then makes the blob durable: fsync,
 * rename into place, fsync the folder. It uses synchronous calls on purpose: the thread exists
 * to do this work, and the steps run back to back without a round trip through an event loop.
 * Between jobs it makes the next job's envelope, so that work is off the start of a put.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const { createCipheriv, randomBytes } = require('node:crypto');
const SEGMENT = ${SEGMENT_SIZE};
const FLUSH_BYTES = 256 * 1024;
const MAX_IOVECS = 256;
const WRAP_KEY = Buffer.from(workerData.wrapKey);
const HEADER_START = Buffer.from(workerData.headerStart);
const jobs = new Map();
// The next job's envelope (data key, nonce prefix, header), made while the thread is idle.
let spare = null;

function envelope() {
  const key = randomBytes(32);
  const prefix = randomBytes(7);
  const iv = randomBytes(12);
  const wrap = createCipheriv('aes-256-gcm', WRAP_KEY, iv);
  wrap.setAAD(HEADER_START);
  const wrapped = Buffer.concat([wrap.update(key), wrap.final()]);
  return { key, prefix, header: Buffer.concat([HEADER_START, iv, wrapped, wrap.getAuthTag(), prefix]) };
}

function nonce(prefix, index, last) {
  const n = Buffer.alloc(12);
  prefix.copy(n, 0);
  n.writeUInt32BE(index, 7);
  n[11] = last ? 1 : 0;
  return n;
}
function seal(job, plain, last) {
  const c = createCipheriv('aes-256-gcm', job.key, nonce(job.prefix, job.index++, last));
  job.out.push(c.update(plain));
  c.final();
  job.out.push(c.getAuthTag());
  job.outBytes += plain.length + 16;
}
function flush(job) {
  let pending = job.out;
  while (pending.length > 0) {
    const batch = pending.slice(0, MAX_IOVECS);
    let skip = fs.writevSync(job.fd, batch);
    const rest = [];
    for (const b of batch) {
      if (skip >= b.length) skip -= b.length;
      else { rest.push(skip > 0 ? b.subarray(skip) : b); skip = 0; }
    }
    pending = rest.concat(pending.slice(MAX_IOVECS));
  }
  job.out = [];
  job.outBytes = 0;
}
function append(job, data) {
  let at = 0;
  while (at < data.length) {
    // A full segment is sealed only once a byte after it exists: the last one carries a flag.
    if (job.fill === SEGMENT) { seal(job, job.seg, false); job.seg = Buffer.allocUnsafe(SEGMENT); job.fill = 0; }
    if (job.fill === 0 && data.length - at > SEGMENT) { seal(job, data.subarray(at, at + SEGMENT), false); at += SEGMENT; continue; }
    const n = Math.min(SEGMENT - job.fill, data.length - at);
    data.copy(job.seg, job.fill, at, at + n);
    job.fill += n;
    at += n;
  }
  if (job.outBytes >= FLUSH_BYTES) flush(job);
}
function takeEnvelope() {
  const made = spare || envelope();
  spare = null;
  return made;
}
function makeSpare() {
  if (!spare) spare = envelope();
}
function cleanUp(job) {
  jobs.delete(job.id);
  if (job.fd !== undefined) { try { fs.closeSync(job.fd); } catch {} job.fd = undefined; }
  if (job.key) job.key.fill(0);
  try { fs.rmSync(job.tmp, { force: true }); } catch {}
}
function failure(err) {
  return { code: err && err.code, message: String((err && err.message) || err) };
}
function finish(job, final, dir) {
  seal(job, job.seg.subarray(0, job.fill), true);
  flush(job);
  let exists = true;
  try { fs.accessSync(final); } catch { exists = false; }
  if (exists) { cleanUp(job); return false; }
  fs.fsyncSync(job.fd);
  fs.closeSync(job.fd);
  job.fd = undefined;
  fs.renameSync(job.tmp, final);
  jobs.delete(job.id);
  job.key.fill(0);
  const dirFd = fs.openSync(dir, 'r');
  try { fs.fsyncSync(dirFd); } finally { fs.closeSync(dirFd); }
  return true;
}
parentPort.on('message', (m) => {
  let job = jobs.get(m.job);
  try {
    if (m.op === 'open') {
      job = { id: m.job, tmp: m.tmp, index: 0, seg: Buffer.allocUnsafe(SEGMENT), fill: 0, out: [], outBytes: 0 };
      jobs.set(m.job, job);
      const env = takeEnvelope();
      job.key = env.key;
      job.prefix = env.prefix;
      job.out.push(env.header);
      job.outBytes = env.header.length;
      job.fd = fs.openSync(m.tmp, 'wx', 0o600);
      parentPort.postMessage({ rid: m.rid });
    } else if (m.op === 'abort') {
      if (job) cleanUp(job);
      parentPort.postMessage({ rid: m.rid });
      makeSpare();
    } else if (!job) {
      parentPort.postMessage({ rid: m.rid, error: { code: 'EJOB', message: 'unknown write job' } });
    } else if (m.op === 'data') {
      append(job, Buffer.from(m.buffer, 0, m.length));
      // Nothing refers to the batch any more (append copies or seals from it): hand it back.
      parentPort.postMessage({ rid: m.rid, buffer: m.buffer }, [m.buffer]);
    } else if (m.op === 'finish') {
      parentPort.postMessage({ rid: m.rid, created: finish(job, m.final, m.dir) });
      makeSpare();
    }
  } catch (err) {
    if (job) cleanUp(job);
    parentPort.postMessage({ rid: m.rid, error: failure(err) });
  }
});
`;

/** Plaintext handed to a writer thread per message. */
const BATCH_BYTES = 256 * 1024;
/** Batches a job may have in flight before write() waits: bounds memory per put at ~1 MiB. */
const MAX_BATCHES_IN_FLIGHT = 4;
/** Batch buffers the writer threads gave back, kept for reuse instead of left to the collector. */
const SPARE_BATCHES = 16;

export interface WriteJob {
  /** Queues plaintext (copied; the caller may reuse its buffer); resolves when more may follow. */
  write(chunk: Buffer): Promise<void>;
  /**
   * Seals the last segment and, unless `final` exists already, makes the temp file durable and
   * renames it there (fsyncing `dir`). Resolves false when an identical blob was already stored.
   */
  finish(final: string, dir: string): Promise<boolean>;
  /** Stops the job and removes its temp file; never rejects. */
  abort(): Promise<void>;
}

export interface BlobWriterPool {
  /** Starts a blob (a new data key, a new temp file in the pool's folder) on a writer thread. */
  start(): WriteJob;
  close(): Promise<void>;
}

interface Pending {
  resolve(value: { created?: boolean }): void;
  reject(err: Error): void;
}
interface Slot {
  index: number;
  worker: Worker;
  pending: Map<number, Pending>;
  jobs: number;
  dead: boolean;
  idle?: NodeJS.Timeout;
}
/** A thread with no put for this long is stopped (about 9 MB each); the next put starts one. */
const IDLE_MS = 5_000;
type Reply = { rid: number; created?: boolean; buffer?: ArrayBuffer; error?: { code?: string; message: string } };

/**
 * Threads that encrypt and write blobs, so a put's three costs run side by side: the caller's
 * thread hashes the plaintext (the content address), a writer thread encrypts and writes it, the
 * disk works through what was written. One thread per core by default (at least two); a put
 * stays on one thread, puts are spread over them. Threads keep the process alive only while they
 * have work; one that dies fails its puts (their temp files are swept) and is replaced.
 */
export function createBlobWriterPool(options: { tmpDir: string; masterKey: MasterKey; size?: number; idleMs?: number; onWorker?: (worker: Worker) => void }): BlobWriterPool {
  const idleMs = options.idleMs ?? IDLE_MS;
  const size = Math.max(1, options.size ?? Math.min(4, Math.max(2, os.availableParallelism())));
  const slots: (Slot | undefined)[] = new Array(size).fill(undefined);
  let nextRid = 0;
  let nextJob = 0;
  let closed = false;
  const spare: ArrayBuffer[] = [];
  const wrap = wrapParameters(options.masterKey);
  const batchBuffer = (): Buffer => {
    const reused = spare.pop();
    return reused ? Buffer.from(reused) : Buffer.allocUnsafeSlow(BATCH_BYTES);
  };

  const spawn = (index: number): Slot => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, execArgv: [], resourceLimits: WORKER_RESOURCE_LIMITS, workerData: wrap });
    worker.unref();
    const slot: Slot = { index, worker, pending: new Map(), jobs: 0, dead: false };
    let failure: Error | undefined;
    worker.on('message', (reply: Reply) => {
      const p = slot.pending.get(reply.rid);
      if (!p) return;
      slot.pending.delete(reply.rid);
      if (reply.buffer && spare.length < SPARE_BATCHES) spare.push(reply.buffer);
      if (reply.error) p.reject(Object.assign(new Error(reply.error.message), { code: reply.error.code }));
      else p.resolve(reply);
    });
    worker.on('error', (err) => (failure = err));
    worker.on('exit', (code) => {
      slot.dead = true;
      if (slots[index] === slot) slots[index] = undefined;
      const cause = new Error(`A blob writer thread stopped (exit code ${code})${failure ? `: ${failure.message}` : ''}.`);
      const err = new AppError('blob_store_unavailable', closed ? 'The document store is shutting down; the file was not saved. Try again.' : 'The document store stopped while saving the file; it was not saved. Try again.', undefined, { cause });
      for (const p of slot.pending.values()) p.reject(err);
      slot.pending.clear();
    });
    options.onWorker?.(worker);
    return slot;
  };

  const pick = (): Slot => {
    let best = -1;
    for (let i = 0; i < size; i++) {
      const s = slots[i];
      if (!s) {
        best = i;
        break;
      }
      if (best < 0 || s.jobs < slots[best]!.jobs) best = i;
    }
    return slots[best] ?? (slots[best] = spawn(best));
  };

  /** A reply that fails before anyone awaits it must not count as an unhandled rejection. */
  const send = (slot: Slot, message: Record<string, unknown>, transfer: ArrayBuffer[] = []): Promise<{ created?: boolean }> => {
    const reply = request(slot, message, transfer);
    reply.catch(() => undefined);
    return reply;
  };
  const request = (slot: Slot, message: Record<string, unknown>, transfer: ArrayBuffer[]): Promise<{ created?: boolean }> =>
    new Promise((resolve, reject) => {
      if (slot.dead) return reject(new AppError('blob_store_unavailable', 'The document store stopped while saving the file; it was not saved. Try again.'));
      const rid = nextRid++;
      slot.pending.set(rid, { resolve, reject });
      try {
        slot.worker.postMessage({ ...message, rid }, transfer);
      } catch (err) {
        slot.pending.delete(rid);
        reject(err as Error);
      }
    });

  return {
    start() {
      if (closed) throw new AppError('blob_store_unavailable', 'The document store is shutting down; the file was not saved. Try again.');
      const slot = pick();
      const job = nextJob++;
      const tmp = path.join(options.tmpDir, `${ids.uuid()}.part`);
      slot.jobs++;
      clearTimeout(slot.idle);
      slot.worker.ref();
      let done = false;
      const release = () => {
        if (done) return;
        done = true;
        if (--slot.jobs > 0) return;
        slot.worker.unref();
        slot.idle = setTimeout(() => {
          if (slot.jobs > 0 || slot.pending.size > 0) return;
          // Out of the pool first, so no put picks a thread that is stopping.
          if (slots[slot.index] === slot) slots[slot.index] = undefined;
          slot.dead = true;
          void slot.worker.terminate();
        }, idleMs).unref();
      };
      // Every reply is awaited before finish; a failed one fails the put.
      const inFlight: Promise<unknown>[] = [
        send(slot, { op: 'open', job, tmp }),
      ];
      let batch = batchBuffer();
      let fill = 0;
      const post = () => {
        if (fill === 0) return;
        const buffer = batch.buffer as ArrayBuffer;
        inFlight.push(send(slot, { op: 'data', job, buffer, length: fill }, [buffer]));
        batch = batchBuffer();
        fill = 0;
      };
      const drain = async (keep: number) => {
        while (inFlight.length > keep) await inFlight.shift();
      };
      return {
        async write(chunk) {
          for (let at = 0; at < chunk.length; ) {
            const n = chunk.copy(batch, fill, at);
            fill += n;
            at += n;
            if (fill === BATCH_BYTES) post();
          }
          await drain(MAX_BATCHES_IN_FLIGHT);
        },
        async finish(final, dir) {
          try {
            post();
            // Sent at once, not after the data's replies: the thread takes messages in order, so
            // it goes from the last batch straight to the fsync without waiting for a round trip.
            const finished = send(slot, { op: 'finish', job, final, dir });
            await drain(0);
            const { created } = await finished;
            return created === true;
          } finally {
            release();
          }
        },
        async abort() {
          try {
            // The open may still be on its way; let it land so the abort finds the job.
            await Promise.allSettled(inFlight);
            // A thread that stopped cannot clean up; do it here.
            await send(slot, { op: 'abort', job }).catch(() => fs.rm(tmp, { force: true }).catch(() => undefined));
          } finally {
            release();
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
