import type { PullParameter } from '../../api/types';

/** Devanagari and Gujarati digits typed on an Indian keyboard count as digits. */
export function asciiDigits(value: string): string {
  return value.replace(/[\u0966-\u096F]/g, (d) => String(d.charCodeAt(0) - 0x0966)).replace(/[\u0AE6-\u0AEF]/g, (d) => String(d.charCodeAt(0) - 0x0ae6));
}

function matches(pattern: string, value: string): boolean | null {
  try {
    return new RegExp(`^(?:${pattern})$`).test(value);
  } catch {
    return null; // a pattern this browser cannot read: leave the check to the issuer
  }
}

/**
 * The value to send for a parameter, or null when it is missing or does not fit the issuer's
 * pattern. Registration numbers are often typed in small letters: if only the capitals fit,
 * the capitals are sent.
 */
export function normaliseParameter(parameter: PullParameter, raw: string): string | null {
  const value = asciiDigits(raw).trim();
  if (!value || value.length > 100) return null;
  if (!parameter.pattern) return value;
  if (matches(parameter.pattern, value) !== false) return value;
  const upper = value.toUpperCase().replace(/\s+/g, '');
  return matches(parameter.pattern, upper) ? upper : null;
}

/** A numeric keypad for parameters whose example is all digits (roll number, year). */
export const isNumeric = (parameter: PullParameter) => !!parameter.example && /^\d+$/.test(parameter.example);
