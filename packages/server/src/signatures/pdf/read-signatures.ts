import { createHash } from 'node:crypto';
import { AppError } from '../../lib/errors.js';
import { readCms } from '../read-cms.js';
import { derLength } from '../der.js';

export interface RawSignature {
  /** Where the signature dictionary's /ByteRange starts (signatures are listed in file order). */
  at: number;
  byteRange: [number, number, number, number];
  /** The CMS blob without the zero padding; empty when /Contents is not where /ByteRange says. */
  cms: Buffer;
  subFilter: string | null;
  claimedTime: string | null;
  name: string | null;
  reason: string | null;
  /** Why the dictionary is unusable, if it is. */
  problem: string | null;
}

const MARK = Buffer.from('/ByteRange', 'latin1');
const BYTE_RANGE = /^\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/;

/**
 * The signature dictionaries of a PDF, found the way validators find them: by their
 * /ByteRange, whose gap must be exactly the /Contents hex string. A signature dictionary never
 * sits in a compressed object stream (its offsets would be meaningless), so scanning the bytes
 * finds every one, including those of earlier incremental updates.
 */
export function findSignatures(pdf: Buffer): RawSignature[] {
  const out: RawSignature[] = [];
  // The bytes are searched as bytes: turning a large file into a string cost more than the rest.
  for (let at = pdf.indexOf(MARK); at !== -1; at = pdf.indexOf(MARK, at + MARK.length)) {
    const m = BYTE_RANGE.exec(pdf.toString('latin1', at, at + 80));
    if (!m) continue;
    const range = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])] as [number, number, number, number];
    const [a, b, c, d] = range;
    const objStart = Math.max(pdf.lastIndexOf(' obj', at, 'latin1'), 0);
    const objEnd = pdf.indexOf('endobj', at, 'latin1');
    const around = pdf.toString('latin1', objStart, objEnd === -1 ? at + 400 : Math.min(objEnd, at + 400));
    const dictText = around.replace(/<[0-9A-Fa-f\s]{200,}>/g, '<>');
    let problem: string | null = null;
    let cms = Buffer.alloc(0);
    if (a !== 0 || b <= 0 || c <= b || c + d > pdf.length) problem = 'its byte range does not fit the file';
    else if (pdf[b] !== 0x3c || pdf[c - 1] !== 0x3e) problem = 'its byte range does not surround its signature';
    else {
      const hex = pdf.toString('latin1', b + 1, c - 1).replace(/\s+/g, '');
      if (!/^[0-9A-Fa-f]*$/.test(hex) || hex.length % 2 !== 0) problem = 'its signature is not a hex string';
      else {
        const bytes = Buffer.from(hex, 'hex');
        try {
          cms = bytes.subarray(0, derLength(bytes));
        } catch {
          problem = 'its signature is not a CMS structure';
        }
      }
    }
    out.push({
      at,
      byteRange: range,
      cms,
      subFilter: /\/SubFilter\s*\/([A-Za-z0-9.#_-]+)/.exec(dictText)?.[1] ?? null,
      claimedTime: /\/M\s*\((D:[0-9Z'+-]+)\)/.exec(dictText)?.[1] ?? null,
      name: pdfText(/\/Name\s*(<[0-9A-Fa-f]*>|\((?:[^()\\]|\\.)*\))/.exec(dictText)?.[1]),
      reason: pdfText(/\/Reason\s*(<[0-9A-Fa-f]*>|\((?:[^()\\]|\\.)*\))/.exec(dictText)?.[1]),
      problem,
    });
  }
  return out;
}

/** SHA-256 of the bytes a signature covers. */
export function rangeDigest(pdf: Buffer, range: readonly number[], algorithm = 'sha256'): Buffer {
  const [a, b, c, d] = range as [number, number, number, number];
  return createHash(algorithm)
    .update(pdf.subarray(a, a + b))
    .update(pdf.subarray(c, c + d))
    .digest();
}

/**
 * Refuses a PDF carrying a signature whose covered bytes have changed (or that cannot be read):
 * adding a signature to it would make the file look vouched for.
 */
export function assertSignaturesIntact(pdf: Buffer): void {
  for (const sig of findSignatures(pdf)) {
    let intact = false;
    if (!sig.problem) {
      try {
        const cms = readCms(sig.cms);
        intact = cms.messageDigest !== null && rangeDigest(pdf, sig.byteRange, cms.digestAlgorithm).equals(cms.messageDigest);
      } catch {
        intact = false;
      }
    }
    if (!intact)
      throw new AppError(
        'pdf_signature_broken',
        'This PDF carries a signature that no longer matches its content (the file was changed after it was signed). It cannot be signed again.',
      );
  }
}

/** A PDF string as text: hex (UTF-16BE with a BOM, or bytes) or literal. */
function pdfText(raw: string | undefined): string | null {
  if (!raw) return null;
  let bytes: Buffer;
  if (raw.startsWith('<')) bytes = Buffer.from(raw.slice(1, -1), 'hex');
  else {
    const body = raw
      .slice(1, -1)
      .replace(/\\([nrtbf()\\]|[0-7]{1,3})/g, (_s, e: string) =>
        /^[0-7]/.test(e) ? String.fromCharCode(parseInt(e, 8)) : (({ n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' } as Record<string, string>)[e] ?? e),
      );
    bytes = Buffer.from(body, 'latin1');
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    const swapped = Buffer.from(bytes.subarray(2, bytes.length - (bytes.length % 2)));
    swapped.swap16();
    return swapped.toString('utf16le');
  }
  return bytes.toString('latin1');
}
