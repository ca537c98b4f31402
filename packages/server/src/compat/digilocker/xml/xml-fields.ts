/**
 * Field rules shared by the DigiLocker message parsers and builders: dates, timestamps,
 * document URIs, base64 payloads, and an error collector that never echoes a value.
 */
import { AppError, type FieldError } from '../../../lib/errors.js';

/** Collects every field problem in a message, then fails once with all of them. */
export class FieldErrors {
  readonly errors: FieldError[] = [];
  add(path: string, message: string): undefined {
    this.errors.push({ path, message });
    return undefined;
  }
  get any(): boolean {
    return this.errors.length > 0;
  }
  /** Throws `AppError('bad_request')` naming the message and the first problem, all of them in details. */
  throwIfAny(what: string): void {
    const first = this.errors[0];
    if (!first) return;
    const more = this.errors.length > 1 ? ` (and ${this.errors.length - 1} more)` : '';
    throw new AppError('bad_request', `The ${what} is invalid: ${first.path} ${first.message}${more}.`, { errors: this.errors });
  }
}

// ---------------------------------------------------------------------------------------------
// Dates and times.

const DMY = /^(\d{2})[-/](\d{2})[-/](\d{4})$/;
const YMD = /^(\d{4})-(\d{2})-(\d{2})$/;

