import { createCipheriv, createHash, randomBytes, randomFillSync } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { BlobStore } from '../../src/blobs/blob-store.js';
import { makeEnvelope, SEGMENT_SIZE, segmentNonce, wrapParameters } from '../../src/blobs/envelope.js';
import { fsyncDir } from '../../src/blobs/file-blob-store.js';
import { masterKeyFromBytes } from '../../src/crypto/master-key.js';
import { MB, interleave, summarize, type TimedOp } from '../measure.js';
import { compare, type LimitResult, type ScenarioResult } from '../report.js';

const CHUNK = 64 * 1024;

/** A body as an upload arrives: a byte stream of 64 KiB chunks (slices, no copies). */
function chunked(buf: Buffer): Readable {
  const slices: Buffer[] = [];
  for (let offset = 0; offset < buf.length; offset += CHUNK) slices.push(buf.subarray(offset, offset + CHUNK));
  return Readable.from(slices, { objectMode: false });
}

function sizeLabel(size: number): string {
  return `${size / MB} MB`;
}

/** The limit: write a buffer to a new file, fsync, close. Files are kept for the read phase. */
export function rawWriteOp(dir: string, size: number, files: string[], name = 'raw'): TimedOp {
  const buf = Buffer.allocUnsafe(size);
  return {
    prepare: () => void randomFillSync(buf),
    async run(i) {
      const file = path.join(dir, `${name}-${size}-${i}`);
      const fh = await fs.open(file, 'wx', 0o600);
      try {
        for (let offset = 0; offset < buf.length; ) offset += (await fh.write(buf, offset, buf.length - offset)).bytesWritten;
        await fh.sync();
      } finally {
        await fh.close();
      }
      files.push(file);
    },
  };
}

/** Plaintext sealed and written per write() in `sealedDurableWriteOp`. */
const SEALED_WRITE_BYTES = 1024 * 1024;

/**
 * What the design itself needs for one blob, done as plainly as possible on the calling thread,
 * no HTTP, no streams, no threads: the bytes hashed (SHA-256, the content address) and sealed
 * in the envelope's segments (a fresh envelope: data key wrapped under the master key, AES-256-GCM
 * per 64 KiB segment), written 1 MiB at a time to a temp file, fsynced, renamed into a fan-out
 * folder under their hash, and that folder fsynced. An upload cannot be faster than this
 * without giving up encryption at rest, content addressing or the crash-safe rename.
 */
export function sealedDurableWriteOp(dir: string, size: number, files: string[], name = 'sealed'): TimedOp {
  const buf = Buffer.allocUnsafe(size);
  const wrap = wrapParameters(masterKeyFromBytes(randomBytes(32)));
  const objects = path.join(dir, `${name}-objects`);
  return {
    async prepare() {
      randomFillSync(buf);
      await fs.mkdir(objects, { recursive: true });
    },
    async run(i) {
      const { header, dataKey, prefix } = makeEnvelope(wrap);
      const hash = createHash('sha256');
      const tmp = path.join(dir, `${name}-${size}-${i}.part`);
      const fh = await fs.open(tmp, 'wx', 0o600);
      try {
        let index = 0;
        let pending: Buffer[] = [header];
        for (let at = 0; at < size; ) {
          const end = Math.min(size, at + SEALED_WRITE_BYTES);
          for (; at < end; at += SEGMENT_SIZE) {
            const plain = buf.subarray(at, Math.min(at + SEGMENT_SIZE, size));
            hash.update(plain);
            const cipher = createCipheriv('aes-256-gcm', dataKey, segmentNonce(prefix, index++, at + SEGMENT_SIZE >= size));
            pending.push(cipher.update(plain));
            cipher.final();
            pending.push(cipher.getAuthTag());
          }
          const bytes = pending.reduce((n, b) => n + b.length, 0);
          const { bytesWritten } = await fh.writev(pending);
          if (bytesWritten !== bytes) throw new Error(`short write: ${bytesWritten} of ${bytes} bytes`);
          pending = [];
        }
        await fh.sync();
      } finally {
        await fh.close();
      }
      const fanOut = path.join(objects, (i % 256).toString(16).padStart(2, '0'));
      await fs.mkdir(fanOut, { recursive: true });
      const final = path.join(fanOut, hash.digest('hex'));
      await fs.rename(tmp, final);
      await fsyncDir(fanOut);
      files.push(final);
    },
  };
}

