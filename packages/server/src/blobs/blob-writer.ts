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
 * rename into place, fsync the folder. Encryption and writes into the page cache are
 * synchronous (the thread exists for them); the steps that wait for the disk are not (openFile).
 * Between jobs it makes the next job's envelope, so that work is off the start of a put.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const { createCipheriv, createHash, randomBytes } = require('node:crypto');
const SEGMENT = ${SEGMENT_SIZE};
const FLUSH_BYTES = 256 * 1024;
const MAX_IOVECS = 256;
const WRAP_KEY = Buffer.from(workerData.wrapKey);
const HEADER_START = Buffer.from(workerData.headerStart);
const jobs = new Map();
// SHA-256 of the plaintext of puts this thread hashes (for writes done by another thread).
const hashes = new Map();
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
  if (job.fd !== undefined && job.outBytes >= FLUSH_BYTES) flush(job);
}
function takeEnvelope() {
  const made = spare || envelope();
  spare = null;
  return made;
}
function makeSpare() {
  if (!spare) spare = envelope();
}
function reply(rid, extra) {
  parentPort.postMessage(Object.assign({ rid }, extra));
}
function failure(err) {
  return { code: err && err.code, message: String((err && err.message) || err) };
}
// Every request about a job gets exactly one answer: the ones held back (data while the file is
// being made, end, finish) are answered with the error when the job fails.
function cleanUp(job) {
  job.dead = true;
  jobs.delete(job.id);
  if (job.fd !== undefined) { try { fs.closeSync(job.fd); } catch {} job.fd = undefined; }
  if (job.key) job.key.fill(0);
  try { fs.rmSync(job.tmp, { force: true }); } catch {}
}
function failJob(job, err) {
  if (job.dead) return;
  cleanUp(job);
  const held = job.waiting.concat(job.endRid === undefined ? [] : [job.endRid], job.finishing ? [job.finishing.rid] : []);
  job.waiting = [];
  for (const rid of held) reply(rid, { error: failure(err) });
}
// Steps that wait for the disk (making the file, fsync, rename, the folder's fsync) go to the
// thread pool, so a thread waiting on one put's disk (or on a journal commit, which stalls
// creating and renaming files too) goes on encrypting and hashing for the others.
function openFile(job) {
  fs.open(job.tmp, 'wx', 0o600, (err, fd) => {
    if (job.dead) {
      if (!err) { try { fs.closeSync(fd); } catch {} try { fs.rmSync(job.tmp, { force: true }); } catch {} }
      return;
    }
    if (err) return failJob(job, err);
    job.fd = fd;
    try { flush(job); } catch (e) { return failJob(job, e); }
    const waiting = job.waiting;
    job.waiting = [];
    for (const rid of waiting) reply(rid);
    if (job.endRid !== undefined) syncFile(job);
  });
}
// The last segment is sealed on 'end'; then the temp file is made durable before the content
// address is known (another thread is still hashing), so the fsync overlaps that.
function syncFile(job) {
  try { flush(job); } catch (e) { return failJob(job, e); }
  job.key.fill(0);
  fs.fsync(job.fd, (err) => {
    if (job.dead) return;
    if (err) return failJob(job, err);
    try { fs.closeSync(job.fd); } catch (e) { job.fd = undefined; return failJob(job, e); }
    job.fd = undefined;
    job.ended = true;
    const rid = job.endRid;
    job.endRid = undefined;
    reply(rid);
    if (job.finishing) finish(job);
  });
}
function finish(job) {
  const { rid, final, dir } = job.finishing;
  let exists = true;
  try { fs.accessSync(final); } catch { exists = false; }
  if (exists) {
    job.finishing = undefined;
    cleanUp(job);
    reply(rid, { created: false });
    return;
  }
  fs.rename(job.tmp, final, (err) => {
    if (err) return failJob(job, err);
    // Renamed: the blob is complete under its name; what is left is making that name durable.
    job.finishing = undefined;
    jobs.delete(job.id);
    const answer = (e) => reply(rid, e ? { error: failure(e) } : { created: true });
    fs.open(dir, 'r', (e1, dirFd) => {
      if (e1) return answer(e1);
      fs.fsync(dirFd, (e2) => fs.close(dirFd, () => answer(e2)));
    });
  });
}
function hashOf(id) {
  let hash = hashes.get(id);
  if (!hash) hashes.set(id, (hash = createHash('sha256')));
  return hash;
}
parentPort.on('message', (m) => {
  let job = jobs.get(m.job);
  try {
    if (m.op === 'hash') {
      hashOf(m.job).update(new Uint8Array(m.buffer, 0, m.length));
      parentPort.postMessage({ rid: m.rid });
      return;
    }
    if (m.op === 'digest' || m.op === 'forget') {
      const sha256 = m.op === 'digest' ? hashOf(m.job).digest('hex') : undefined;
      hashes.delete(m.job);
      parentPort.postMessage({ rid: m.rid, sha256 });
      return;
    }
    if (m.op === 'open') {
      job = { id: m.job, tmp: m.tmp, index: 0, seg: Buffer.allocUnsafe(SEGMENT), fill: 0, out: [], outBytes: 0, waiting: [] };
      jobs.set(m.job, job);
      const env = takeEnvelope();
      job.key = env.key;
      job.prefix = env.prefix;
      job.out.push(env.header);
      job.outBytes = env.header.length;
      openFile(job);
      reply(m.rid);
    } else if (m.op === 'abort') {
      if (job) failJob(job, new Error('aborted'));
      reply(m.rid);
      makeSpare();
    } else if (!job) {
      reply(m.rid, { error: { code: 'EJOB', message: 'unknown write job' } });
    } else if (m.op === 'data') {
      // Nothing refers to the batch afterwards (append copies or seals from it).
      append(job, Buffer.from(m.buffer, 0, m.length));
      // Until the file exists, the sealed bytes wait in memory and so does the answer: the
      // caller keeps at most a few batches in flight, which bounds them.
      if (job.fd === undefined) job.waiting.push(m.rid);
      else reply(m.rid);
    } else if (m.op === 'end') {
      seal(job, job.seg.subarray(0, job.fill), true);
      job.endRid = m.rid;
      if (job.fd !== undefined) syncFile(job);
    } else if (m.op === 'finish') {
      if (job.endRid === undefined && !job.ended) throw new Error('finish before end');
      job.finishing = { rid: m.rid, final: m.final, dir: m.dir };
      if (job.ended) finish(job);
      makeSpare();
    }
  } catch (err) {
    if (job) failJob(job, err);
    reply(m.rid, { error: failure(err) });
  }
});
`;

/** Plaintext handed to the threads per message; a put's first batch is smaller, so encryption starts sooner. */
const BATCH_BYTES = 256 * 1024;
const FIRST_BATCH_BYTES = 64 * 1024;
/** Batches a job may have in flight before write() waits: bounds memory per put at ~1 MiB. */
const MAX_BATCHES_IN_FLIGHT = 4;
/** Batch buffers the threads are done with, kept for reuse instead of left to the collector. */
const SPARE_BATCHES = 16;

export interface WriteJob {
  /** Queues plaintext (copied; the caller may reuse its buffer); resolves when more may follow. */
  write(chunk: Buffer): Promise<void>;
  /**
   * No more plaintext: the writer thread seals the last segment and fsyncs the temp file while
   * the hashing thread finishes. Resolves to the SHA-256 (hex) of everything written.
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
  /** The puts this thread takes part in: writing one weighs two, hashing one (0: idle). */
  load: number;
  dead: boolean;
  idle?: NodeJS.Timeout;
}
/** A thread with no put for this long is stopped (about 9 MB each); the next put starts one. */
const IDLE_MS = 5_000;
type Reply = { rid: number; created?: boolean; sha256?: string; error?: { code?: string; message: string } };

const stoppedWhileSaving = () => new AppError('blob_store_unavailable', 'The document store stopped while saving the file; it was not saved. Try again.');
const shuttingDown = () => new AppError('blob_store_unavailable', 'The document store is shutting down; the file was not saved. Try again.');

/**
 * Threads that hash, encrypt and write blobs, so a put's costs run side by side: one thread
 * (the put's writer) encrypts and writes the plaintext, another (its hasher) computes the
 * SHA-256 content address of the same bytes, shared with both, and the caller's thread only
 * copies the body into those shared batches. The writer fsyncs the temp file while the hash is
 * finished; only the rename needs the address. One thread per core by default (at least two);
 * threads take writing and hashing for different puts as they come. Threads keep the process
 * alive only while they have work; one that dies fails its puts (their temp files are swept)
 * and is replaced.
 */
export function createBlobWriterPool(options: { tmpDir: string; masterKey: MasterKey; size?: number; idleMs?: number; onWorker?: (worker: Worker) => void }): BlobWriterPool {
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
    const worker = new Worker(WORKER_SOURCE, { eval: true, execArgv: [], resourceLimits: WORKER_RESOURCE_LIMITS, workerData: wrap });
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

  /** The least busy thread (a missing one counts as idle and is started), other than `not`. */
  const pick = (not?: Slot): Slot => {
    let best = -1;
    for (let i = 0; i < size; i++) {
      const s = slots[i];
      if (s !== undefined && s === not) continue;
      if (!s) {
        best = i;
        break;
      }
      if (best < 0 || s.load < slots[best]!.load) best = i;
    }
    // A pool of one thread: it writes and hashes.
    if (best < 0) return not!;
    return slots[best] ?? (slots[best] = spawn(best));
  };

  /** Encrypting and writing a byte costs about twice what hashing it does (measured). */
  const WRITE_LOAD = 2;
  const HASH_LOAD = 1;
  const acquire = (slot: Slot, load: number): void => {
    slot.load += load;
    clearTimeout(slot.idle);
    slot.worker.ref();
  };
  const release = (slot: Slot, load: number): void => {
    slot.load -= load;
    if (slot.load > 0) return;
    slot.worker.unref();
    slot.idle = setTimeout(() => {
      if (slot.load > 0 || slot.pending.size > 0) return;
      // Out of the pool first, so no put picks a thread that is stopping.
      if (slots[slot.index] === slot) slots[slot.index] = undefined;
      slot.dead = true;
      void slot.worker.terminate();
    }, idleMs).unref();
  };

  /** A reply that fails before anyone awaits it must not count as an unhandled rejection. */
  const send = (slot: Slot, message: Record<string, unknown>): Promise<Reply> => {
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
      acquire(writer, WRITE_LOAD);
      const hasher = pick(writer);
      acquire(hasher, HASH_LOAD);
      const job = nextJob++;
      const tmp = path.join(options.tmpDir, `${ids.uuid()}.part`);
      let released = false;
      const done = () => {
        if (released) return;
        released = true;
        release(writer, WRITE_LOAD);
        release(hasher, HASH_LOAD);
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
        // Both threads read the same shared bytes; the buffer is reused once both are done.
        const both = Promise.all([send(writer, { op: 'data', job, buffer, length }), send(hasher, { op: 'hash', job, buffer, length })]);
        track(both.then(() => void (spare.length < SPARE_BATCHES && spare.push(buffer))));
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
          if (writer.dead || hasher.dead) throw stoppedWhileSaving();
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
          track(send(writer, { op: 'end', job }));
          const { sha256 } = await send(hasher, { op: 'digest', job });
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
            await Promise.all([
              send(writer, { op: 'abort', job }).catch(() => fs.rm(tmp, { force: true }).catch(() => undefined)),
              send(hasher, { op: 'forget', job }).catch(() => undefined),
            ]);
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
