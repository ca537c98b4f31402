import { crc32 as zlibCrc32, inflateSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AVATAR_HEIGHT, AVATAR_WIDTH, crc32, encodePng, renderAvatarPng } from './photo.js';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

interface Chunk {
  type: string;
  data: Buffer;
  crc: number;
  /** The type and data bytes the CRC covers. */
  covered: Buffer;
}

function parsePng(png: Buffer): Chunk[] {
  expect(png.subarray(0, 8).equals(SIGNATURE)).toBe(true);
  const chunks: Chunk[] = [];
  let off = 8;
  while (off < png.length) {
    const len = png.readUInt32BE(off);
    const type = png.subarray(off + 4, off + 8).toString('latin1');
    const data = png.subarray(off + 8, off + 8 + len);
    const crc = png.readUInt32BE(off + 8 + len);
    chunks.push({ type, data, crc, covered: png.subarray(off + 4, off + 8 + len) });
    off += 12 + len;
  }
  expect(off).toBe(png.length);
  return chunks;
}

function checkPng(png: Buffer, width: number, height: number): Buffer {
  const chunks = parsePng(png);
  expect(chunks[0]!.type).toBe('IHDR');
  expect(chunks.at(-1)!.type).toBe('IEND');
  expect(chunks.at(-1)!.data.length).toBe(0);
  for (const c of chunks) expect(c.crc, `CRC of ${c.type}`).toBe(zlibCrc32(c.covered));
  const ihdr = chunks[0]!.data;
  expect(ihdr.length).toBe(13);
  expect(ihdr.readUInt32BE(0)).toBe(width);
  expect(ihdr.readUInt32BE(4)).toBe(height);
  expect([...ihdr.subarray(8)]).toEqual([8, 2, 0, 0, 0]); // 8-bit truecolour, deflate, filter 0, no interlace
  const raw = inflateSync(Buffer.concat(chunks.filter((c) => c.type === 'IDAT').map((c) => c.data)));
  expect(raw.length).toBe((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) expect(raw[y * (width * 3 + 1)]).toBe(0);
  return raw;
}

describe('crc32', () => {
  it('matches the standard check value and zlib', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
    expect(crc32(Buffer.alloc(0))).toBe(0);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.uint8Array({ maxLength: 300 }), (a, b) => {
        expect(crc32(Buffer.from(a), Buffer.from(b))).toBe(zlibCrc32(Buffer.concat([a, b])));
      }),
    );
  });
});

describe('encodePng', () => {
  it('writes a valid PNG of any size that decodes to the pixels given', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 20 }), fc.integer({ min: 0, max: 2 ** 31 - 1 }), (w, h, seed) => {
        const px = new Uint8Array(w * h * 3).map((_, i) => (seed * (i + 7) + i * i) & 0xff);
        const raw = checkPng(encodePng(w, h, px), w, h);
        for (let y = 0; y < h; y++) {
          expect(raw.subarray(y * (w * 3 + 1) + 1, (y + 1) * (w * 3 + 1)).equals(Buffer.from(px.subarray(y * w * 3, (y + 1) * w * 3)))).toBe(true);
        }
      }),
      { numRuns: 50 },
    );
  });

  it('refuses a pixel buffer of the wrong size and bad dimensions', () => {
    expect(() => encodePng(2, 2, new Uint8Array(11))).toThrow(RangeError);
    expect(() => encodePng(0, 2, new Uint8Array(0))).toThrow(RangeError);
    expect(() => encodePng(1.5, 2, new Uint8Array(9))).toThrow(RangeError);
  });
});

describe('renderAvatarPng (Tijori Aadhaar sandbox)', () => {
  it('is a valid 96×120 PNG', () => {
    const png = renderAvatarPng('Hetal Jignesh Patel', { longHair: true });
    expect(AVATAR_WIDTH).toBe(96);
    expect(AVATAR_HEIGHT).toBe(120);
    checkPng(png, AVATAR_WIDTH, AVATAR_HEIGHT);
    expect(png.length).toBeLessThan(4096);
  });

  it('is deterministic per name, and differs between names', () => {
    expect(renderAvatarPng('Sagar Vitthal Pawar').equals(renderAvatarPng('Sagar Vitthal Pawar'))).toBe(true);
    expect(renderAvatarPng('Sagar Vitthal Pawar').equals(renderAvatarPng('Anjali Mishra'))).toBe(false);
    expect(renderAvatarPng('Anjali Mishra').equals(renderAvatarPng('Anjali Mishra', { longHair: true }))).toBe(false);
  });

  it('draws a silhouette on a plain background: corners are background, the centre is not', () => {
    const raw = checkPng(renderAvatarPng('Kokilaben Mohanbhai Desai', { grey: true, longHair: true }), AVATAR_WIDTH, AVATAR_HEIGHT);
    const pixel = (x: number, y: number) => [...raw.subarray(y * (AVATAR_WIDTH * 3 + 1) + 1 + x * 3, y * (AVATAR_WIDTH * 3 + 1) + 4 + x * 3)];
    const bg = pixel(0, 0);
    expect(pixel(AVATAR_WIDTH - 1, 0)).toEqual(bg);
    expect(pixel(48, 50)).not.toEqual(bg); // face
    expect(pixel(48, 115)).not.toEqual(bg); // shoulders
    expect(pixel(48, 25)).toEqual([190, 190, 196]); // grey hair
  });

  it('gives every name a valid PNG', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), fc.boolean(), fc.boolean(), (name, longHair, grey) => {
        checkPng(renderAvatarPng(name, { longHair, grey }), AVATAR_WIDTH, AVATAR_HEIGHT);
      }),
      { numRuns: 20 },
    );
  });
});
