import { Transform } from 'node:stream';
import { AppError } from '../../lib/errors.js';
import { createPdfPageCounter } from './pdf-page-counter.js';

export type UploadMediaType = 'application/pdf' | 'image/jpeg' | 'image/png';

export interface SniffResult {
  mediaType: UploadMediaType;
  /** Pages of a PDF, counted from its page objects; null when they are compressed away. */
  pages: number | null;
  width: number | null;
  height: number | null;
}

/** How far into a JPEG its frame header (and so its size) must be found. */
const JPEG_HEAD_MAX = 512 * 1024;
const PDF_TAIL = 1024;

/** A content sniffer as a pass-through stream: errors stop the stream, so a refused file is never stored. */
export function createContentSniffer(limits: { maxPixels: number; expect?: UploadMediaType }) {
  const inspector = createContentInspector(limits);
  const stream = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      try {
        inspector.push(chunk);
        cb(null, chunk);
      } catch (err) {
        cb(err as Error);
      }
    },
    flush(cb) {
      try {
        inspector.end();
        cb();
      } catch (err) {
        cb(err as Error);
      }
    },
  });
  return { stream, result: inspector.result };
}

/**
 * Decides a file's type from its bytes as they stream past (the name and Content-Type are not
 * believed): PDF, JPEG or PNG only. Images are measured from their headers and refused above
 * `maxPixels` before anything is decoded (decompression bombs); a PDF must start with its header
 * and end with %%EOF. `push` and `end` throw the refusal. Only what it needs is copied: the first
 * bytes until the type (and an image's size) is known, a PDF's last 1 KB and the few bytes of a
 * page object cut by a chunk's end.
 */
export function createContentInspector(limits: { maxPixels: number; expect?: UploadMediaType }) {
  let head: Buffer = Buffer.alloc(0);
  let type: UploadMediaType | null = null;
  let measured = false;
  let width: number | null = null;
  let height: number | null = null;
  let total = 0;
  // PDF: a running count of page objects and the last bytes seen.
  const pageCounter = createPdfPageCounter();
  let pages = 0;
  let tail: Buffer = Buffer.alloc(0);

  const checkPixels = (w: number, h: number) => {
    if (w === 0 || h === 0) throw new AppError('file_invalid', 'The image has no width or height: it is damaged.');
    if (w * h > limits.maxPixels)
      throw new AppError('image_too_large', `The image is ${w} × ${h} pixels; at most ${limits.maxPixels.toLocaleString('en-IN')} pixels are accepted.`);
    width = w;
    height = h;
    measured = true;
  };

  const inspect = (final: boolean) => {
    if (type === null) {
      if (head.length < 8 && !final) return;
      if (head.subarray(0, 5).toString('latin1') === '%PDF-') type = 'application/pdf';
      else if (head.length >= 8 && head.subarray(0, 8).equals(PNG_SIGNATURE)) type = 'image/png';
      else if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) type = 'image/jpeg';
      else if (total === 0) throw new AppError('file_empty', 'The file is empty.');
      else throw new AppError('file_type_refused', 'Only PDF, JPEG and PNG files are accepted; this file is none of them.');
      if (limits.expect && type !== limits.expect)
        throw new AppError('mimetype_mismatch', `The file is ${type}, not ${limits.expect} as its Content-Type says.`);
    }
    if (type === 'image/png' && !measured) {
      if (head.length < 24) {
        if (final) throw new AppError('file_invalid', 'The PNG file is damaged.');
        return;
      }
      if (head.subarray(12, 16).toString('latin1') !== 'IHDR') throw new AppError('file_invalid', 'The PNG file is damaged.');
      checkPixels(head.readUInt32BE(16), head.readUInt32BE(20));
    }
    if (type === 'image/jpeg' && !measured) {
      const size = jpegSize(head);
      if (size === 'invalid' || (size === null && (final || head.length > JPEG_HEAD_MAX))) throw new AppError('file_invalid', 'The JPEG file is damaged.');
      if (size) checkPixels(size.width, size.height);
    }
  };

  return {
    /** The next bytes; throws when they show the file is refused. */
    push(chunk: Buffer): void {
      total += chunk.length;
      if (type === null || ((type === 'image/png' || type === 'image/jpeg') && !measured)) {
        head = Buffer.concat([head, chunk]);
        inspect(false);
        if (measured) head = Buffer.alloc(0);
      }
      if (type === 'application/pdf') {
        pageCounter.push(chunk);
        // A copy of the last bytes only, not of every chunk.
        tail = chunk.length >= PDF_TAIL ? Buffer.from(chunk.subarray(-PDF_TAIL)) : Buffer.concat([tail, chunk]).subarray(-PDF_TAIL);
      }
    },
    /** After the last chunk; throws when the whole file is refused. */
    end(): void {
      inspect(true);
      if (type === 'application/pdf') {
        pages = pageCounter.end();
        if (!tail.toString('latin1').includes('%%EOF'))
          throw new AppError('file_invalid', 'The PDF file is incomplete or damaged (it has no end-of-file marker).');
      }
    },
    /** After end() has returned. */
    result(): SniffResult {
      if (!type) throw new AppError('file_empty', 'The file is empty.');
      return { mediaType: type, pages: type === 'application/pdf' ? pages || null : 1, width, height };
    },
  };
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The frame size from a JPEG's markers; null when more bytes are needed. */
export function jpegSize(buf: Buffer): { width: number; height: number } | null | 'invalid' {
  let i = 2;
  while (i + 4 <= buf.length) {
    if (buf[i] !== 0xff) return 'invalid';
    const marker = buf[i + 1]!;
    if (marker === 0xff) {
      i++;
      continue;
    }
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      i += 2;
      continue;
    }
    if (marker === 0xda || marker === 0xd9) return 'invalid';
    const length = buf.readUInt16BE(i + 2);
    if (length < 2) return 'invalid';
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame) {
      if (i + 9 > buf.length) return null;
      return { height: buf.readUInt16BE(i + 5), width: buf.readUInt16BE(i + 7) };
    }
    i += 2 + length;
  }
  return null;
}
