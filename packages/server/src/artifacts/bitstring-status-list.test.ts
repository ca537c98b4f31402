import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeStatusList, encodeStatusList, permutationKeys, permutedIndex, statusBit, STATUS_LIST_CAPACITY } from './bitstring-status-list.js';

describe('bitstring status list', () => {
  it('encodes as multibase base64url GZIP with bit 0 the high bit of byte 0', () => {
    const encoded = encodeStatusList([0, 9, STATUS_LIST_CAPACITY - 1]);
    expect(encoded[0]).toBe('u');
    const bits = gunzipSync(Buffer.from(encoded.slice(1), 'base64url'));
    expect(bits.length).toBe(16 * 1024);
    expect(bits[0]).toBe(0x80);
    expect(bits[1]).toBe(0x40);
    expect(bits[bits.length - 1]).toBe(0x01);
    const decoded = decodeStatusList(encoded);
    expect([0, 1, 9, 10, STATUS_LIST_CAPACITY - 1].map((i) => statusBit(decoded, i))).toEqual([true, false, true, false, true]);
    expect(() => statusBit(decoded, STATUS_LIST_CAPACITY)).toThrow(RangeError);
    expect(() => decodeStatusList('zabc')).toThrow();
  });

  it('hands out every index exactly once, in an order that does not follow issuance', () => {
    const keys = permutationKeys('0123456789abcdef0011223344556677');
    const seen = new Uint8Array(STATUS_LIST_CAPACITY);
    for (let n = 0; n < STATUS_LIST_CAPACITY; n++) seen[permutedIndex(n, keys)]!++;
    expect(seen.every((c) => c === 1)).toBe(true);
    const first = Array.from({ length: 10 }, (_, n) => permutedIndex(n, keys));
    expect(first).not.toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(first.map((i) => permutedIndex(first.indexOf(i), permutationKeys('ffffffff000000001111111122222222')))).not.toEqual(first);
  });
});
