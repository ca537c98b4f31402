import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Clock } from '../../lib/clock.js';
import { maintenanceRepository } from '../../repositories/maintenance.repository.js';

const DAY = 24 * 60 * 60 * 1000;

/**
 * Housekeeping: OTP challenges (and the console's TOTP sign-in tickets) a day after expiry, rate-limit windows a day old, sessions
 * 90 days after their absolute expiry (the activity log keeps the history), and developer
 * outbox messages after a week. Safe to run from every process at once.
 */
export async function purgeExpired(deps: { db: Kysely<Database>; clock: Clock }) {
  const now = deps.clock.now();
  return maintenanceRepository(deps.db).purge({
    challengesBefore: now - DAY,
    rateLimitsBefore: now - DAY,
    sessionsBefore: now - 90 * DAY,
    outboxBefore: now - 7 * DAY,
  });
}
