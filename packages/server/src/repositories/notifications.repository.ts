import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Database, NotificationsTable } from '../db/schema.js';
import type { NotificationParams } from '../domain/notifications/notification-params.js';
import { decodeJson, encodeJson, type WithJson } from './json-columns.js';

interface NotificationJson {
  params: NotificationParams;
}

export type NotificationRow = WithJson<Selectable<NotificationsTable>, NotificationJson>;

export function notificationsRepository(db: Kysely<Database>) {
  return {
    async insertMany(rows: WithJson<Insertable<NotificationsTable>, NotificationJson>[]): Promise<void> {
      const encoded = rows.map((r) => ({ ...r, params: encodeJson(r.params) }));
      for (let i = 0; i < encoded.length; i += 500)
        await db
          .insertInto('notifications')
          .values(encoded.slice(i, i + 500))
          .execute();
    },

    /** Newest first; `before` is the id of the last one of the previous page. */
    async list(residentId: string, limit: number, before?: string): Promise<NotificationRow[]> {
      let q = db.selectFrom('notifications').selectAll().where('resident_id', '=', residentId);
      if (before) q = q.where('id', '<', before);
      const rows = await q.orderBy('id', 'desc').limit(limit).execute();
      return rows.map((r) => ({ ...r, params: decodeJson<NotificationParams>(r.params) }));
    },

    async countUnread(residentId: string): Promise<number> {
      const row = await db
        .selectFrom('notifications')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('resident_id', '=', residentId)
        .where('read_at', 'is', null)
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },

    async markAllRead(residentId: string, now: number): Promise<number> {
      const res = await db
        .updateTable('notifications')
        .set({ read_at: now })
        .where('resident_id', '=', residentId)
        .where('read_at', 'is', null)
        .executeTakeFirst();
      return Number(res.numUpdatedRows);
    },
  };
}
