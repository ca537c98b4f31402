/** Indian mobile numbers: 10 digits starting 6–9, as typed with or without +91 / 0 / spaces. */
export const MOBILE_PATTERN = '^[6-9][0-9]{9}$';

export function normaliseMobile(input: string): string {
  const digits = input.replace(/[\s-]/g, '').replace(/^\+?91(?=\d{10}$)/, '').replace(/^0(?=\d{10}$)/, '');
  return digits;
}

export function isValidMobile(mobile: string): boolean {
  return new RegExp(MOBILE_PATTERN).test(mobile);
}

export function maskMobile(mobile: string): string {
  return `XXXXXX${mobile.slice(-4)}`;
}
