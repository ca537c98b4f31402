import { maskAadhaarNumbers } from '@tijori/rules';
import { AppError } from '../../lib/errors.js';

export const MAX_NAME_LENGTH = 120;

/**
 * A file or folder name for display only (never a path): NFC, control and format characters,
 * path separators and leading dots removed, whitespace collapsed, at most 120 characters, and
 * any Aadhaar number in it masked (names reach the activity log and every listing). Refuses a
 * name that is empty after that.
 */
export function sanitizeName(raw: string, what: 'file' | 'folder' = 'file'): string {
  let name = raw.normalize('NFC');
  // Percent-encoded traversal (%2e%2e%2f) is shown as it was typed, never decoded into a path.
  // Zero-width (non-)joiners stay: Devanagari and Gujarati spelling needs them.
  name = name.replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, (c) => (c === '\u200c' || c === '\u200d' ? c : ''));
  name = name.replace(/[/\\]/g, '_');
  name = name.replace(/\s+/gu, ' ').trim();
  name = name.replace(/^\.+/, '').trim();
  name = maskAadhaarNumbers(name);
  if ([...name].length > MAX_NAME_LENGTH) name = [...name].slice(0, MAX_NAME_LENGTH).join('').trim();
  if (name === '') throw new AppError('name_invalid', what === 'file' ? 'Give the file a name.' : 'Give the folder a name.');
  return name;
}

export const MAX_DESCRIPTION_LENGTH = 500;

export function sanitizeDescription(raw: string): string {
  const text = maskAadhaarNumbers(
    raw
      .normalize('NFC')
      .replace(/[\p{Cc}\p{Cf}]/gu, (c) => (c === '\n' || c === '\u200c' || c === '\u200d' ? c : ''))
      .trim(),
  );
  if ([...text].length > MAX_DESCRIPTION_LENGTH)
    throw new AppError('validation_failed', `The description may be at most ${MAX_DESCRIPTION_LENGTH} characters.`);
  return text;
}
