import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { Readable, type Transform } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { masterKeyFromBytes, type MasterKey } from '../crypto/master-key.js';
import { BlobCorruptError, HEADER_SIZE, SEGMENT_SIZE, createDecryptStream, createDigestCheck, createEncryptStream, plaintextSize } from './envelope.js';

const TAG = 16;
const SEALED_SEGMENT = SEGMENT_SIZE + TAG;
const MAX_PLAINTEXT = 300 * 1024;

const keyA = masterKeyFromBytes(randomBytes(32));
const keyB = masterKeyFromBytes(randomBytes(32));

/** Independent model of the layout: what an encrypted object of `plain` bytes must measure. */
function expectedStoredSize(plain: number): number {
  const segments = Math.max(1, Math.ceil(plain / SEGMENT_SIZE));
  return HEADER_SIZE + plain + segments * TAG;
}

/** Deterministic pseudo-random bytes (AES-CTR keystream), so fast-check can shrink and replay. */
function bytesFor(seed: number, length: number): Buffer {
  const key = createHash('sha256').update(`envelope-test-${seed}`).digest();
  return createCipheriv('aes-256-ctr', key, Buffer.alloc(16)).update(Buffer.alloc(length));
}

/** Cuts `data` into chunks whose sizes cycle through `sizes` (0 allowed: empty writes). */
function chunk(data: Buffer, sizes: number[]): Buffer[] {
  const out: Buffer[] = [];
  let offset = 0;
  for (let i = 0; offset < data.length; i++) {
    const n = sizes[i % sizes.length]!;
    out.push(data.subarray(offset, offset + n));
    offset += n;
    // Guarantee progress if every size is zero.
    if (sizes.every((s) => s === 0)) {
      out.push(data.subarray(offset));
      break;
    }
  }
  return out;
}

interface RunResult {
  output: Buffer;
  error: unknown;
}

/** Feeds chunks through a transform, collecting what it emitted before finishing or failing. */
async function run(transform: Transform, chunks: Buffer[]): Promise<RunResult> {
  const emitted: Buffer[] = [];
  transform.on('data', (b: Buffer) => emitted.push(b));
  const done = new Promise<unknown>((resolve) => {
    transform.on('end', () => resolve(undefined));
    transform.on('error', (err) => resolve(err));
  });
  const source = Readable.from(chunks, { objectMode: false });
  source.pipe(transform);
  const error = await done;
  source.unpipe(transform);
  source.destroy();
  return { output: Buffer.concat(emitted), error };
}

async function encrypt(key: MasterKey, plain: Buffer, sizes: number[] = [plain.length || 1]): Promise<Buffer> {
  const { output, error } = await run(createEncryptStream(key), chunk(plain, sizes));
  if (error) throw error;
  return output;
}

async function decrypt(key: MasterKey, stored: Buffer, sizes: number[] = [stored.length || 1]): Promise<RunResult> {
  return run(createDecryptStream(key), chunk(stored, sizes));
}

/** Decryption must fail with BlobCorruptError, and whatever it emitted first must be genuine plaintext. */
async function expectRejected(key: MasterKey, stored: Buffer, original: Buffer, sizes?: number[]): Promise<void> {
  const { output, error } = await decrypt(key, stored, sizes);
  expect(error).toBeInstanceOf(BlobCorruptError);
  expect(output.length).toBeLessThan(Math.max(1, original.length));
  expect(output.equals(original.subarray(0, output.length))).toBe(true);
}

function segmentsOf(stored: Buffer): { header: Buffer; segments: Buffer[] } {
  const header = stored.subarray(0, HEADER_SIZE);
  const segments: Buffer[] = [];
  for (let o = HEADER_SIZE; o < stored.length; o += SEALED_SEGMENT) segments.push(stored.subarray(o, Math.min(stored.length, o + SEALED_SEGMENT)));
  return { header, segments };
}

