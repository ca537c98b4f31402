/**
 * Keeps only digits, up to `max`: for PIN, OTP and Aadhaar inputs. Devanagari (०-९) and Gujarati
 * (૦-૯) digits typed on an Indian keyboard count, as their ASCII equivalents.
 */
export function onlyDigits(value: string, max: number): string {
  const ascii = value.replace(/[\u0966-\u096F]/g, (d) => String(d.charCodeAt(0) - 0x0966)).replace(/[\u0AE6-\u0AEF]/g, (d) => String(d.charCodeAt(0) - 0x0ae6));
  return ascii.replace(/\D/g, '').slice(0, max);
}