function validDate(y: number, m: number, d: number): boolean {
  if (y < 1800 || y > 9999 || m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/**
 * `DD-MM-YYYY` (DigiLocker's form), `DD/MM/YYYY` or `YYYY-MM-DD` (both seen from issuers) →
 * `YYYY-MM-DD`; undefined for anything else or an impossible date.
 */
export function normaliseDate(s: string): string | undefined {
  const t = s.trim();
  let m = DMY.exec(t);
  if (m) {
    const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
    return validDate(y, mo, d) ? `${m[3]}-${m[2]}-${m[1]}` : undefined;
  }
  m = YMD.exec(t);
  if (m) return validDate(Number(m[1]), Number(m[2]), Number(m[3])) ? t : undefined;
  return undefined;
}

/** `YYYY-MM-DD` → `DD-MM-YYYY` for the wire. Throws a TypeError for anything else (a builder bug). */
export function dateToWire(iso: string): string {
  const m = YMD.exec(iso);
  if (!m || !validDate(Number(m[1]), Number(m[2]), Number(m[3]))) throw new TypeError('expected a YYYY-MM-DD date');
  return `${m[3]}-${m[2]}-${m[1]}`;
}

/** True for a valid `YYYY-MM-DD`. */
export function isIsoDate(s: string): boolean {
  const m = YMD.exec(s);
  return !!m && validDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

const TS = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:?\d{2})?$/;
const TS_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})?$/;
const DMY_TS = /^(\d{2})[-/](\d{2})[-/](\d{4})[T ](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * An ISO 8601 timestamp as DigiLocker sends it (`2024-05-01T10:00:00+05:30`; fraction and zone
 * optional). `ts` attributes are kept verbatim (the keyhash covers the exact string).
 */
export function isTimestamp(s: string): boolean {
  return s.length <= 40 && TS_ISO.test(s) && normaliseTimestamp(s) !== undefined;
}

/**
 * Timestamps seen in Push URI records → `YYYY-MM-DDTHH:mm:ss[.fff][zone]`: ISO with `T` or a
 * space, or `DD-MM-YYYY HH:mm:ss`; a bare date becomes midnight. Undefined when invalid.
 */
export function normaliseTimestamp(s: string): string | undefined {
  const t = s.trim();
  const date = normaliseDate(t);
  if (date) return `${date}T00:00:00`;
  let m = TS.exec(t);
  let y: string, mo: string, d: string;
  if (m) [y, mo, d] = [m[1]!, m[2]!, m[3]!];
  else {
    m = DMY_TS.exec(t);
    if (!m) return undefined;
    [d, mo, y] = [m[1]!, m[2]!, m[3]!];
  }
  const [hh, mm, ss] = [Number(m[4]), Number(m[5]), Number(m[6])];
  if (!validDate(Number(y), Number(mo), Number(d)) || hh > 23 || mm > 59 || ss > 60) return undefined;
  let zone = m[8] ?? '';
  if (zone && zone !== 'Z') {
    if (!zone.includes(':')) zone = `${zone.slice(0, 3)}:${zone.slice(3)}`;
    if (Number(zone.slice(1, 3)) > 14 || Number(zone.slice(4)) > 59) return undefined;
  }
  return `${y}-${mo}-${d}T${pad(hh)}:${pad(mm)}:${pad(ss)}${m[7] ?? ''}${zone}`;
}

// ---------------------------------------------------------------------------------------------
// Identifiers.

export interface DocUri {
  issuerId: string;
  docType: string;
  docId: string;
}

const ISSUER_ID = /^[A-Za-z0-9]+(?:[.-][A-Za-z0-9]+)*$/;
export const DOC_TYPE = /^[A-Z]{1,5}$/;
const DOC_ID = /^[A-Za-z0-9]{1,64}$/;

/** `<issuerId>-<DOCTYPE>-<docId>`: the last two hyphens split it, since the type and id hold none. */
export function parseDocUri(s: string): DocUri | undefined {
  if (s.length > 256) return undefined;
  const b = s.lastIndexOf('-');
  const a = b > 0 ? s.lastIndexOf('-', b - 1) : -1;
  if (a <= 0) return undefined;
  const issuerId = s.slice(0, a);
  const docType = s.slice(a + 1, b);
  const docId = s.slice(b + 1);
  if (!issuerId.includes('.') || !ISSUER_ID.test(issuerId) || !DOC_TYPE.test(docType) || !DOC_ID.test(docId)) return undefined;
  return { issuerId, docType, docId };
}

export const VER = /^\d{1,3}(?:\.\d{1,3}){0,3}$/;
export const TXN = /^[A-Za-z0-9._:-]{1,64}$/;
export const ORG_ID = /^[A-Za-z0-9._-]{1,100}$/;
export const KEYHASH = /^[0-9a-fA-F]{64}$/;

/** Single-line text: no control characters, at most `max` characters after trimming. */
export function cleanText(s: string, max: number): string | undefined {
  const t = s.trim();
  // eslint-disable-next-line no-control-regex
  return t.length <= max && !/[\u0000-\u001F\u007F]/.test(t) ? t : undefined;
}

// ---------------------------------------------------------------------------------------------
// Base64 payloads.

const B64 = /^[A-Za-z0-9+/]*={0,2}$/;

export type Base64Result = { ok: true; bytes: Buffer } | { ok: false; reason: 'malformed' | 'too_large' };

/**
 * Standard base64 (line breaks and spaces allowed, as issuers wrap at 76), checked before
 * decoding, with the decoded size bounded before any allocation.
 */
export function decodeBase64(s: string, maxBytes: number): Base64Result {
  const compact = /\s/.test(s) ? s.replace(/\s+/g, '') : s;
  if (Math.floor(compact.length / 4) * 3 > maxBytes + 2) return { ok: false, reason: 'too_large' };
  if (compact.length === 0 || compact.length % 4 !== 0 || !B64.test(compact)) return { ok: false, reason: 'malformed' };
  const bytes = Buffer.from(compact, 'base64');
  if (bytes.length > maxBytes) return { ok: false, reason: 'too_large' };
  return { ok: true, bytes };
}

export function base64Problem(reason: 'malformed' | 'too_large', maxBytes: number): string {
  return reason === 'malformed' ? 'is not well-formed base64' : `decodes to more than ${maxBytes} bytes`;
}

export type ImageFormat = 'PNG' | 'JPG' | 'JPEG';

/** The image format from the bytes (PNG or JPEG), whatever a label claims. */
export function sniffImage(bytes: Buffer): 'PNG' | 'JPEG' | undefined {
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'PNG';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'JPEG';
  return undefined;
}

export function isPdf(bytes: Buffer): boolean {
  return bytes.length >= 5 && bytes.subarray(0, 5).toString('latin1') === '%PDF-';
}
