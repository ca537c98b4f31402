/**
 * Aadhaar number rules: 12 digits, the first 2–9, the last a Verhoeff check digit over the
 * other eleven. Verhoeff (dihedral group D5) catches every single-digit error and every
 * transposition of adjacent digits, which the Luhn check does not.
 *
 * Nothing here logs or echoes a number: errors never carry the input.
 */

/** Multiplication table of the dihedral group D5. */
const D: readonly (readonly number[])[] = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
  [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
  [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
  [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
  [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
  [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
  [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
  [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
  [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];

/** Permutation applied to a digit according to its position (position mod 8). */
const P: readonly (readonly number[])[] = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
  [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
  [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
  [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
  [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
  [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
  [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
];

/** Inverse in D5. */
const INV: readonly number[] = [0, 4, 3, 2, 1, 5, 6, 7, 8, 9];

const DIGITS = /^[0-9]+$/;
const AADHAAR = /^[2-9][0-9]{11}$/;

/** Runs the Verhoeff checksum over `digits`, the rightmost digit at position `offset`. */
function checksum(digits: string, offset: number): number {
  let c = 0;
  for (let i = 0; i < digits.length; i++) {
    const digit = digits.charCodeAt(digits.length - 1 - i) - 48;
    c = D[c]![P[(i + offset) % 8]![digit]!]!;
  }
  return c;
}

/**
 * The Verhoeff check digit to append to `digits` (ASCII 0–9, at least one).
 * Throws a TypeError, without echoing the input, when `digits` is not a digit string.
 */
export function verhoeffCheckDigit(digits: string): number {
  if (!DIGITS.test(digits)) throw new TypeError('verhoeffCheckDigit needs a non-empty string of ASCII digits');
  return INV[checksum(digits, 1)]!;
}

/** True when `digits` (check digit last) passes the Verhoeff check. */
export function isVerhoeffValid(digits: string): boolean {
  return DIGITS.test(digits) && checksum(digits, 0) === 0;
}

/**
 * A well-formed Aadhaar number: exactly 12 ASCII digits, first digit 2–9, Verhoeff-valid.
 * No normalisation: pass the result of `normaliseAadhaar` for user input.
 */
export function isValidAadhaar(s: string): boolean {
  return typeof s === 'string' && AADHAAR.test(s) && checksum(s, 0) === 0;
}

/**
 * What people type: `2341 2341 2346`, `2341-2341-2346`. Strips whitespace (spaces, tabs,
 * no-break spaces) and hyphens (ASCII and the Unicode hyphen / non-breaking hyphen that
 * copy-paste produces) and nothing else; the result still has to pass `isValidAadhaar`.
 */
export function normaliseAadhaar(input: string): string {
  return input.replace(/[\s\-\u2010\u2011]/g, '');
}

/**
 * `XXXX XXXX 1234`, from a full number (formatted or not) or from its last four digits.
 * Throws a TypeError (which never contains the input) for anything else.
 */
export function maskAadhaar(numberOrLast4: string): string {
  const s = normaliseAadhaar(numberOrLast4);
  if (!/^(?:[0-9]{4}|[0-9]{12})$/.test(s)) throw new TypeError('maskAadhaar needs a 12-digit Aadhaar number or its last 4 digits');
  return `XXXX XXXX ${s.slice(-4)}`;
}

export type AadhaarProblem = 'format' | 'checksum';

/** What to tell a person about what they typed (after normaliseAadhaar): null when it is well-formed. */
export function checkAadhaar(digits: string): AadhaarProblem | null {
  if (!AADHAAR.test(digits)) return 'format';
  return checksum(digits, 0) === 0 ? null : 'checksum';
}

/** `1234 5678 9012`: easier to compare with the card. */
export function groupAadhaar(digits: string): string {
  return digits.replace(/(\d{4})(?=\d)/g, '$1 ');
}

/** A 12-digit run that could be an Aadhaar number, written with or without spaces or hyphens. */
const AADHAAR_IN_TEXT = /(?<!\d)[2-9]\d{3}[ -]?\d{4}[ -]?\d{4}(?!\d)/g;

/**
 * Free text (a file name, a description) with every valid Aadhaar number in it shown as
 * `XXXX XXXX 1234`: what people type into names must not put the number into storage, the
 * activity log or an answer. Twelve digits that fail the Verhoeff check are left as they are.
 */
export function maskAadhaarNumbers(text: string): string {
  return text.replace(AADHAAR_IN_TEXT, (m) => {
    const digits = m.replace(/\D/g, '');
    return isValidAadhaar(digits) ? maskAadhaar(digits) : m;
  });
}
