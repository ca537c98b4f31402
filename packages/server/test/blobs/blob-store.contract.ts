import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BlobStore } from '../../src/blobs/blob-store.js';
import { BlobCorruptError, HEADER_SIZE, SEGMENT_SIZE } from '../../src/blobs/envelope.js';
import { AppError, type ErrorCode } from '../../src/lib/errors.js';

/** What a backend's test file provides: the store, plus raw access to what it keeps. */
export interface BlobStoreHarness {
  store: BlobStore;
  /** Every entry the backend holds (files under the store folder, keys in the bucket), temporary ones included. */
  listRaw(): Promise<string[]>;
  /** The entry `listRaw` shows for the object stored under `sha256`. */
  rawNameOf(sha256: string): string;
  /** The stored (encrypted) bytes of an object, bypassing the store. */
  readRaw(sha256: string): Promise<Buffer>;
  /** Replaces the stored bytes of an object, bypassing the store (tampering). */
  writeRaw(sha256: string, bytes: Buffer): Promise<void>;
  close(): Promise<void>;
}

const KiB = 1024;
const MiB = 1024 * 1024;
const SEALED_SEGMENT = SEGMENT_SIZE + 16;

export const sha256Of = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

/** Deterministic pseudo-random bytes (AES-CTR keystream) of any length. */
export function pseudoRandom(seed: string, length: number): Buffer {
  const key = createHash('sha256').update(seed).digest();
  return createCipheriv('aes-256-ctr', key, Buffer.alloc(16)).update(Buffer.alloc(length));
}

/**
 * A body produced on demand by a generator, 64 KiB at a time, never held in memory as a whole.
 * `onProgress` runs before each chunk is produced, with the byte count handed out so far.
 */
export function generatedBody(length: number, onProgress?: (sent: number) => void) {
  const cipher = createCipheriv('aes-256-ctr', randomBytes(32), randomBytes(16));
  const zeros = Buffer.alloc(64 * KiB);
  const hash = createHash('sha256');
  let sent = 0;
  const stream = Readable.from(
    (function* () {
      while (sent < length) {
        onProgress?.(sent);
        const n = Math.min(zeros.length, length - sent);
        const chunk = cipher.update(zeros.subarray(0, n));
        hash.update(chunk);
        sent += n;
        yield chunk;
      }
    })(),
    { objectMode: false },
  );
  return { stream, sent: () => sent, sha256: () => hash.copy().digest('hex') };
}

export interface ReadBack {
  data: Buffer;
  /** Set when get() rejected or the stream errored. */
  error: unknown;
}

/** Reads a blob completely, keeping whatever arrived before a failure. */
export async function readBack(store: BlobStore, sha256: string): Promise<ReadBack & { size: number | null }> {
  let read;
  try {
    read = await store.get(sha256);
  } catch (error) {
    return { data: Buffer.alloc(0), error, size: null };
  }
  if (read === null) return { data: Buffer.alloc(0), error: new Error('get returned null'), size: null };
  const chunks: Buffer[] = [];
  try {
    for await (const c of read.stream) chunks.push(c as Buffer);
    return { data: Buffer.concat(chunks), error: undefined, size: read.size };
  } catch (error) {
    return { data: Buffer.concat(chunks), error, size: read.size };
  }
}

export async function expectAppError(promise: Promise<unknown>, code: ErrorCode): Promise<AppError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, `expected AppError ${code}`).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe(code);
  return err as AppError;
}

