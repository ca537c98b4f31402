import { gunzipSync, gzipSync } from 'node:zlib';

/**
 * W3C Bitstring Status List v1.0, the pure parts: the bitstring (bit 0 is the most significant
 * bit of the first byte), its `encodedList` form (multibase base64url, prefix `u`, of the GZIP
 * of the bits), and the order in which a list hands out its indexes.
 */

/** 16 KiB of bits: the minimum the specification sets, so that one entry does not single out its holder. */
export const STATUS_LIST_CAPACITY = 131_072;

export type StatusPurpose = 'revocation' | 'suspension';
export const STATUS_PURPOSES: readonly StatusPurpose[] = ['revocation', 'suspension'];

export function encodeStatusList(setIndexes: Iterable<number>, capacity = STATUS_LIST_CAPACITY): string {
  const bits = new Uint8Array(capacity / 8);
  for (const i of setIndexes) if (i >= 0 && i < capacity) bits[i >> 3]! |= 0x80 >> (i & 7);
  return `u${gzipSync(bits).toString('base64url')}`;
}

/** The bits of an `encodedList`; throws on anything that is not multibase base64url GZIP. */
export function decodeStatusList(encoded: string): Uint8Array {
  if (!encoded.startsWith('u') || !/^[A-Za-z0-9_-]+$/.test(encoded.slice(1))) throw new Error('encodedList is not multibase base64url');
  return gunzipSync(Buffer.from(encoded.slice(1), 'base64url'), { maxOutputLength: 16 * 1024 * 1024 });
}

export function statusBit(bits: Uint8Array, index: number): boolean {
  if (!Number.isInteger(index) || index < 0 || index >= bits.length * 8) throw new RangeError('status list index out of range');
  return (bits[index >> 3]! & (0x80 >> (index & 7))) !== 0;
}

/** Four 32-bit round keys from a list's hex key. */
export function permutationKeys(hex: string): number[] {
  return [0, 1, 2, 3].map((i) => parseInt(hex.slice(i * 8, i * 8 + 8), 16) | 0);
}

function round(r: number, k: number): number {
  let h = Math.imul(r ^ k, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h & 511;
}

/**
 * The index of the n-th entry handed out by a list: a keyed permutation of [0, 131072) (a
 * four-round Feistel network on 18 bits, cycle-walked into range), so indexes look random, as
 * the specification advises, yet never collide and need no retries.
 */
export function permutedIndex(n: number, keys: number[], capacity = STATUS_LIST_CAPACITY): number {
  let x = n;
  do {
    let l = x >>> 9;
    let r = x & 511;
    for (const k of keys) [l, r] = [r, l ^ round(r, k)];
    x = (l << 9) | r;
  } while (x >= capacity);
  return x;
}
