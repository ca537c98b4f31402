import { verifySecret } from '../../crypto/secrets.js';
import { AppError } from '../../lib/errors.js';
import type { ResidentRow } from '../../repositories/residents.repository.js';
import type { DomainDeps, ResidentActor } from '../context.js';
import { formatWait, LIMITS } from '../auth/rate-limit.js';

/**
 * Sensitive changes (PIN, mobile, deletion) ask for the PIN again, then an OTP. Wrong PINs
 * here count towards the same lock as at sign-in.
 */
export async function reauthenticateWithPin(deps: DomainDeps, actor: ResidentActor, pin: string, field = 'pin'): Promise<ResidentRow & { mobile: string }> {
  const r = await deps.repos.residents.findById(actor.residentId);
  if (!r || r.status !== 'active' || !r.mobile) throw new AppError('unauthenticated', 'Please sign in.');
  const now = deps.clock.now();
  const key = `signin:fail:${r.mobile}`;
  const window = LIMITS.failedSecretPerLogin;
  if ((await deps.repos.rateLimits.peek(key, window.windowMs, now)) >= window.max) {
    throw new AppError('account_locked', `Too many wrong attempts. Try again in ${formatWait(window.windowMs / 1000)}.`, { retryAfterSeconds: window.windowMs / 1000 });
  }
  if (!(await verifySecret(pin, r.pin_hash))) {
    const { count } = await deps.repos.rateLimits.hit(key, window.windowMs, now);
    throw new AppError('invalid_credentials', 'That PIN is not right.', {
      attemptsLeft: Math.max(0, window.max - count),
      errors: [{ path: `/body/${field}`, message: 'is not right' }],
    });
  }
  await deps.repos.rateLimits.reset(key);
  return r as ResidentRow & { mobile: string };
}