let gcFn: (() => void) | undefined;
/** Bytes reachable right now (JS heap plus Buffer memory), after a full garbage collection. */
export function liveBytes(): number {
  if (!gcFn) {
    v8.setFlagsFromString('--expose-gc');
    gcFn = vm.runInNewContext('gc') as () => void;
  }
  // Twice: V8 frees dead Buffer memory on a background sweep after a collection, and the next
  // collection waits for that sweep, so the figure below is exact rather than occasionally stale.
  gcFn();
  gcFn();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/** Samples live memory every `every` bytes of progress; reports the highest growth over the start. */
export function memoryProbe(every = MiB) {
  const baseline = liveBytes();
  let next = 0;
  let peak = 0;
  return {
    sample(progress: number) {
      if (progress < next) return;
      next = progress + every;
      peak = Math.max(peak, liveBytes() - baseline);
    },
    peak: () => peak,
  };
}

function unchanged(before: string[], after: string[]): void {
  expect([...after].sort()).toEqual([...before].sort());
}

/**
 * The behaviour every BlobStore must show. `factory` runs once for the suite; tests use fresh
 * random content, so they do not depend on each other.
 */
export function describeBlobStoreContract(name: string, factory: () => Promise<BlobStoreHarness>): void {
  describe(`BlobStore contract: ${name}`, () => {
    let h: BlobStoreHarness;
    let store: BlobStore;
    beforeAll(async () => {
      h = await factory();
      store = h.store;
    });
    afterAll(async () => {
      await h?.close();
    });

    it('check() resolves', async () => {
      await expect(store.check()).resolves.toBeUndefined();
    });

    const cases = [
      { size: 0, as: 'buffer' },
      { size: 1, as: 'buffer' },
      { size: SEGMENT_SIZE, as: 'stream' },
      { size: 1 * MiB, as: 'buffer' },
      { size: 1 * MiB, as: 'stream' },
      { size: 10 * MiB, as: 'buffer' },
      { size: 10 * MiB, as: 'stream' },
    ] as const;
    for (const { size, as } of cases) {
      it(`stores ${size} bytes given as a ${as} and returns them identically`, async () => {
        const data = pseudoRandom(`${name}-${size}-${as}-${Math.random()}`, size);
        const before = await h.listRaw();
        const body = as === 'buffer' ? data : Readable.from(chunksOf(data, 100_000), { objectMode: false });
        const stored = await store.put(body);
        expect(stored).toEqual({ sha256: sha256Of(data), size, created: true });
        // Exactly one new entry, where the object lives: no temporary left behind.
        unchanged([...before, h.rawNameOf(stored.sha256)], await h.listRaw());
        expect(await store.head(stored.sha256)).toEqual({ size });
        const back = await readBack(store, stored.sha256);
        expect(back.error).toBeUndefined();
        expect(back.size).toBe(size);
        expect(back.data.length).toBe(size);
        expect(back.data.equals(data)).toBe(true);
      });
    }

    it('is content-addressed: the same bytes twice give the same key, stored once', async () => {
      const data = pseudoRandom(`dup-${Math.random()}`, 300 * KiB);
      const first = await store.put(data);
      const afterFirst = await h.listRaw();
      const second = await store.put(Readable.from(chunksOf(data, 7777), { objectMode: false }));
      expect(first).toEqual({ sha256: sha256Of(data), size: data.length, created: true });
      expect(second).toEqual({ sha256: first.sha256, size: data.length, created: false });
      unchanged(afterFirst, await h.listRaw());
      const other = await store.put(Buffer.concat([data, Buffer.from([0])]));
      expect(other.sha256).not.toBe(first.sha256);
      expect(other.created).toBe(true);
      expect((await readBack(store, first.sha256)).data.equals(data)).toBe(true);
    });

    it('stores concurrent puts, identical and different, all readable', async () => {
      const datas = Array.from({ length: 4 }, (_, i) => pseudoRandom(`concurrent-${i}-${Math.random()}`, 200 * KiB + i));
      const bodies = [...datas, ...datas];
      const results = await Promise.all(bodies.map((d) => store.put(Readable.from(chunksOf(d, 32 * KiB), { objectMode: false }))));
      for (const [i, d] of bodies.entries()) expect(results[i]!.sha256).toBe(sha256Of(d));
      for (const d of datas) {
        const back = await readBack(store, sha256Of(d));
        expect(back.error).toBeUndefined();
        expect(back.data.equals(d)).toBe(true);
      }
    });

    it('rejects a body over maxBytes with payload_too_large and stores nothing', async () => {
      const limit = 1 * MiB;
      const exact = pseudoRandom(`limit-${Math.random()}`, limit);
      const over = Buffer.concat([exact, Buffer.from([42])]);
      const before = await h.listRaw();
      await expectAppError(store.put(over, { maxBytes: limit }), 'payload_too_large');
      await expectAppError(store.put(Readable.from(chunksOf(over, 64 * KiB), { objectMode: false }), { maxBytes: limit }), 'payload_too_large');
      expect(await store.head(sha256Of(over))).toBeNull();
      expect(await store.get(sha256Of(over))).toBeNull();
      unchanged(before, await h.listRaw());
      // At the limit is fine.
      expect((await store.put(exact, { maxBytes: limit })).size).toBe(limit);
    });

    it('stops reading an oversized body soon after the limit instead of consuming it all', async () => {
      const body = generatedBody(64 * MiB);
      const before = await h.listRaw();
      await expectAppError(store.put(body.stream, { maxBytes: 200 * KiB }), 'payload_too_large');
      expect(body.sent()).toBeLessThan(2 * MiB);
      unchanged(before, await h.listRaw());
    });

    it('rejects a body that does not match expectedSha256 with checksum_mismatch and stores nothing', async () => {
      const data = pseudoRandom(`checksum-${Math.random()}`, 150 * KiB);
      const wrong = sha256Of(Buffer.concat([data, Buffer.from('!')]));
      const before = await h.listRaw();
      await expectAppError(store.put(data, { expectedSha256: wrong }), 'checksum_mismatch');
      await expectAppError(store.put(Readable.from(chunksOf(data, 10_000), { objectMode: false }), { expectedSha256: wrong }), 'checksum_mismatch');
      expect(await store.head(sha256Of(data))).toBeNull();
      expect(await store.head(wrong)).toBeNull();
      unchanged(before, await h.listRaw());
      // The announced digest may be given in either case; matching content is stored.
      const ok = await store.put(data, { expectedSha256: sha256Of(data).toUpperCase() });
      expect(ok).toEqual({ sha256: sha256Of(data), size: data.length, created: true });
      // A mismatching put of content that exists leaves the existing blob intact.
      await expectAppError(store.put(Buffer.from('something else'), { expectedSha256: ok.sha256 }), 'checksum_mismatch');
      expect((await readBack(store, ok.sha256)).data.equals(data)).toBe(true);
    });

    it('answers null for unknown and malformed keys, and delete ignores them', async () => {
      const data = pseudoRandom(`keys-${Math.random()}`, 1000);
      const { sha256 } = await store.put(data);
      const unknown = sha256Of(Buffer.from(`never stored ${Math.random()}`));
      const malformed = [
        '../../etc/passwd',
        `../${sha256}`,
        `${sha256.slice(0, 2)}/${sha256}`,
        sha256.toUpperCase(),
        sha256.slice(0, 63),
        `${sha256}0`,
        ` ${sha256}`,
        `${sha256}\n`,
        `${sha256.slice(0, 62)}..`,
        '',
      ];
      for (const key of [unknown, ...malformed]) {
        expect(await store.get(key), JSON.stringify(key)).toBeNull();
        expect(await store.head(key), JSON.stringify(key)).toBeNull();
        await expect(store.delete(key)).resolves.toBeUndefined();
      }
      expect((await readBack(store, sha256)).data.equals(data)).toBe(true);
    });

    it('deletes idempotently, and a deleted blob can be stored again', async () => {
      const data = pseudoRandom(`delete-${Math.random()}`, 70 * KiB);
      const before = await h.listRaw();
      const { sha256 } = await store.put(data);
      await store.delete(sha256);
      await store.delete(sha256);
      expect(await store.get(sha256)).toBeNull();
      expect(await store.head(sha256)).toBeNull();
      unchanged(before, await h.listRaw());
      expect((await store.put(data)).created).toBe(true);
      expect((await readBack(store, sha256)).data.equals(data)).toBe(true);
    });

    it('streams a 10 MB put and get without holding the body in memory', async () => {
      const size = 10 * MiB;
      const budget = 8 * MiB;
      // Warm up every code path a large put takes (multipart uploads included) and connection
      // pools, so that one-time allocations (compiled code, caches) do not count.
      const warm = await store.put(generatedBody(6 * MiB).stream);
      const warmRead = await store.get(warm.sha256);
      for await (const _chunk of warmRead!.stream) {
        // drain
      }

      const probe = memoryProbe();
      const body = generatedBody(size, (sent) => probe.sample(sent));
      const stored = await store.put(body.stream);
      probe.sample(Number.MAX_SAFE_INTEGER);
      expect(stored.sha256).toBe(body.sha256());
      expect(stored.size).toBe(size);
      expect(probe.peak(), `put grew live memory by ${probe.peak()} bytes`).toBeLessThan(budget);

      const readProbe = memoryProbe();
      const read = await store.get(stored.sha256);
      expect(read?.size).toBe(size);
      const hash = createHash('sha256');
      let got = 0;
      for await (const c of read!.stream) {
        hash.update(c as Buffer);
        got += (c as Buffer).length;
        readProbe.sample(got);
      }
      readProbe.sample(Number.MAX_SAFE_INTEGER);
      expect(got).toBe(size);
      expect(hash.digest('hex')).toBe(stored.sha256);
      expect(readProbe.peak(), `get grew live memory by ${readProbe.peak()} bytes`).toBeLessThan(budget);
    });

    it('fails the read instead of returning data when a stored byte is changed', async () => {
      const data = pseudoRandom(`tamper-${Math.random()}`, 1 * MiB);
      const { sha256 } = await store.put(data);
      const original = await h.readRaw(sha256);
      const positions = [
        0, // magic
        6, // key id
        30, // wrapped data key
        HEADER_SIZE - 1, // nonce prefix
        HEADER_SIZE + 10, // first segment
        HEADER_SIZE + 7 * SEALED_SEGMENT + 1234, // a middle segment
        HEADER_SIZE + 8 * SEALED_SEGMENT - 1, // a segment tag
        original.length - 1, // last byte
      ];
      for (const at of positions) {
        const tampered = Buffer.from(original);
        tampered[at] = tampered[at]! ^ 0x20;
        await h.writeRaw(sha256, tampered);
        const back = await readBack(store, sha256);
        expect(back.error, `byte ${at}`).toBeInstanceOf(BlobCorruptError);
        expect(back.data.length, `byte ${at}`).toBeLessThan(data.length);
        expect(back.data.equals(data.subarray(0, back.data.length)), `byte ${at}`).toBe(true);
        if (at < HEADER_SIZE + SEALED_SEGMENT) expect(back.data.length, `byte ${at}`).toBe(0);
      }
      await h.writeRaw(sha256, original);
      expect((await readBack(store, sha256)).data.equals(data)).toBe(true);
    });

    it('fails the read when the stored object is truncated or extended', async () => {
      const data = pseudoRandom(`truncate-${Math.random()}`, 200 * KiB);
      const { sha256 } = await store.put(data);
      const original = await h.readRaw(sha256);
      for (const stored of [
        original.subarray(0, 0),
        original.subarray(0, HEADER_SIZE - 1),
        original.subarray(0, HEADER_SIZE + 5),
        original.subarray(0, HEADER_SIZE + SEALED_SEGMENT),
        original.subarray(0, HEADER_SIZE + 2 * SEALED_SEGMENT + 100),
        original.subarray(0, original.length - 1),
        Buffer.concat([original, Buffer.alloc(1)]),
      ]) {
        await h.writeRaw(sha256, stored);
        const back = await readBack(store, sha256);
        expect(back.error, `stored length ${stored.length}`).toBeInstanceOf(BlobCorruptError);
        expect(back.data.length).toBeLessThan(data.length);
        expect(back.data.equals(data.subarray(0, back.data.length))).toBe(true);
      }
    });

    it('fails the read when another blob is put in place of the one asked for, without handing it all out', async () => {
      const small = pseudoRandom(`swap-a-${Math.random()}`, 1000);
      const large = pseudoRandom(`swap-b-${Math.random()}`, 300 * KiB);
      const target = pseudoRandom(`swap-c-${Math.random()}`, 1000);
      const a = await store.put(small);
      const b = await store.put(large);
      const t = await store.put(target);
      await h.writeRaw(t.sha256, await h.readRaw(a.sha256));
      const swappedSmall = await readBack(store, t.sha256);
      expect(swappedSmall.error).toBeInstanceOf(BlobCorruptError);
      expect(swappedSmall.data.length).toBe(0);
      await h.writeRaw(t.sha256, await h.readRaw(b.sha256));
      const swappedLarge = await readBack(store, t.sha256);
      expect(swappedLarge.error).toBeInstanceOf(BlobCorruptError);
      expect(swappedLarge.data.length).toBeLessThan(large.length);
    });
  });
}

export function chunksOf(data: Buffer, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let o = 0; o < data.length; o += size) out.push(data.subarray(o, o + size));
  return out;
}
