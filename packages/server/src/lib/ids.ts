import { randomBytes, randomUUID } from 'node:crypto';

/** Random identifiers exposed to clients: never sequential, never guessable. */
/**
 * Random bytes taken from a pool refilled 64 KiB at a time: one CSPRNG call per ~2,500 ids
 * instead of one each (bulk issuance makes hundreds of thousands per minute).
 */
const POOL_SIZE = 64 * 1024;
let pool = randomBytes(POOL_SIZE);
let poolOffset = 0;
export function pooledRandomBytes(n: number): Buffer {
  if (n > POOL_SIZE) return randomBytes(n);
  if (poolOffset + n > POOL_SIZE) {
    pool = randomBytes(POOL_SIZE);
    poolOffset = 0;
  }
  const out = Buffer.from(pool.subarray(poolOffset, poolOffset + n));
  poolOffset += n;
  return out;
}

let lastMs = 0;
let sequence = 0;

/**
 * UUIDv7 (RFC 9562): a millisecond timestamp, then a counter that keeps ids made in the same
 * millisecond in order, then random bits. Sorts by creation time; still unguessable.
 */
function uuidv7(): string {
  let ms = Date.now();
  if (ms <= lastMs) {
    ms = lastMs;
    sequence++;
    if (sequence > 0xfff) {
      ms = ++lastMs;
      sequence = 0;
    }
  } else {
    sequence = 0;
  }
  lastMs = ms;
  const b = pooledRandomBytes(16);
  b.writeUIntBE(ms, 0, 6);
  b[6] = 0x70 | (sequence >> 8);
  b[7] = sequence & 0xff;
  b[8] = 0x80 | (b[8]! & 0x3f);
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Where identifiers come from: `deps.ids` in use-cases, so a test can make them predictable. */
export interface Ids {
  /** Random v4 UUID. */
  uuid(): string;
  /** Time-ordered v7 UUID, for rows read back in creation order. */
  uuidv7(): string;
  /** 128-bit (or more) URL-safe random token. */
  token(bytes?: number): string;
}

/** Where use-cases take random bytes (secrets, client ids, transaction ids): `deps.random`. */
export interface RandomSource {
  bytes(n: number): Buffer;
}

export const systemRandom: RandomSource = { bytes: (n) => randomBytes(n) };

export const ids: Ids = {
  /** Random v4 UUID. */
  uuid: (): string => randomUUID(),
  /** Time-ordered v7 UUID, for rows read back in creation order. */
  uuidv7,
  /** 128-bit (or more) URL-safe random token. */
  token: (bytes = 16): string => randomBytes(Math.max(16, bytes)).toString('base64url'),
};