/** Plaintext lengths: around every segment boundary up to ~300 KiB, plus anything in between. */
const boundaries = [0, 1, 2, 3, 4].flatMap((k) => [k * SEGMENT_SIZE - 1, k * SEGMENT_SIZE, k * SEGMENT_SIZE + 1]).filter((n) => n >= 0);
const lengthArb = fc.oneof(fc.constantFrom(...boundaries), fc.integer({ min: 0, max: MAX_PLAINTEXT }), fc.integer({ min: 0, max: 300 }));
const plaintextArb = fc.record({ seed: fc.integer(), length: lengthArb }).map(({ seed, length }) => bytesFor(seed, length));
const chunkSizeArb = fc.oneof(
  fc.integer({ min: 0, max: 17 }),
  fc.integer({ min: 1, max: 4096 }),
  fc.integer({ min: SEGMENT_SIZE - 20, max: SEGMENT_SIZE + 20 }),
  fc.integer({ min: 1, max: MAX_PLAINTEXT }),
);
const chunkingArb = fc.array(chunkSizeArb, { minLength: 1, maxLength: 6 });
/** Multi-segment plaintexts, for the segment-level attacks. */
const multiSegmentArb = fc
  .record({ seed: fc.integer(), length: fc.integer({ min: SEGMENT_SIZE + 1, max: MAX_PLAINTEXT }) })
  .map(({ seed, length }) => bytesFor(seed, length));

