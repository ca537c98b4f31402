import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';

/**
 * Tijori Aadhaar sandbox: a deterministic placeholder "photo" for each demo resident — a
 * head-and-shoulders silhouette on a background coloured from the resident's name. No real
 * face, no image library: a minimal PNG encoder (8-bit RGB, one IDAT, filter 0).
 */

export const AVATAR_WIDTH = 96;
export const AVATAR_HEIGHT = 120;

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const CRC_TABLE: Uint32Array = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32 (ISO 3309 / PNG), as an unsigned 32-bit integer. */
export function crc32(...parts: Buffer[]): number {
  let c = 0xffffffff;
  for (const buf of parts) {
    for (let i = 0; i < buf.length; i++) c = CRC_TABLE[(c ^ buf[i]!) & 0xff]! ^ (c >>> 8);
  }
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(head.subarray(4), data), 0);
  return Buffer.concat([head, data, crc]);
}

/** Encodes 8-bit RGB pixels (`width * height * 3` bytes, row by row) as a PNG. */
export function encodePng(width: number, height: number, rgb: Uint8Array): Buffer {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) throw new RangeError('bad PNG dimensions');
  if (rgb.length !== width * height * 3) throw new RangeError('pixel buffer does not match the PNG dimensions');
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: truecolour
  ihdr[10] = 0; // compression: deflate
  ihdr[11] = 0; // filter method 0
  ihdr[12] = 0; // no interlace
  const stride = width * 3;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (stride + 1)] = 0; // filter type None
    Buffer.from(rgb.buffer, rgb.byteOffset + y * stride, stride).copy(raw, y * (stride + 1) + 1);
  }
  return Buffer.concat([PNG_SIGNATURE, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

type Rgb = readonly [number, number, number];

function hsl(h: number, s: number, l: number): Rgb {
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => {
    const k = (n + h / 30) % 12;
    return Math.round(255 * (l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1))));
  };
  return [f(0), f(8), f(4)];
}

const SKIN: readonly Rgb[] = [
  [255, 219, 172],
  [241, 194, 125],
  [224, 172, 105],
  [198, 134, 66],
  [160, 102, 52],
  [141, 85, 36],
];
const HAIR: readonly Rgb[] = [
  [28, 24, 22],
  [45, 34, 28],
  [70, 50, 38],
  [190, 190, 196], // grey
];

function inEllipse(x: number, y: number, cx: number, cy: number, rx: number, ry: number): boolean {
  const dx = (x - cx) / rx;
  const dy = (y - cy) / ry;
  return dx * dx + dy * dy <= 1;
}

/**
 * A 96×120 PNG for `seed` (the resident's name): the same seed always gives the same bytes.
 * `longHair` draws hair down to the shoulders; `grey` greys it.
 */
export function renderAvatarPng(seed: string, options: { longHair?: boolean; grey?: boolean } = {}): Buffer {
  const h = createHash('sha256').update('tijori-aadhaar-sandbox-avatar\0').update(seed, 'utf8').digest();
  const hue = (h.readUInt16BE(0) % 360) + 0;
  const background = hsl(hue, 0.45, 0.84);
  const shirt = hsl((hue + 150 + (h[2]! % 60)) % 360, 0.4, 0.38);
  const skin = SKIN[h[3]! % SKIN.length]!;
  const neck: Rgb = [Math.round(skin[0] * 0.9), Math.round(skin[1] * 0.9), Math.round(skin[2] * 0.9)];
  const hair = options.grey ? HAIR[3]! : HAIR[h[4]! % 3]!;

  const W = AVATAR_WIDTH;
  const H = AVATAR_HEIGHT;
  const px = new Uint8Array(W * H * 3);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const cx = x + 0.5;
      const cy = y + 0.5;
      let c: Rgb = background;
      if (options.longHair && inEllipse(cx, cy, 48, 58, 25, 34) && cy < 92) c = hair;
      if (inEllipse(cx, cy, 48, 130, 44, 42)) c = shirt;
      else if (cx >= 40 && cx <= 56 && cy >= 62 && cy <= 94) c = neck;
      if (inEllipse(cx, cy, 48, 48, 20, 25)) c = skin;
      if (inEllipse(cx, cy, 48, 46, 22, 27) && cy < 38) c = hair;
      const i = (y * W + x) * 3;
      px[i] = c[0];
      px[i + 1] = c[1];
      px[i + 2] = c[2];
    }
  }
  return encodePng(W, H, px);
}
