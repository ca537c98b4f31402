import type { Insertable, Kysely, Selectable } from 'kysely';
import type { ActivityEventsTable, Database } from '../db/schema.js';

export type ActivityRow = Selectable<ActivityEventsTable>;

export function activityRepository(db: Kysely<Database>) {
  return {
    async head(residentId: string): Promise<Pick<ActivityRow, 'seq' | 'hash'> | undefined> {
      return db
        .selectFrom('activity_events')
        .select(['seq', 'hash'])
        .where('resident_id', '=', residentId)
        .orderBy('seq', 'desc')
        .limit(1)
        .executeTakeFirst();
    },

    /** The newest event of each of these residents. */
    async heads(residentIds: string[]): Promise<Map<string, { seq: number; hash: string }>> {
      const out = new Map<string, { seq: number; hash: string }>();
      if (residentIds.length === 0) return out;
      const rows = await db
        .selectFrom('activity_events as a')
        .select(['a.resident_id', 'a.seq', 'a.hash'])
        .where('a.resident_id', 'in', residentIds)
        .where('a.seq', '=', (eb) => eb.selectFrom('activity_events as b').select((b) => b.fn.max('b.seq').as('m')).whereRef('b.resident_id', '=', 'a.resident_id'))
        .execute();
      for (const r of rows) out.set(r.resident_id, { seq: Number(r.seq), hash: r.hash });
      return out;
    },

    /** Fails with a unique violation if another writer took this position first. */
    async insert(rows: Insertable<ActivityEventsTable> | Insertable<ActivityEventsTable>[]): Promise<void> {
      await db.insertInto('activity_events').values(rows).execute();
    },

    async listNewestFirst(residentId: string, options: { beforeSeq?: number; limit: number }): Promise<ActivityRow[]> {
      let q = db.selectFrom('activity_events').selectAll().where('resident_id', '=', residentId);
      if (options.beforeSeq !== undefined) q = q.where('seq', '<', options.beforeSeq);
      return q.orderBy('seq', 'desc').limit(options.limit).execute();
    },

    /** Oldest first, a page at a time, for re-computing the chain. */
    async pageOldestFirst(residentId: string, afterSeq: number, limit: number): Promise<ActivityRow[]> {
      return db
        .selectFrom('activity_events')
        .selectAll()
        .where('resident_id', '=', residentId)
        .where('seq', '>', afterSeq)
        .orderBy('seq', 'asc')
        .limit(limit)
        .execute();
    },
  };
}

export type ActivityRepository = ReturnType<typeof activityRepository>;
