import { createCipheriv, createHash, randomBytes, randomFillSync } from 'node:crypto';
import { MB, interleave, summarize, type TimedOp } from '../measure.js';
import type { LimitResult } from '../report.js';

const SEGMENT = 64 * 1024;

/**
 * The CPU ceilings of the blob envelope, in memory, no I/O: AES-256-GCM over 64 KiB segments
 * and SHA-256 of the same bytes, each on one thread, and both in turn on one thread. A get does
 * both in turn on the caller's thread; a put runs them on two threads at once (blob-writer.ts),
 * so with an infinitely fast disk it could reach the slower of the two alone.
 */
export async function benchCryptoCpu(size: number, iterations: number, warmup: number): Promise<LimitResult[]> {
  const buf = Buffer.allocUnsafe(size);
  const key = randomBytes(32);
  const encrypt = (segment: Buffer, i: number) => {
    const iv = Buffer.alloc(12);
    iv.writeUInt32BE(i, 7);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.update(segment);
    cipher.final();
    cipher.getAuthTag();
  };
  const op = (aes: boolean, sha: boolean): TimedOp => ({
    prepare: () => void randomFillSync(buf),
    async run() {
      const hash = createHash('sha256');
      for (let offset = 0, i = 0; offset < buf.length; offset += SEGMENT, i++) {
        const segment = buf.subarray(offset, offset + SEGMENT);
        if (sha) hash.update(segment);
        if (aes) encrypt(segment, i);
      }
      hash.digest();
    },
  });
  const [both, aes, sha] = await interleave([op(true, true), op(true, false), op(false, true)], iterations, warmup);
  const per = `${size / MB} MB buffer`;
  return [
    {
      id: 'cpu-crypto',
      label: `cpu AES-GCM+SHA-256 ${size / MB} MB`,
      ...summarize(both!, size / MB, 'MB/s', per),
      note: 'one thread, in memory, no I/O: the most a get could reach with an infinitely fast disk',
    },
    {
      id: 'cpu-aes',
      label: `cpu AES-256-GCM ${size / MB} MB`,
      ...summarize(aes!, size / MB, 'MB/s', per),
      note: '64 KiB segments, one thread: a put encrypts on one thread',
    },
    {
      id: 'cpu-sha',
      label: `cpu SHA-256 ${size / MB} MB`,
      ...summarize(sha!, size / MB, 'MB/s', per),
      note: 'one thread: a put hashes on another thread at the same time',
    },
  ];
}
