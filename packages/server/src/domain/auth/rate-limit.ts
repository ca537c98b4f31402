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
  if (count === undefined) throw accountLocked(limit);
  return { attemptsLeft: limit.max - count };
}

/** What a guess at a locked secret is answered. */
export function accountLocked(limit: Limit = LIMITS.failedSecretPerLogin): AppError {
  return new AppError('account_locked', `Too many wrong attempts. Try again in ${formatWait(limit.windowMs / 1000)}.`, {
    retryAfterSeconds: limit.windowMs / 1000,
  });
}

/** What a guess decided in its transaction: a value, or a refusal thrown once its writes are committed. */
export type GuessOutcome<T> = { ok: T } | { refuse: AppError };

/**
 * Takes one guess against `key` and decides it in ONE transaction: the count, the writes `decide`
 * makes (a failure's audit entry, or the right answer's change and its entry) commit together or
 * not at all. `decide` learns whether the guess was counted (false: the key is locked, nothing
 * was counted). Concurrent guesses queue on the counter's row, so at most the limit are counted.
 * Check slow secrets (scrypt) before calling: the transaction holds the database's write lock on
 * SQLite. A refusal is thrown after the commit, so its writes stay.
 */
export async function decideGuess<T>(
  deps: DomainDeps,
  key: string,
  decide: (tx: DomainDeps, counted: boolean) => Promise<GuessOutcome<T>>,
  limit: Limit = LIMITS.failedSecretPerLogin,
): Promise<T> {
  const outcome = await deps.transaction(async (repos) => {
    const count = await repos.rateLimits.take(key, limit.max, limit.windowMs, deps.clock.now());
    return decide({ ...deps, repos }, count !== undefined);
  });
  if ('refuse' in outcome) throw outcome.refuse;
  return outcome.ok;
}

/** Whether `key` has no guesses left in its window: to refuse early, before any slow check. */
export async function isLocked(deps: DomainDeps, key: string, limit: Limit = LIMITS.failedSecretPerLogin): Promise<boolean> {
  return (await deps.repos.rateLimits.peek(key, limit.windowMs, deps.clock.now())) >= limit.max;
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
