import { createCipheriv, createHash, randomBytes, randomFillSync } from 'node:crypto';
import { MB, interleave, summarize } from '../measure.js';
import type { LimitResult } from '../report.js';

const SEGMENT = 64 * 1024;

/**
 * The CPU ceiling of the blob envelope on one thread: AES-256-GCM over 64 KiB segments plus a
 * SHA-256 of the same bytes, in memory. A put cannot beat this (crypto runs on the event loop).
 */
export async function benchCryptoCpu(size: number, iterations: number, warmup: number): Promise<LimitResult> {
  const buf = Buffer.allocUnsafe(size);
  const key = randomBytes(32);
  const [samples] = await interleave(
    [
      {
        prepare: () => void randomFillSync(buf),
        async run() {
          const hash = createHash('sha256');
          for (let offset = 0, i = 0; offset < buf.length; offset += SEGMENT, i++) {
            const iv = Buffer.alloc(12);
            iv.writeUInt32BE(i, 7);
            const cipher = createCipheriv('aes-256-gcm', key, iv);
            const segment = buf.subarray(offset, offset + SEGMENT);
            hash.update(segment);
            cipher.update(segment);
            cipher.final();
            cipher.getAuthTag();
          }
          hash.digest();
        },
      },
    ],
    iterations,
    warmup,
  );
  return {
    id: 'cpu-crypto',
    label: `cpu AES-GCM+SHA-256 ${size / MB} MB`,
    ...summarize(samples!, size / MB, 'MB/s', `${size / MB} MB buffer`),
    note: 'one thread, in memory, no I/O: the most a put or get could reach with an infinitely fast disk',
  };
}
