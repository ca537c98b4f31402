import { AppError } from '../../lib/errors.js';
import type { ResidentRow } from '../../repositories/residents.repository.js';
import type { DomainDeps } from '../context.js';
import type { ResidentActor } from '../actors.js';
import { takeGuess } from '../auth/rate-limit.js';

/**
 * Sensitive changes (PIN, mobile, deletion) ask for the PIN again, then an OTP. Wrong PINs
 * here count towards the same lock as at sign-in.
 */
export async function reauthenticateWithPin(deps: DomainDeps, actor: ResidentActor, pin: string, field = 'pin'): Promise<ResidentRow & { mobile: string }> {
  const r = await deps.repos.residents.findById(actor.residentId);
  if (!r || r.status !== 'active' || !r.mobile) throw new AppError('unauthenticated', 'Please sign in.');
  const key = `signin:fail:${r.mobile}`;
  const { attemptsLeft } = await takeGuess(deps, key);
  if (!(await deps.secrets.verify(pin, r.pin_hash))) {
    throw new AppError('invalid_credentials', 'That PIN is not right.', {
      attemptsLeft,
      errors: [{ path: `/body/${field}`, message: 'is not right' }],
    });
  }
  await deps.repos.rateLimits.reset(key);
  return r as ResidentRow & { mobile: string };
}
