/** Indian mobile numbers as people type them: spaces, dashes, +91 / 91 / 0 in front. */
export function normaliseMobile(input: string): string {
  const compact = input.replace(/[\s\-().]/g, '');
  const digits = compact.replace(/^\+?91(?=\d{10}$)/, '').replace(/^0(?=\d{10}$)/, '');
  return digits;
}

export function isValidMobile(mobile: string): boolean {
  return /^[6-9]\d{9}$/.test(mobile);
}

/** A login is a mobile number when it looks like one once normalised; otherwise a username. */
export function normaliseLogin(input: string): string {
  const trimmed = input.trim();
  const asMobile = normaliseMobile(trimmed);
  return isValidMobile(asMobile) ? asMobile : trimmed.toLowerCase();
}
