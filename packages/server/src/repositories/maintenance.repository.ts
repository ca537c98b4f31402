import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

/** Deletes rows that have no use left. Each statement is bounded by an indexed time column. */
export function maintenanceRepository(db: Kysely<Database>) {
  const count = (r: { numDeletedRows: bigint }) => Number(r.numDeletedRows);
  return {
    async purge(cutoffs: { challengesBefore: number; rateLimitsBefore: number; sessionsBefore: number; outboxBefore: number }) {
      const challenges = count(await db.deleteFrom('otp_challenges').where('expires_at', '<', cutoffs.challengesBefore).executeTakeFirst());
      const rateLimits = count(await db.deleteFrom('rate_limits').where('window_start', '<', cutoffs.rateLimitsBefore).executeTakeFirst());
      const sessions = count(await db.deleteFrom('sessions').where('expires_at', '<', cutoffs.sessionsBefore).executeTakeFirst());
      const outbox = count(await db.deleteFrom('dev_sms_outbox').where('sent_at', '<', cutoffs.outboxBefore).executeTakeFirst());
      // The console's tickets between password and code live five minutes.
      const staffTotpChallenges = count(await db.deleteFrom('staff_totp_challenges').where('expires_at', '<', cutoffs.challengesBefore).executeTakeFirst());
      return { challenges, rateLimits, sessions, outbox, staffTotpChallenges };
    },
  };
}
