import type { Insertable, Kysely, Selectable } from 'kysely';
import { preparedQuery } from '../db/prepared.js';
import type { Database, SessionsTable } from '../db/schema.js';

export type SessionRow = Selectable<SessionsTable>;

const byTokenHash = preparedQuery((db, tokenHash: string) => db.selectFrom('sessions').selectAll().where('token_hash', '=', tokenHash));

export function sessionsRepository(db: Kysely<Database>) {
  return {
    async insert(row: Insertable<SessionsTable>): Promise<void> {
      await db.insertInto('sessions').values(row).execute();
    },

    async findByTokenHash(tokenHash: string): Promise<SessionRow | undefined> {
      return (await byTokenHash(db, tokenHash))[0];
    },

    async touch(id: string, now: number): Promise<void> {
      await db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', id).execute();
    },

    /** Ends one session of this resident; false if it is not theirs or already ended. */
    async end(residentId: string, id: string, reason: string, now: number): Promise<boolean> {
      const res = await db
        .updateTable('sessions')
        .set({ ended_at: now, end_reason: reason })
        .where('id', '=', id)
        .where('resident_id', '=', residentId)
        .where('ended_at', 'is', null)
        .executeTakeFirst();
      return Number(res.numUpdatedRows) === 1;
    },

    async endAll(residentId: string, reason: string, now: number, exceptId?: string): Promise<number> {
      let q = db.updateTable('sessions').set({ ended_at: now, end_reason: reason }).where('resident_id', '=', residentId).where('ended_at', 'is', null);
      if (exceptId) q = q.where('id', '!=', exceptId);
      const res = await q.executeTakeFirst();
      return Number(res.numUpdatedRows);
    },

    async listOpen(residentId: string, now: number): Promise<SessionRow[]> {
      return db
        .selectFrom('sessions')
        .selectAll()
        .where('resident_id', '=', residentId)
        .where('ended_at', 'is', null)
        .where('expires_at', '>', now)
        .orderBy('last_seen_at', 'desc')
        .execute();
    },
  };
}

export type SessionsRepository = ReturnType<typeof sessionsRepository>;
