import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import type { MasterKey } from '../crypto/master-key.js';

/**
 * Blob encryption at rest: a fresh AES-256-GCM data key per blob, wrapped by a key derived
 * from the master key, and the body cut into 64 KiB segments that are each authenticated
 * (the "STREAM" construction). A reader therefore never hands out a byte that has not been
 * authenticated, memory stays bounded whatever the blob size, and truncation or reordering
 * is detected because each nonce carries the segment number and a last-segment flag.
 *
 * Layout: magic "TJB1" | key id (8) | wrap IV (12) | wrapped key (32) | wrap tag (16)
 *         | nonce prefix (7) | segments: ciphertext (≤ 64 KiB) + tag (16) …
 */
const MAGIC = Buffer.from('TJB1');
export const SEGMENT_SIZE = 64 * 1024;
const TAG = 16;
export const HEADER_SIZE = 4 + 8 + 12 + 32 + 16 + 7;
const WRAP_PURPOSE = 'blob-key-wrap/v1';

export class BlobCorruptError extends Error {
  override readonly name = 'BlobCorruptError';
}

/**
 * Plaintext size of an encrypted object of `stored` bytes. Throws BlobCorruptError for a length
 * no blob can have (cut inside its header or inside a segment tag), rather than guessing.
 */
export function plaintextSize(stored: number): number {
  const body = stored - HEADER_SIZE;
  if (!Number.isSafeInteger(stored) || body < TAG) throw new BlobCorruptError('stored object is shorter than its header');
  const segments = Math.ceil(body / (SEGMENT_SIZE + TAG));
  const last = body - (segments - 1) * (SEGMENT_SIZE + TAG);
  // Only an empty blob has an empty (tag-only) last segment; anything shorter than a tag is cut.
  if (last < TAG || (last === TAG && segments > 1)) throw new BlobCorruptError('stored object has an impossible length (truncated?)');
  return body - segments * TAG;
}

/** The nonce of segment `index`: the blob's prefix, the segment number and a last-segment flag. */
export function segmentNonce(prefix: Buffer, index: number, last: boolean): Buffer {
  const nonce = Buffer.alloc(12);
  prefix.copy(nonce, 0);
  nonce.writeUInt32BE(index, 7);
  nonce[11] = last ? 1 : 0;
  return nonce;
}

/** What a writer needs to seal one blob: its header (data key wrapped), the data key and nonce prefix. */
export interface Envelope {
  header: Buffer;
  /** Secret: the writer zeroes it when done. */
  dataKey: Buffer;
  prefix: Buffer;
}

/** What wraps data keys: the wrapping key, and the header's first bytes (magic and key id), also the wrap's associated data. */
export interface WrapParameters {
  wrapKey: Buffer;
  headerStart: Buffer;
}

/** The wrap parameters under `master`; the file store's writer threads are started with them (blob-writer.worker.ts). */
export function wrapParameters(master: MasterKey): WrapParameters {
  return { wrapKey: master.derive(WRAP_PURPOSE), headerStart: Buffer.concat([MAGIC, master.id]) };
}

/** A fresh envelope: a new data key and nonce prefix, and the header that carries the key wrapped. */
export function makeEnvelope({ wrapKey, headerStart }: WrapParameters): Envelope {
  const dataKey = randomBytes(32);
  const prefix = randomBytes(7);
  const wrapIv = randomBytes(12);
  const wrap = createCipheriv('aes-256-gcm', wrapKey, wrapIv);
  wrap.setAAD(headerStart);
  const wrapped = Buffer.concat([wrap.update(dataKey), wrap.final()]);
  return { header: Buffer.concat([headerStart, wrapIv, wrapped, wrap.getAuthTag(), prefix]), dataKey, prefix };
}

export function newEnvelope(master: MasterKey): Envelope {
  return makeEnvelope(wrapParameters(master));
}

