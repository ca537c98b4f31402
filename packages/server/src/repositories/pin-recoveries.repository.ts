import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { Database, PinRecoveriesTable } from '../db/schema.js';

export type PinRecoveryRow = Selectable<PinRecoveriesTable>;

export function pinRecoveriesRepository(db: Kysely<Database>) {
  return {
    async insert(row: Insertable<PinRecoveriesTable>): Promise<void> {
      await db.insertInto('pin_recoveries').values(row).execute();
    },

    async find(id: string): Promise<PinRecoveryRow | undefined> {
      return db.selectFrom('pin_recoveries').selectAll().where('id', '=', id).executeTakeFirst();
    },

    /** Changes an open recovery; false when it was finished, cancelled or expired meanwhile. */
    async updateOpen(id: string, set: Updateable<PinRecoveriesTable>, now: number): Promise<boolean> {
      const res = await db
        .updateTable('pin_recoveries')
        .set(set)
        .where('id', '=', id)
        .where('completed_at', 'is', null)
        .where('cancelled_at', 'is', null)
        .where('expires_at', '>', now)
        .executeTakeFirst();
      return Number(res.numUpdatedRows) === 1;
    },

    /** A waiting period of this resident's that has run out and not been cancelled or used. */
    async findMaturedWait(residentId: string, now: number): Promise<PinRecoveryRow | undefined> {
      return db
        .selectFrom('pin_recoveries')
        .selectAll()
        .where('resident_id', '=', residentId)
        .where('method', '=', 'wait')
        .where('ready_at', '<=', now)
        .where('expires_at', '>', now)
        .where('completed_at', 'is', null)
        .where('cancelled_at', 'is', null)
        .orderBy('ready_at', 'asc')
        .executeTakeFirst();
    },

    /** Ends every open recovery of the resident (a PIN was set or proven); returns how many. */
    async closeOpen(residentId: string, field: 'completed_at' | 'cancelled_at', now: number): Promise<number> {
      const res = await db
        .updateTable('pin_recoveries')
        .set({ [field]: now })
        .where('resident_id', '=', residentId)
        .where('completed_at', 'is', null)
        .where('cancelled_at', 'is', null)
        .where('expires_at', '>', now)
        .executeTakeFirst();
      return Number(res.numUpdatedRows);
    },
  };
}

export type PinRecoveriesRepository = ReturnType<typeof pinRecoveriesRepository>;
