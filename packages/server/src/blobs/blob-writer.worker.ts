/**
 * A blob writer thread (started by blob-writer.ts). Per job it takes an envelope (a fresh data
 * key wrapped under the wrap key it was started with; envelope.ts, the same code the streams
 * use), hashes the plaintext (the content address), seals it into the envelope's segments and
 * writes them to the temp file, then makes the blob durable: fsync, rename into place, fsync the
 * folder. Hashing, encryption and writes into the page cache are synchronous (the thread exists
 * for them); the steps that wait for the disk are not (openFile and what follows). Between jobs
 * it makes the next job's envelope, so that work is off the start of a put.
 */
import fs from 'node:fs';
import { createCipheriv, createHash, type Hash } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import { makeEnvelope, segmentNonce, SEGMENT_SIZE, type Envelope } from './envelope.js';

const FLUSH_BYTES = 256 * 1024;
const MAX_IOVECS = 256;
/**
 * While a blob is being written, every this many bytes an fdatasync starts on the thread pool
 * (one at a time per file), so the disk takes the bytes while later ones are still arriving
 * and the fsync at the end has only the tail left to write. Without it the whole blob waited
 * in the page cache until that last fsync (npm run bench, uploads).
 */
const WRITEBACK_BYTES = 2 * 1024 * 1024;

export interface WriterRequest {
  rid: number;
  op: 'open' | 'data' | 'end' | 'digest' | 'finish' | 'abort';
  job: number;
  tmp?: string;
  buffer?: SharedArrayBuffer;
  length?: number;
  final?: string;
  dir?: string;
}
export interface WriterReply {
  rid: number;
  created?: boolean;
  sha256?: string;
  error?: { code?: string; message: string };
}

interface Job {
  id: number;
  tmp: string;
  key: Buffer;
  prefix: Buffer;
  /** SHA-256 of the plaintext so far. */
  hash: Hash;
  index: number;
  seg: Buffer;
  fill: number;
  out: Buffer[];
  outBytes: number;
  /** Requests answered once the temp file exists. */
  waiting: number[];
  fd?: number;
  /** Bytes written since the last early fdatasync started. */
  unsynced: number;
  /** An early fdatasync is running: the fd stays open and the final fsync waits for it. */
  writingBack?: boolean;
  /** What waits for that fdatasync: the final fsync, or closing the fd of a failed job. */
  afterWriteback?: () => void;
  endRid?: number;
  ended?: boolean;
  finishing?: { rid: number; final: string; dir: string };
  dead?: boolean;
}

const port = parentPort!;
const wrap = { wrapKey: Buffer.from(workerData.wrapKey as Uint8Array), headerStart: Buffer.from(workerData.headerStart as Uint8Array) };
const jobs = new Map<number, Job>();
/** The next job's envelope, made while the thread is idle. */
let spare: Envelope | undefined;

function seal(job: Job, plain: Buffer, last: boolean): void {
  const c = createCipheriv('aes-256-gcm', job.key, segmentNonce(job.prefix, job.index++, last));
  job.out.push(c.update(plain));
  c.final();
  job.out.push(c.getAuthTag());
  job.outBytes += plain.length + 16;
}

function flush(job: Job): void {
  let pending = job.out;
  while (pending.length > 0) {
    const batch = pending.slice(0, MAX_IOVECS);
    let skip = fs.writevSync(job.fd!, batch);
    const rest: Buffer[] = [];
    for (const b of batch) {
      if (skip >= b.length) skip -= b.length;
      else {
        rest.push(skip > 0 ? b.subarray(skip) : b);
        skip = 0;
      }
    }
    pending = rest.concat(pending.slice(MAX_IOVECS));
  }
  job.unsynced += job.outBytes;
  job.out = [];
  job.outBytes = 0;
  if (job.unsynced >= WRITEBACK_BYTES && !job.writingBack && job.endRid === undefined) writeBack(job);
}

/** Starts an early fdatasync of what is written so far; see WRITEBACK_BYTES. */
function writeBack(job: Job): void {
  job.unsynced = 0;
  job.writingBack = true;
  fs.fdatasync(job.fd!, (err) => {
    job.writingBack = false;
    const next = job.afterWriteback;
    job.afterWriteback = undefined;
    if (err && !job.dead) failJob(job, err);
    next?.();
  });
}

function append(job: Job, data: Buffer): void {
  let at = 0;
  while (at < data.length) {
    // A full segment is sealed only once a byte after it exists: the last one carries a flag.
    if (job.fill === SEGMENT_SIZE) {
      seal(job, job.seg, false);
      job.seg = Buffer.allocUnsafe(SEGMENT_SIZE);
      job.fill = 0;
    }
    if (job.fill === 0 && data.length - at > SEGMENT_SIZE) {
      seal(job, data.subarray(at, at + SEGMENT_SIZE), false);
      at += SEGMENT_SIZE;
      continue;
    }
    const n = Math.min(SEGMENT_SIZE - job.fill, data.length - at);
    data.copy(job.seg, job.fill, at, at + n);
    job.fill += n;
    at += n;
  }
  if (job.fd !== undefined && job.outBytes >= FLUSH_BYTES) flush(job);
}

function takeEnvelope(): Envelope {
  const made = spare ?? makeEnvelope(wrap);
  spare = undefined;
  return made;
}

function makeSpare(): void {
  spare ??= makeEnvelope(wrap);
}

function reply(rid: number, extra: Omit<WriterReply, 'rid'> = {}): void {
  port.postMessage({ rid, ...extra } satisfies WriterReply);
}

function failure(err: unknown): { code?: string; message: string } {
  const e = err as { code?: string; message?: string } | undefined;
  return { code: e?.code, message: String(e?.message ?? err) };
}

