import { AppError, type ErrorCode } from '../../lib/errors.js';
import type { DomainDeps } from '../context.js';

export interface Limit {
  max: number;
  windowMs: number;
}

/** Counts one hit against `key`; past `max` in the window, refuses with 429 and Retry-After. */
export async function enforceLimit(deps: DomainDeps, key: string, limit: Limit, code: ErrorCode = 'rate_limited'): Promise<void> {
  const now = deps.clock.now();
  const { count, windowStart } = await deps.repos.rateLimits.hit(key, limit.windowMs, now);
  if (count > limit.max) {
    const retryAfterSeconds = Math.max(1, Math.ceil((windowStart + limit.windowMs - now) / 1000));
    throw new AppError(code, `Too many attempts. Try again in ${formatWait(retryAfterSeconds)}.`, { retryAfterSeconds });
  }
}

/**
 * Takes one guess at a secret guarded by `key` BEFORE the secret is checked: counting and
 * deciding are one database statement, so concurrent guesses cannot all pass a check made
 * before any of them was counted. Answers the attempts left after this one; clear the key
 * when the secret was right.
 */
export async function takeGuess(deps: DomainDeps, key: string, limit: Limit = LIMITS.failedSecretPerLogin): Promise<{ attemptsLeft: number }> {
  const count = await deps.repos.rateLimits.take(key, limit.max, limit.windowMs, deps.clock.now());
  if (count === undefined) {
    throw new AppError('account_locked', `Too many wrong attempts. Try again in ${formatWait(limit.windowMs / 1000)}.`, {
      retryAfterSeconds: limit.windowMs / 1000,
    });
  }
  return { attemptsLeft: limit.max - count };
}

export function formatWait(seconds: number): string {
  return seconds >= 120 ? `${Math.ceil(seconds / 60)} minutes` : `${seconds} seconds`;
}

export const LIMITS = {
  signInPerIp: { max: 30, windowMs: 15 * 60 * 1000 },
  failedSecretPerLogin: { max: 5, windowMs: 15 * 60 * 1000 },
  aadhaarLinkPerResident: { max: 5, windowMs: 60 * 60 * 1000 },
  /** Opens of unknown, malformed, expired, revoked or locked share links from one address. */
  deadShareOpensPerIp: { max: 30, windowMs: 15 * 60 * 1000 },
} as const satisfies Record<string, Limit>;