export function createEncryptStream(master: MasterKey): Transform {
  const { header, dataKey, prefix } = newEnvelope(master);

  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let index = 0;
  let headerSent = false;

  const seal = (plain: Buffer, last: boolean): Buffer => {
    const c = createCipheriv('aes-256-gcm', dataKey, segmentNonce(prefix, index++, last));
    const body = c.update(plain);
    c.final();
    return Buffer.concat([body, c.getAuthTag()]);
  };
  const take = (n: number): Buffer => {
    const all = pending.length === 1 ? pending[0]! : Buffer.concat(pending, pendingBytes);
    pending = all.length > n ? [all.subarray(n)] : [];
    pendingBytes -= n;
    return all.subarray(0, n);
  };

  return new Transform({
    transform(chunk: Buffer, _enc, cb: TransformCallback) {
      if (!headerSent) {
        this.push(header);
        headerSent = true;
      }
      pending.push(chunk);
      pendingBytes += chunk.length;
      // Only a segment with more bytes after it is known not to be the last one.
      while (pendingBytes > SEGMENT_SIZE) this.push(seal(take(SEGMENT_SIZE), false));
      cb();
    },
    flush(cb: TransformCallback) {
      if (!headerSent) this.push(header);
      this.push(seal(take(pendingBytes), true));
      dataKey.fill(0);
      cb();
    },
  });
}

export function createDecryptStream(master: MasterKey): Transform {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let dataKey: Buffer | undefined;
  let prefix: Buffer | undefined;
  let index = 0;

  const take = (n: number): Buffer => {
    const all = pending.length === 1 ? pending[0]! : Buffer.concat(pending, pendingBytes);
    pending = all.length > n ? [all.subarray(n)] : [];
    pendingBytes -= n;
    return all.subarray(0, n);
  };
  const open = (sealed: Buffer, last: boolean): Buffer => {
    const d = createDecipheriv('aes-256-gcm', dataKey!, segmentNonce(prefix!, index++, last));
    d.setAuthTag(sealed.subarray(sealed.length - TAG));
    const plain = d.update(sealed.subarray(0, sealed.length - TAG));
    try {
      d.final();
    } catch {
      throw new BlobCorruptError(`blob segment ${index - 1} failed authentication`);
    }
    return plain;
  };
  const readHeader = (): void => {
    const h = take(HEADER_SIZE);
    if (!h.subarray(0, 4).equals(MAGIC)) throw new BlobCorruptError('not a Tijori blob (bad magic)');
    const keyId = h.subarray(4, 12);
    if (!keyId.equals(master.id)) throw new BlobCorruptError('blob was written under another master key');
    const unwrap = createDecipheriv('aes-256-gcm', master.derive(WRAP_PURPOSE), h.subarray(12, 24));
    unwrap.setAAD(Buffer.concat([MAGIC, keyId]));
    unwrap.setAuthTag(h.subarray(56, 72));
    try {
      dataKey = Buffer.concat([unwrap.update(h.subarray(24, 56)), unwrap.final()]);
    } catch {
      throw new BlobCorruptError('blob data key failed authentication');
    }
    prefix = Buffer.from(h.subarray(72, 79));
  };

  return new Transform({
    transform(chunk: Buffer, _enc, cb: TransformCallback) {
      pending.push(chunk);
      pendingBytes += chunk.length;
      try {
        if (!dataKey && pendingBytes >= HEADER_SIZE) readHeader();
        if (dataKey) while (pendingBytes > SEGMENT_SIZE + TAG) this.push(open(take(SEGMENT_SIZE + TAG), false));
        cb();
      } catch (err) {
        cb(err as Error);
      }
    },
    flush(cb: TransformCallback) {
      try {
        if (!dataKey) throw new BlobCorruptError('blob is truncated inside its header');
        if (pendingBytes < TAG) throw new BlobCorruptError('blob is truncated');
        this.push(open(take(pendingBytes), true));
        dataKey.fill(0);
        cb();
      } catch (err) {
        cb(err as Error);
      }
    },
  });
}

/**
 * Passes bytes through and fails at the end unless their SHA-256 is `expectedHex`. The latest
 * chunk is held back until the digest is known, so content that does not match is never
 * handed out in full (a single-segment blob: not at all); memory stays at one chunk.
 */
export function createDigestCheck(expectedHex: string): Transform {
  const hash = createHash('sha256');
  let held: Buffer | undefined;
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      if (chunk.length === 0) return cb();
      hash.update(chunk);
      const previous = held;
      held = chunk;
      cb(null, previous);
    },
    flush(cb) {
      const actual = hash.digest('hex');
      if (actual !== expectedHex) return cb(new BlobCorruptError('blob content does not match its SHA-256'));
      cb(null, held);
    },
  });
}
