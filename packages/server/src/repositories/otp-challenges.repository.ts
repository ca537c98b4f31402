import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Database, OtpChallengesTable } from '../db/schema.js';
import { decodeFound, decodeJson, encodeJson, encodeNullableJson, type WithJson } from './json-columns.js';

/** What the challenge was opened for (a request id, a sealed number, a transaction id…). */
export type ChallengeContext = Record<string, unknown>;

/** Read back as an object, empty when none was stored. */
export type ChallengeRow = WithJson<Selectable<OtpChallengesTable>, { context: ChallengeContext }>;

const out = (r: Selectable<OtpChallengesTable>): ChallengeRow => ({ ...r, context: r.context === null ? {} : decodeJson<ChallengeContext>(r.context) });

/**
 * Every state change is one conditional UPDATE, so concurrent submissions cannot both win:
 * the database decides which one incremented or consumed first.
 */
export function otpChallengesRepository(db: Kysely<Database>) {
  return {
    async insert(row: WithJson<Insertable<OtpChallengesTable>, { context: ChallengeContext | null }>): Promise<void> {
      await db
        .insertInto('otp_challenges')
        .values({ ...row, context: encodeNullableJson(row.context) })
        .execute();
    },

    async find(id: string): Promise<ChallengeRow | undefined> {
      return decodeFound(await db.selectFrom('otp_challenges').selectAll().where('id', '=', id).executeTakeFirst(), out);
    },

    /** Counts one attempt if the challenge is still open; returns the new attempt count. */
    async takeAttempt(id: string, maxAttempts: number, now: number): Promise<number | undefined> {
      const row = await db
        .updateTable('otp_challenges')
        .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
        .where('id', '=', id)
        .where('attempts', '<', maxAttempts)
        .where('consumed_at', 'is', null)
        .where('expires_at', '>', now)
        .returning('attempts')
        .executeTakeFirst();
      return row?.attempts;
    },

    /** Marks the challenge used; true for exactly one caller. */
    async consume(id: string, now: number): Promise<boolean> {
      const res = await db.updateTable('otp_challenges').set({ consumed_at: now }).where('id', '=', id).where('consumed_at', 'is', null).executeTakeFirst();
      return Number(res.numUpdatedRows) === 1;
    },

    async setTicket(id: string, ticketHash: string, expiresAt: number): Promise<void> {
      await db.updateTable('otp_challenges').set({ ticket_hash: ticketHash, ticket_expires_at: expiresAt }).where('id', '=', id).execute();
    },

    /** Uses a ticket once; true for exactly one caller while it is valid. */
    async useTicket(id: string, ticketHash: string, now: number): Promise<boolean> {
      const res = await db
        .updateTable('otp_challenges')
        .set({ ticket_used_at: now })
        .where('id', '=', id)
        .where('ticket_hash', '=', ticketHash)
        .where('ticket_used_at', 'is', null)
        .where('ticket_expires_at', '>', now)
        .executeTakeFirst();
      return Number(res.numUpdatedRows) === 1;
    },

    /** Records a resend if the last send is at least `minGapMs` old and sends remain; the context is replaced only when given. */
    async recordResend(
      id: string,
      update: { codeHash: string | null; context?: ChallengeContext },
      limits: { minGapMs: number; maxSends: number },
      now: number,
    ): Promise<boolean> {
      const res = await db
        .updateTable('otp_challenges')
        .set((eb) => ({
          sends: eb('sends', '+', 1),
          last_sent_at: now,
          code_hash: update.codeHash,
          ...(update.context ? { context: encodeJson(update.context) } : {}),
        }))
        .where('id', '=', id)
        .where('consumed_at', 'is', null)
        .where('expires_at', '>', now)
        .where('last_sent_at', '<=', now - limits.minGapMs)
        .where('sends', '<', limits.maxSends)
        .executeTakeFirst();
      return Number(res.numUpdatedRows) === 1;
    },

    /** Open challenges of one purpose sent to a number, newest first (a handful at most). */
    async findOpenByMobile(purpose: string, mobile: string, now: number): Promise<ChallengeRow[]> {
      const rows = await db
        .selectFrom('otp_challenges')
        .selectAll()
        .where('purpose', '=', purpose)
        .where('mobile', '=', mobile)
        .where('consumed_at', 'is', null)
        .where('expires_at', '>', now)
        .orderBy('created_at', 'desc')
        .limit(20)
        .execute();
      return rows.map(out);
    },

    async deleteExpiredBefore(cutoff: number): Promise<number> {
      const res = await db.deleteFrom('otp_challenges').where('expires_at', '<', cutoff).executeTakeFirst();
      return Number(res.numDeletedRows);
    },
  };
}

export type OtpChallengesRepository = ReturnType<typeof otpChallengesRepository>;