/** The scenario: a put through the file blob store (hash, encrypt, write, fsync, rename, fsync dirs). */
function blobPutOp(store: BlobStore, size: number, stored: string[]): TimedOp {
  const buf = Buffer.allocUnsafe(size);
  return {
    // Fresh random content every time: nothing deduplicates.
    prepare: () => void randomFillSync(buf),
    async run() {
      const result = await store.put(chunked(buf));
      if (!result.created || result.size !== size) throw new Error(`blob put did not store a new ${size}-byte blob`);
      stored.push(result.sha256);
    },
  };
}

/**
 * A second, informational limit: the blob store's crash-safety protocol done with bare `fs`, no
 * crypto. Write+fsync a temp file, rename it into an existing fan-out folder (objects/ab/, made
 * when the store opens) and fsync that folder. What a put loses against this is the cost of
 * Tijori's own code (hashing, encryption, streams).
 */
function rawDurableCreateOp(dir: string, size: number): TimedOp {
  const buf = Buffer.allocUnsafe(size);
  const objects = path.join(dir, 'objects');
  return {
    prepare: () => void randomFillSync(buf),
    async run(i) {
      await fs.mkdir(objects, { recursive: true });
      const tmp = path.join(dir, `durable-${size}-${i}.part`);
      const fh = await fs.open(tmp, 'wx', 0o600);
      try {
        for (let offset = 0; offset < buf.length; ) offset += (await fh.write(buf, offset, buf.length - offset)).bytesWritten;
        await fh.sync();
      } finally {
        await fh.close();
      }
      const fanOut = path.join(objects, (i % 256).toString(16).padStart(2, '0'));
      await fs.mkdir(fanOut, { recursive: true });
      await fs.rename(tmp, path.join(fanOut, `${size}-${i}`));
      await fsyncDir(fanOut);
    },
  };
}

export interface WriteOutcome {
  limits: LimitResult[];
  scenarios: ScenarioResult[];
  rawFiles: string[];
  blobs: string[];
}

/**
 * Raw write+fsync, the same plus the rename protocol, and blob put of `size`, interleaved.
 * Target: put ≥ `target` × raw write+fsync; the protocol comparison is for information.
 */
export async function benchWrites(rawDir: string, store: BlobStore, size: number, iterations: number, warmup: number, target: number): Promise<WriteOutcome> {
  const rawFiles: string[] = [];
  const blobs: string[] = [];
  const ops = [rawWriteOp(rawDir, size, rawFiles), rawDurableCreateOp(rawDir, size), blobPutOp(store, size, blobs)];
  const [raw, durable, put] = await interleave(ops, iterations, warmup);
  const per = `${sizeLabel(size)} file`;
  const rawLimit: LimitResult = { id: `fs-write-${size}`, label: `fs write+fsync ${sizeLabel(size)}`, ...summarize(raw!, size / MB, 'MB/s', per) };
  const durableLimit: LimitResult = {
    id: `fs-durable-${size}`,
    label: `fs write+fsync+rename+dir fsyncs ${sizeLabel(size)}`,
    ...summarize(durable!, size / MB, 'MB/s', per),
  };
  const putStat = summarize(put!, size / MB, 'MB/s', per);
  return {
    limits: [rawLimit, durableLimit],
    scenarios: [
      compare(`blob-put-${size}`, `blob put ${sizeLabel(size)}`, putStat, rawLimit, target),
      compare(`blob-put-${size}-vs-durable`, `blob put ${sizeLabel(size)}`, putStat, durableLimit, null),
    ],
    rawFiles,
    blobs,
  };
}

