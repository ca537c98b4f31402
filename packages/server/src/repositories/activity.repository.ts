import { sql, type Insertable, type Kysely, type Selectable } from 'kysely';
import type { ActivityEventsTable, Database } from '../db/schema.js';
import { preparedQuery } from '../db/prepared.js';
import { decodeJson, type WithJson } from './json-columns.js';

/**
 * An event as stored: `details` is the exact JSON text its hash covers, so it is written and
 * re-hashed as text (re-encoding a decoded value could change a byte and break the chain).
 */
export type StoredActivityRow = Selectable<ActivityEventsTable>;
/** An event to show: its details decoded. */
export type ActivityRow = WithJson<StoredActivityRow, { details: Record<string, unknown> }>;

const headOf = preparedQuery((db, residentId: string) =>
  db.selectFrom('activity_events').select(['seq', 'hash']).where('resident_id', '=', residentId).orderBy('seq', 'desc').limit(1),
);
const appendAt = preparedQuery((db, id: string, residentId: string, seq: number, at: number, type: string, details: string, prevHash: string, hash: string) =>
  db
    .insertInto('activity_events')
    .values({ id, resident_id: residentId, seq, at, type, details, prev_hash: prevHash, hash })
    .onConflict((oc) => oc.columns(['resident_id', 'seq']).doNothing())
    .returning('seq'),
);

export function activityRepository(db: Kysely<Database>) {
  return {
    async head(residentId: string): Promise<Pick<StoredActivityRow, 'seq' | 'hash'> | undefined> {
      return (await headOf(db, residentId))[0];
    },

    /**
     * The newest event of each of these residents: for each one, its highest seq from the
     * (resident, seq) index (one descent), then that row. Driven by the list of residents, so
     * the cost does not grow with the chains' length: a correlated max() per event read every
     * event of each chain from the table, and a GROUP BY every index entry of each chain.
     */
    async heads(residentIds: string[]): Promise<Map<string, { seq: number; hash: string }>> {
      const out = new Map<string, { seq: number; hash: string }>();
      if (residentIds.length === 0) return out;
      // VALUES names its column column1 on both SQLite and PostgreSQL.
      const wanted = sql<{ column1: string }>`(values ${sql.join(residentIds.map((id) => sql`(${id})`))})`.as('r');
      const rows = await db
        .selectFrom(wanted)
        .innerJoin('activity_events as a', (j) =>
          j.onRef('a.resident_id', '=', 'r.column1').on('a.seq', '=', (eb) =>
            eb
              .selectFrom('activity_events as b')
              .select((b) => b.fn.max('b.seq').as('m'))
              .whereRef('b.resident_id', '=', 'r.column1'),
          ),
        )
        .select(['a.resident_id', 'a.seq', 'a.hash'])
        .execute();
      for (const r of rows) out.set(r.resident_id, { seq: Number(r.seq), hash: r.hash });
      return out;
    },

    /** Fails with a unique violation if another writer took this position first. */
    async insert(rows: Insertable<ActivityEventsTable> | Insertable<ActivityEventsTable>[]): Promise<void> {
      await db.insertInto('activity_events').values(rows).execute();
    },

    /**
     * Appends one event at its position in the chain, unless another writer took that position
     * first: false then, and nothing failed. (A failed statement would end a PostgreSQL
     * transaction, so a caller inside one could not retry after a unique violation.)
     */
    async tryAppend(row: Insertable<ActivityEventsTable>): Promise<boolean> {
      const inserted = await appendAt(db, row.id, row.resident_id, row.seq, row.at, row.type, row.details, row.prev_hash, row.hash);
      return inserted.length === 1;
    },

    async listNewestFirst(residentId: string, options: { beforeSeq?: number; limit: number }): Promise<ActivityRow[]> {
      let q = db.selectFrom('activity_events').selectAll().where('resident_id', '=', residentId);
      if (options.beforeSeq !== undefined) q = q.where('seq', '<', options.beforeSeq);
      const rows = await q.orderBy('seq', 'desc').limit(options.limit).execute();
      return rows.map((r) => ({ ...r, details: decodeJson<Record<string, unknown>>(r.details) }));
    },

    /** Events of some types, oldest first, a page at a time, details decoded (a resident's export). */
    async pageOfTypes(residentId: string, types: string[], afterSeq: number, limit: number): Promise<ActivityRow[]> {
      const rows = await db
        .selectFrom('activity_events')
        .selectAll()
        .where('resident_id', '=', residentId)
        .where('type', 'in', types)
        .where('seq', '>', afterSeq)
        .orderBy('seq', 'asc')
        .limit(limit)
        .execute();
      return rows.map((r) => ({ ...r, details: decodeJson<Record<string, unknown>>(r.details) }));
    },

    /** Oldest first, a page at a time, as stored: for re-computing the chain. */
    async pageOldestFirst(residentId: string, afterSeq: number, limit: number): Promise<StoredActivityRow[]> {
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
