/**
 * Limits and payload checks shared by the Pull URI request and response.
 */
import { FieldErrors, base64Problem, decodeBase64, sniffImage } from './xml-fields.js';

export const PULL_LIMITS = {
  maxParameters: 32,
  maxParameterLength: 256,
  maxNameLength: 200,
  maxPhotoBytes: 512 * 1024,
  maxDocBytes: 10 * 1024 * 1024,
  maxDataBytes: 5 * 1024 * 1024,
} as const;

/** A PNG or JPEG by its bytes, agreeing with a claimed format if there is one. */
export function checkPhoto(bytes: Buffer, errs: FieldErrors, path: string, claimed?: string): Buffer | undefined {
  const kind = sniffImage(bytes);
  if (!kind) return errs.add(path, 'must be a PNG or JPEG image');
  if (claimed && (claimed === 'PNG') !== (kind === 'PNG')) return errs.add(path, 'does not match its format attribute');
  return bytes;
}

/** A base64 photo: well-formed, bounded, and an image. */
export function readPhoto(text: string | undefined, errs: FieldErrors, path: string, claimed?: string): Buffer | undefined {
  if (text === undefined) return undefined;
  const r = decodeBase64(text, PULL_LIMITS.maxPhotoBytes);
  return r.ok ? checkPhoto(r.bytes, errs, path, claimed) : errs.add(path, base64Problem(r.reason, PULL_LIMITS.maxPhotoBytes));
}