function closeQuietly(fd: number): void {
  try {
    fs.closeSync(fd);
  } catch {
    // already closed or failing: the job fails anyway
  }
}

/**
 * Every request about a job gets exactly one answer: the ones held back (data while the file is
 * being made, end, finish) are answered with the error when the job fails.
 */
function cleanUp(job: Job): void {
  job.dead = true;
  jobs.delete(job.id);
  if (job.fd !== undefined) {
    const fd = job.fd;
    job.fd = undefined;
    // Never close an fd a pool thread is still syncing: the number could be reused meanwhile.
    if (job.writingBack) job.afterWriteback = () => closeQuietly(fd);
    else closeQuietly(fd);
  }
  job.key.fill(0);
  try {
    fs.rmSync(job.tmp, { force: true });
  } catch {
    // a temp file that cannot be removed now is swept at start-up
  }
}

function failJob(job: Job, err: unknown): void {
  if (job.dead) return;
  cleanUp(job);
  const held = [...job.waiting, ...(job.endRid === undefined ? [] : [job.endRid]), ...(job.finishing ? [job.finishing.rid] : [])];
  job.waiting = [];
  for (const rid of held) reply(rid, { error: failure(err) });
}

/**
 * Steps that wait for the disk (making the file, fsync, rename, the folder's fsync) go to the
 * thread pool, so a thread waiting on one put's disk (or on a journal commit, which stalls
 * creating and renaming files too) goes on encrypting and hashing for the others.
 */
function openFile(job: Job): void {
  fs.open(job.tmp, 'wx', 0o600, (err, fd) => {
    if (job.dead) {
      if (!err) {
        closeQuietly(fd);
        fs.rm(job.tmp, { force: true }, () => undefined);
      }
      return;
    }
    if (err) return failJob(job, err);
    job.fd = fd;
    try {
      flush(job);
    } catch (e) {
      return failJob(job, e);
    }
    const waiting = job.waiting;
    job.waiting = [];
    for (const rid of waiting) reply(rid);
    if (job.endRid !== undefined) syncFile(job);
  });
}

/**
 * The last segment is sealed on 'end'; then the temp file is made durable before the content
 * address is known (another thread is still hashing), so the fsync overlaps that. An early
 * fdatasync still running is waited for first.
 */
function syncFile(job: Job): void {
  try {
    flush(job);
  } catch (e) {
    return failJob(job, e);
  }
  job.key.fill(0);
  if (job.writingBack) {
    job.afterWriteback = () => {
      if (!job.dead) fsyncAndClose(job);
    };
    return;
  }
  fsyncAndClose(job);
}

function fsyncAndClose(job: Job): void {
  fs.fsync(job.fd!, (err) => {
    if (job.dead) return;
    if (err) return failJob(job, err);
    try {
      fs.closeSync(job.fd!);
    } catch (e) {
      job.fd = undefined;
      return failJob(job, e);
    }
    job.fd = undefined;
    job.ended = true;
    const rid = job.endRid!;
    job.endRid = undefined;
    reply(rid);
    if (job.finishing) finish(job);
  });
}

function finish(job: Job): void {
  const { rid, final, dir } = job.finishing!;
  if (fs.existsSync(final)) {
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
    const answer = (e: NodeJS.ErrnoException | null) => reply(rid, e ? { error: failure(e) } : { created: true });
    fs.open(dir, 'r', (e1, dirFd) => {
      if (e1) return answer(e1);
      fs.fsync(dirFd, (e2) => fs.close(dirFd, () => answer(e2)));
    });
  });
}

function handle(m: WriterRequest, job: Job | undefined): void {
  switch (m.op) {
    case 'open': {
      const env = takeEnvelope();
      const opened: Job = {
        id: m.job,
        tmp: m.tmp!,
        key: env.dataKey,
        prefix: env.prefix,
        hash: createHash('sha256'),
        index: 0,
        seg: Buffer.allocUnsafe(SEGMENT_SIZE),
        fill: 0,
        out: [env.header],
        outBytes: env.header.length,
        unsynced: 0,
        waiting: [],
      };
      jobs.set(m.job, opened);
      openFile(opened);
      return reply(m.rid);
    }
    case 'abort':
      if (job) failJob(job, new Error('aborted'));
      reply(m.rid);
      return makeSpare();
  }
  if (!job) return reply(m.rid, { error: { code: 'EJOB', message: 'unknown write job' } });
  switch (m.op) {
    case 'data': {
      // Nothing refers to the batch afterwards (append copies or seals from it).
      const plain = Buffer.from(m.buffer!, 0, m.length);
      job.hash.update(plain);
      append(job, plain);
      // Until the file exists, the sealed bytes wait in memory and so does the answer: the
      // caller keeps at most a few batches in flight, which bounds them.
      if (job.fd === undefined) job.waiting.push(m.rid);
      else reply(m.rid);
      return;
    }
    case 'digest':
      // After 'end': every byte is in the hash.
      return reply(m.rid, { sha256: job.hash.digest('hex') });
    case 'end':
      seal(job, job.seg.subarray(0, job.fill), true);
      job.endRid = m.rid;
      if (job.fd !== undefined) syncFile(job);
      return;
    case 'finish':
      if (job.endRid === undefined && !job.ended) throw new Error('finish before end');
      job.finishing = { rid: m.rid, final: m.final!, dir: m.dir! };
      if (job.ended) finish(job);
      return makeSpare();
  }
}

port.on('message', (m: WriterRequest) => {
  const job = jobs.get(m.job);
  try {
    handle(m, job);
  } catch (err) {
    if (job) failJob(job, err);
    reply(m.rid, { error: failure(err) });
  }
});
