/** Indian mobile numbers: 10 digits starting 6–9. */
export const MOBILE_PATTERN = '^[6-9][0-9]{9}$';
const MOBILE = new RegExp(MOBILE_PATTERN);

/** A mobile number as people type it: spaces, dashes, brackets, dots, +91 / 91 / 0 in front. */
export function normaliseMobile(input: string): string {
  const compact = input.replace(/[\s\-().]/g, '');
  return compact.replace(/^\+?91(?=\d{10}$)/, '').replace(/^0(?=\d{10}$)/, '');
}

export function isValidMobile(mobile: string): boolean {
  return MOBILE.test(mobile);
}

/** `XXXXXX1234`: what screens and messages show of a number. */
export function maskMobile(mobile: string): string {
  return `XXXXXX${mobile.slice(-4)}`;
}

/** A login is a mobile number when it looks like one once normalised; otherwise a username. */
export function normaliseLogin(input: string): string {
  const trimmed = input.trim();
  const asMobile = normaliseMobile(trimmed);
  return isValidMobile(asMobile) ? asMobile : trimmed.toLowerCase();
}