describe('blob envelope', () => {
  it('round-trips any plaintext through any chunking, at the size the layout predicts', async () => {
    await fc.assert(
      fc.asyncProperty(plaintextArb, chunkingArb, chunkingArb, async (plain, inChunks, outChunks) => {
        const stored = await encrypt(keyA, plain, inChunks);
        expect(stored.length).toBe(expectedStoredSize(plain.length));
        expect(plaintextSize(stored.length)).toBe(plain.length);
        const { output, error } = await decrypt(keyA, stored, outChunks);
        expect(error).toBeUndefined();
        expect(output.equals(plain)).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('round-trips each boundary length exactly, and encrypts the same plaintext differently each time', async () => {
    for (const length of boundaries) {
      const plain = bytesFor(length, length);
      const a = await encrypt(keyA, plain);
      const b = await encrypt(keyA, plain);
      expect(a.equals(b)).toBe(false);
      expect(plaintextSize(a.length)).toBe(length);
      const { output, error } = await decrypt(keyA, a, [1000]);
      expect(error).toBeUndefined();
      expect(output.equals(plain)).toBe(true);
    }
  });

  it('plaintextSize inverts the layout for every stored length and rejects lengths no blob can have', () => {
    const valid = new Map<number, number>();
    for (let p = 0; p <= 3 * SEGMENT_SIZE + 5; p++) valid.set(expectedStoredSize(p), p);
    const wrong: string[] = [];
    for (let stored = 0; stored <= expectedStoredSize(3 * SEGMENT_SIZE + 5); stored++) {
      const p = valid.get(stored);
      let got: number | string;
      try {
        got = plaintextSize(stored);
      } catch (err) {
        got = err instanceof BlobCorruptError ? 'BlobCorruptError' : String(err);
      }
      const want = p ?? 'BlobCorruptError';
      if (got !== want) wrong.push(`${stored}: got ${got}, want ${want}`);
    }
    expect(wrong.slice(0, 10)).toEqual([]);
    expect(valid.size).toBe(3 * SEGMENT_SIZE + 6);
  });

  it('fails with BlobCorruptError when any single byte is changed', async () => {
    await fc.assert(
      fc.asyncProperty(plaintextArb, fc.nat(), fc.integer({ min: 1, max: 255 }), chunkingArb, async (plain, at, mask, sizes) => {
        const stored = await encrypt(keyA, plain);
        const i = at % stored.length;
        stored[i] = stored[i]! ^ mask;
        await expectRejected(keyA, stored, plain, sizes);
      }),
      { numRuns: 300 },
    );
  });

  it('fails on a change to every header byte and to both ends of every segment', async () => {
    const plain = bytesFor(7, 2 * SEGMENT_SIZE + 100);
    const stored = await encrypt(keyA, plain);
    const positions = new Set<number>();
    for (let i = 0; i < HEADER_SIZE; i++) positions.add(i);
    for (let o = HEADER_SIZE; o < stored.length; o += SEALED_SEGMENT) {
      for (const d of [0, 1, SEGMENT_SIZE - 1, SEGMENT_SIZE, SEALED_SEGMENT - 1]) if (o + d < stored.length) positions.add(o + d);
    }
    positions.add(stored.length - 1);
    for (const i of positions) {
      const copy = Buffer.from(stored);
      copy[i] = copy[i]! ^ 0x01;
      await expectRejected(keyA, copy, plain);
    }
  });

  it('fails with BlobCorruptError when truncated at any point', async () => {
    await fc.assert(
      fc.asyncProperty(plaintextArb, fc.nat(), chunkingArb, async (plain, at, sizes) => {
        const stored = await encrypt(keyA, plain);
        const cut = at % stored.length;
        await expectRejected(keyA, stored.subarray(0, cut), plain, sizes);
        // Truncation must not pass for a shorter blob when sized either.
        if (cut >= HEADER_SIZE) {
          let sized: number | undefined;
          try {
            sized = plaintextSize(cut);
          } catch (err) {
            expect(err).toBeInstanceOf(BlobCorruptError);
          }
          if (sized !== undefined) expect(sized).toBeLessThan(plain.length);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('fails when truncated exactly at every segment boundary', async () => {
    const plain = bytesFor(11, 4 * SEGMENT_SIZE);
    const stored = await encrypt(keyA, plain);
    for (let cut = HEADER_SIZE; cut < stored.length; cut += SEALED_SEGMENT) await expectRejected(keyA, stored.subarray(0, cut), plain);
  });

  it('fails when whole segments are swapped, duplicated or dropped', async () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('swap' as const), i: fc.nat(), j: fc.nat() }),
      fc.record({ kind: fc.constant('duplicate' as const), i: fc.nat(), j: fc.nat() }),
      fc.record({ kind: fc.constant('drop' as const), i: fc.nat(), j: fc.nat() }),
    );
    await fc.assert(
      fc.asyncProperty(multiSegmentArb, op, chunkingArb, async (plain, { kind, i: ri, j: rj }, sizes) => {
        const stored = await encrypt(keyA, plain);
        const { header, segments } = segmentsOf(stored);
        const i = ri % segments.length;
        let j = rj % segments.length;
        const edited = [...segments];
        if (kind === 'swap') {
          if (j === i) j = (i + 1) % segments.length;
          [edited[i], edited[j]] = [edited[j]!, edited[i]!];
        } else if (kind === 'duplicate') {
          edited.splice(j, 0, segments[i]!);
        } else {
          edited.splice(i, 1);
        }
        await expectRejected(keyA, Buffer.concat([header, ...edited]), plain, sizes);
      }),
      { numRuns: 150 },
    );
  });

  it('fails when a segment is taken from another blob under the same key', async () => {
    const plain = bytesFor(3, 3 * SEGMENT_SIZE);
    const a = segmentsOf(await encrypt(keyA, plain));
    const b = segmentsOf(await encrypt(keyA, plain));
    for (let i = 0; i < a.segments.length; i++) {
      const mixed = [...a.segments];
      mixed[i] = b.segments[i]!;
      await expectRejected(keyA, Buffer.concat([a.header, ...mixed]), plain);
    }
    // Nor can another blob's header be used to open these segments.
    await expectRejected(keyA, Buffer.concat([b.header, ...a.segments]), plain);
  });

  it('fails with BlobCorruptError under another master key, even one claiming the same key id', async () => {
    await fc.assert(
      fc.asyncProperty(plaintextArb, chunkingArb, async (plain, sizes) => {
        const stored = await encrypt(keyA, plain, sizes);
        await expectRejected(keyB, stored, plain, sizes);
        const impostor: MasterKey = { id: keyA.id, derive: (purpose) => keyB.derive(purpose) };
        await expectRejected(impostor, stored, plain, sizes);
      }),
      { numRuns: 40 },
    );
  });

  it('fails on inputs that are not blobs at all', async () => {
    for (const junk of [Buffer.alloc(0), Buffer.from('TJB1'), randomBytes(HEADER_SIZE), randomBytes(HEADER_SIZE + TAG), randomBytes(200_000)]) {
      const { output, error } = await decrypt(keyA, junk);
      expect(error).toBeInstanceOf(BlobCorruptError);
      expect(output.length).toBe(0);
    }
  });

  describe('digest check', () => {
    it('passes matching content through unchanged', async () => {
      const plain = bytesFor(5, 200_000);
      const sha = createHash('sha256').update(plain).digest('hex');
      const { output, error } = await run(createDigestCheck(sha), chunk(plain, [SEGMENT_SIZE]));
      expect(error).toBeUndefined();
      expect(output.equals(plain)).toBe(true);
    });

    it('fails on content that does not match, and never hands out all of it', async () => {
      await fc.assert(
        fc.asyncProperty(plaintextArb, chunkingArb, async (plain, sizes) => {
          const wrong = createHash('sha256').update(plain).update('x').digest('hex');
          const { output, error } = await run(createDigestCheck(wrong), chunk(plain, sizes));
          expect(error).toBeInstanceOf(BlobCorruptError);
          expect(output.length).toBeLessThan(Math.max(1, plain.length));
          expect(output.equals(plain.subarray(0, output.length))).toBe(true);
        }),
        { numRuns: 60 },
      );
    });
  });
});