/**
 * The same comparison with `concurrency` files at a time, as a server sees uploads arrive: each
 * round writes that many raw files at once (write+fsync each), then puts that many blobs at once
 * (order alternating by round, as in `interleave`). Throughput is bytes over the rounds' wall
 * time, so one put's hashing and encryption can overlap another's fsync, and the raw files'
 * fsyncs can share journal commits the same way.
 */
export async function benchConcurrentWrites(
  rawDir: string,
  store: BlobStore,
  size: number,
  concurrency: number,
  rounds: number,
  warmup: number,
  target: number,
): Promise<{ limit: LimitResult; scenario: ScenarioResult }> {
  const rawFiles: string[] = [];
  const blobs: string[] = [];
  const raws = Array.from({ length: concurrency }, (_, k) => rawWriteOp(rawDir, size, rawFiles, `raw-at-once-${k}`));
  const puts = Array.from({ length: concurrency }, () => blobPutOp(store, size, blobs));
  const together = (ops: TimedOp[]): TimedOp => ({
    prepare: async (i) => void (await Promise.all(ops.map((op) => op.prepare?.(i)))),
    run: async (i) => void (await Promise.all(ops.map((op) => op.run(i)))),
  });
  const [raw, put] = await interleave([together(raws), together(puts)], rounds, warmup);
  const per = `${concurrency} × ${sizeLabel(size)} files at once`;
  const bytesPerRound = (concurrency * size) / MB;
  const limit: LimitResult = {
    id: `fs-write-${size}-x${concurrency}`,
    label: `fs write+fsync ${sizeLabel(size)}, ${concurrency} at a time`,
    ...summarize(raw!, bytesPerRound, 'MB/s', per),
  };
  const scenario = compare(
    `blob-put-${size}-x${concurrency}`,
    `blob put ${sizeLabel(size)}, ${concurrency} at a time`,
    summarize(put!, bytesPerRound, 'MB/s', per),
    limit,
    target,
  );
  await Promise.all([...rawFiles.map((f) => fs.rm(f, { force: true })), ...blobs.map((b) => store.delete(b))]);
  return { limit, scenario };
}

/** Blob get (decrypt + authenticate + SHA-256 check) against a plain read of same-sized files; page cache warm. */
export async function benchReads(
  store: BlobStore,
  size: number,
  rawFiles: readonly string[],
  blobs: readonly string[],
): Promise<{ limit: LimitResult; scenario: ScenarioResult }> {
  const n = Math.min(rawFiles.length, blobs.length);
  const rawRead: TimedOp = {
    async run(i) {
      const fh = await fs.open(rawFiles[i]!, 'r');
      let total = 0;
      // The stream closes the handle when it ends.
      for await (const chunk of fh.createReadStream({ highWaterMark: CHUNK })) total += (chunk as Buffer).length;
      if (total !== size) throw new Error(`read ${total} bytes, expected ${size}`);
    },
  };
  const blobGet: TimedOp = {
    async run(i) {
      const read = await store.get(blobs[i]!);
      if (!read) throw new Error('stored blob is missing');
      let total = 0;
      for await (const chunk of read.stream) total += (chunk as Buffer).length;
      if (total !== size) throw new Error(`blob get yielded ${total} bytes, expected ${size}`);
    },
  };
  const warmup = 1;
  const [raw, get] = await interleave([rawRead, blobGet], n - warmup, warmup);
  const per = `${sizeLabel(size)} file`;
  const limit: LimitResult = {
    id: `fs-read-${size}`,
    label: `fs read ${sizeLabel(size)} (cached)`,
    ...summarize(raw!, size / MB, 'MB/s', per),
    note: 'files just written, so served from the page cache: a memory-speed ceiling, not disk',
  };
  const scenario = compare(`blob-get-${size}`, `blob get ${sizeLabel(size)}`, summarize(get!, size / MB, 'MB/s', per), limit, null);
  return { limit, scenario };
}
