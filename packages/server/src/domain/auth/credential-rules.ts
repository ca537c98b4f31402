import { AppError } from '../../lib/errors.js';

export const PIN_PATTERN = '^[0-9]{6}$';
export const USERNAME_PATTERN = '^[a-z][a-z0-9._-]{2,31}$';

/** Six digits, and not one that the first guesses of an attacker would try. */
export function assertPinStrong(pin: string, field = 'pin'): void {
  const digits = [...pin].map(Number);
  const allSame = digits.every((d) => d === digits[0]);
  const step = (digits[1] ?? 0) - (digits[0] ?? 0);
  const sequence = (step === 1 || step === -1) && digits.every((d, i) => i === 0 || d - digits[i - 1]! === step);
  if (allSame || sequence) {
    throw new AppError('pin_too_weak', 'Choose a PIN that is not a repeated digit or a run like 123456.', {
      errors: [{ path: `/body/${field}`, message: 'is too easy to guess' }],
    });
  }
}

export function assertPasswordAcceptable(password: string, mobile: string): void {
  if (password.length < 10 || password.length > 128 || password.includes(mobile)) {
    throw new AppError('validation_failed', 'A password needs 10 to 128 characters and must not contain your mobile number.', {
      errors: [{ path: '/body/password', message: 'must have 10 to 128 characters and not contain the mobile number' }],
    });
  }
}
