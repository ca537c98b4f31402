/** Keeps only ASCII digits, up to `max`: for PIN, OTP and Aadhaar inputs. */
export function onlyDigits(value: string, max: number): string {
  // Devanagari (०-९) and Gujarati (૦-૯) digits typed on an Indian keyboard count too.
  const ascii = value.replace(/[\u0966-\u096F]/g, (d) => String(d.charCodeAt(0) - 0x0966)).replace(/[\u0AE6-\u0AEF]/g, (d) => String(d.charCodeAt(0) - 0x0ae6));
  return ascii.replace(/\D/g, '').slice(0, max);
}

export const isSixDigits = (value: string) => /^\d{6}$/.test(value);

/** Same rule as the server: not all one digit, not a run such as 123456 or 987654. */
export function isWeakPin(pin: string): boolean {
  const d = [...pin].map(Number);
  if (d.length !== 6) return false;
  if (d.every((x) => x === d[0])) return true;
  const step = (d[1] ?? 0) - (d[0] ?? 0);
  return (step === 1 || step === -1) && d.every((x, i) => i === 0 || x - (d[i - 1] ?? 0) === step);
}
