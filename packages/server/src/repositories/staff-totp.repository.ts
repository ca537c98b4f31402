import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Database, StaffRecoveryCodesTable, StaffTotpChallengesTable, StaffTotpTable } from '../db/schema.js';
import { atomically } from './atomically.js';

export type StaffTotpRow = Selectable<StaffTotpTable>;
export type StaffRecoveryCodeRow = Selectable<StaffRecoveryCodesTable>;
export type StaffTotpChallengeRow = Selectable<StaffTotpChallengesTable>;

/** The console's second factor: TOTP secrets, recovery codes, sign-ins waiting for a code. */
export function staffTotpRepository(db: Kysely<Database>) {
  return {
    async find(staffId: string): Promise<StaffTotpRow | undefined> {
      return db.selectFrom('staff_totp').selectAll().where('staff_id', '=', staffId).executeTakeFirst();
    },
    async isConfirmed(staffId: string): Promise<boolean> {
      const row = await db.selectFrom('staff_totp').select('staff_id').where('staff_id', '=', staffId).where('confirmed_at', 'is not', null).executeTakeFirst();
      return row !== undefined;
    },
    /** A new secret waiting for its first code; replaces an earlier unconfirmed one, never a confirmed one. */
    async putPending(row: Insertable<StaffTotpTable>): Promise<boolean> {
      return atomically(db, async (trx) => {
        await trx.deleteFrom('staff_totp').where('staff_id', '=', row.staff_id).where('confirmed_at', 'is', null).execute();
        const inserted = await trx
          .insertInto('staff_totp')
          .values(row)
          .onConflict((oc) => oc.column('staff_id').doNothing())
          .executeTakeFirst();
        return Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1;
      });
    },
    /**
     * Records that a code for `step` was accepted, in one statement: only when no code of this
     * step or a later one was accepted before, so two requests with one code cannot both pass.
     */
    async useStep(staffId: string, step: number, confirmAt?: number): Promise<boolean> {
      const r = await db
        .updateTable('staff_totp')
        .set({ last_step: step, ...(confirmAt !== undefined ? { confirmed_at: confirmAt } : {}) })
        .where('staff_id', '=', staffId)
        .where((eb) => eb.or([eb('last_step', 'is', null), eb('last_step', '<', step)]))
        .where('confirmed_at', confirmAt !== undefined ? 'is' : 'is not', null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async remove(staffId: string): Promise<void> {
      await atomically(db, async (trx) => {
        await trx.deleteFrom('staff_totp').where('staff_id', '=', staffId).execute();
        await trx.deleteFrom('staff_recovery_codes').where('staff_id', '=', staffId).execute();
      });
    },

    async unusedRecoveryCodes(staffId: string): Promise<StaffRecoveryCodeRow[]> {
      return db.selectFrom('staff_recovery_codes').selectAll().where('staff_id', '=', staffId).where('used_at', 'is', null).execute();
    },
    /** Replaces every recovery code of the user with these. */
    async replaceRecoveryCodes(staffId: string, rows: Insertable<StaffRecoveryCodesTable>[]): Promise<void> {
      await atomically(db, async (trx) => {
        await trx.deleteFrom('staff_recovery_codes').where('staff_id', '=', staffId).execute();
        if (rows.length > 0) await trx.insertInto('staff_recovery_codes').values(rows).execute();
      });
    },
    /** Spends a recovery code; false when another request spent it first. */
    async useRecoveryCode(id: string, now: number): Promise<boolean> {
      const r = await db.updateTable('staff_recovery_codes').set({ used_at: now }).where('id', '=', id).where('used_at', 'is', null).executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    async insertChallenge(row: Insertable<StaffTotpChallengesTable>): Promise<void> {
      await db.insertInto('staff_totp_challenges').values(row).execute();
    },
    async findChallenge(tokenHash: string): Promise<StaffTotpChallengeRow | undefined> {
      return db.selectFrom('staff_totp_challenges').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
    },
    async useChallenge(id: string, now: number): Promise<boolean> {
      const r = await db.updateTable('staff_totp_challenges').set({ used_at: now }).where('id', '=', id).where('used_at', 'is', null).executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
  };
}

export type StaffTotpRepository = ReturnType<typeof staffTotpRepository>;
