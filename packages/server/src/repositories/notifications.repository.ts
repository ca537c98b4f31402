import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Database, NotificationsTable } from '../db/schema.js';

export type NotificationRow = Selectable<NotificationsTable>;

export function notificationsRepository(db: Kysely<Database>) {
  return {
    async insertMany(rows: Insertable<NotificationsTable>[]): Promise<void> {
      for (let i = 0; i < rows.length; i += 500) await db.insertInto('notifications').values(rows.slice(i, i + 500)).execute();
    },

    /** Newest first; `before` is the id of the last one of the previous page. */
    async list(residentId: string, limit: number, before?: string): Promise<NotificationRow[]> {
      let q = db.selectFrom('notifications').selectAll().where('resident_id', '=', residentId);
      if (before) q = q.where('id', '<', before);
      return q.orderBy('id', 'desc').limit(limit).execute();
    },

    async countUnread(residentId: string): Promise<number> {
      const row = await db.selectFrom('notifications').select((eb) => eb.fn.countAll<number>().as('n')).where('resident_id', '=', residentId).where('read_at', 'is', null).executeTakeFirst();
      return Number(row?.n ?? 0);
    },

    async markAllRead(residentId: string, now: number): Promise<number> {
      const res = await db.updateTable('notifications').set({ read_at: now }).where('resident_id', '=', residentId).where('read_at', 'is', null).executeTakeFirst();
      return Number(res.numUpdatedRows);
    },
  };
}
