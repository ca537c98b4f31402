import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Database, NotificationsTable } from '../db/schema.js';
import type { NotificationParams } from '../domain/notifications/notification-params.js';
import { preparedQuery } from '../db/prepared.js';
import { decodeJson, encodeJson, type WithJson } from './json-columns.js';

interface NotificationJson {
  params: NotificationParams;
}

export type NotificationRow = WithJson<Selectable<NotificationsTable>, NotificationJson>;

const insertOne = preparedQuery((db, id: string, residentId: string, kind: string, params: string, createdAt: number, readAt: number | null) =>
  db.insertInto('notifications').values({ id, resident_id: residentId, kind, params, created_at: createdAt, read_at: readAt }),
);

export function notificationsRepository(db: Kysely<Database>) {
  return {
    async insertMany(rows: WithJson<Insertable<NotificationsTable>, NotificationJson>[]): Promise<void> {
      if (rows.length === 1) {
        const r = rows[0]!;
        await insertOne(db, r.id, r.resident_id, r.kind, encodeJson(r.params), r.created_at, r.read_at ?? null);
        return;
      }
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
