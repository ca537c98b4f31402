/** A security PIN: exactly six ASCII digits. */
export const PIN_PATTERN = '^[0-9]{6}$';
/** A username: starts with a letter; letters, digits, dot, underscore, hyphen; 3–32 long. */
export const USERNAME_PATTERN = '^[a-z][a-z0-9._-]{2,31}$';

export const isSixDigits = (value: string): boolean => /^[0-9]{6}$/.test(value);

/** A PIN an attacker would try first: one digit repeated, or a run such as 123456 or 987654. */
export function isWeakPin(pin: string): boolean {
  const d = [...pin].map(Number);
  if (d.length === 0) return false;
  if (d.every((x) => x === d[0])) return true;
  const step = d[1]! - d[0]!;
  return (step === 1 || step === -1) && d.every((x, i) => i === 0 || x - d[i - 1]! === step);
}
