import { createHash } from 'node:crypto';
import { Readable, Transform } from 'node:stream';
import { AppError } from '../lib/errors.js';
import type { PutOptions } from './blob-store.js';

/** Counts a body's bytes and stops it as soon as it exceeds the limit. */
export function createSizeLimit(options: PutOptions) {
  let size = 0;
  return {
    /** Counts one chunk; throws payload_too_large past the limit. */
    add(chunk: Buffer): void {
      size += chunk.length;
      if (options.maxBytes !== undefined && size > options.maxBytes) {
        throw new AppError('payload_too_large', `The file is larger than the limit of ${options.maxBytes} bytes.`);
      }
    },
    size: () => size,
  };
}

/** Throws checksum_mismatch unless `sha256` (hex) is the SHA-256 the caller announced, if any. */
export function checkAnnounced(options: PutOptions, sha256: string): void {
  if (options.expectedSha256 !== undefined && options.expectedSha256.toLowerCase() !== sha256) {
    throw new AppError('checksum_mismatch', 'The uploaded bytes do not match the SHA-256 that was announced.');
  }
}

/**
 * Measures and hashes the plaintext on its way to the encrypter, and stops the stream as
 * soon as it exceeds the limit, so an oversized body is never written out in full.
 */
export function createIngestMeter(options: PutOptions) {
  const hash = createHash('sha256');
  const limit = createSizeLimit(options);
  const meter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      try {
        limit.add(chunk);
      } catch (err) {
        cb(err as Error);
        return;
      }
      hash.update(chunk);
      cb(null, chunk);
    },
  });
  return {
    meter,
    /** Call after the stream finished; throws if the content does not match what was promised. */
    result(): { sha256: string; size: number } {
      const sha256 = hash.digest('hex');
      checkAnnounced(options, sha256);
      return { sha256, size: limit.size() };
    },
  };
}

/** A Buffer body is handed out in 64 KiB slices (no copies), so it flows with backpressure. */
export function toReadable(body: Readable | Buffer): Readable {
  if (!Buffer.isBuffer(body)) return body;
  const slices: Buffer[] = [];
  for (let offset = 0; offset < body.length; offset += SLICE) slices.push(body.subarray(offset, offset + SLICE));
  return Readable.from(slices, { objectMode: false });
}

const SLICE = 64 * 1024;
