import { isWeakPin } from '@tijori/rules';
import { AppError } from '../../lib/errors.js';

export { PIN_PATTERN, USERNAME_PATTERN } from '@tijori/rules';

/** Six digits, and not one that the first guesses of an attacker would try. */
export function assertPinStrong(pin: string, field = 'pin'): void {
  if (isWeakPin(pin)) {
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
