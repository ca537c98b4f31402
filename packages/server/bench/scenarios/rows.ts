import { randomBytes } from 'node:crypto';
import type { BlobRow } from '../../src/repositories/blobs.repository.js';

export const BATCH_ROWS = 1000;

const MEDIA_TYPES = ['application/pdf', 'image/jpeg', 'image/png', 'application/xml'];

/** `n` rows shaped like the `blobs` table, with random (so unique and unordered) SHA-256 keys. */
export function makeRows(n: number): BlobRow[] {
  const bytes = randomBytes(32 * n);
  const now = Date.now();
  const rows: BlobRow[] = new Array(n);
  for (let i = 0; i < n; i++) {
    rows[i] = {
      sha256: bytes.toString('hex', 32 * i, 32 * (i + 1)),
      size_bytes: bytes.readUInt32BE(32 * i),
      media_type: MEDIA_TYPES[i % MEDIA_TYPES.length]!,
      stored_at: now + i,
    };
  }
  return rows;
}
