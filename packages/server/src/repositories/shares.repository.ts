import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Database, SharesTable, ShareViewsTable } from '../db/schema.js';

export type ShareRow = Selectable<SharesTable>;
export type ShareViewRow = Selectable<ShareViewsTable>;

export function sharesRepository(db: Kysely<Database>) {
  return {
    async insert(row: Insertable<SharesTable>): Promise<void> {
      await db.insertInto('shares').values(row).execute();
    },

    async findByTokenHash(tokenHash: string): Promise<ShareRow | undefined> {
      return db.selectFrom('shares').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
    },

    async findById(id: string): Promise<ShareRow | undefined> {
      return db.selectFrom('shares').selectAll().where('id', '=', id).executeTakeFirst();
    },

    async findOwned(residentId: string, id: string): Promise<ShareRow | undefined> {
      return db.selectFrom('shares').selectAll().where('id', '=', id).where('resident_id', '=', residentId).executeTakeFirst();
    },

    async listForResident(residentId: string, limit: number): Promise<ShareRow[]> {
      return db
        .selectFrom('shares')
        .selectAll()
        .where('resident_id', '=', residentId)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
    },

    /** The newest `perShare` views of each share, newest first (one query, a window per share). */
    async viewsOf(shareIds: string[], perShare: number): Promise<ShareViewRow[]> {
      if (shareIds.length === 0) return [];
      return db
        .selectFrom((eb) =>
          eb
            .selectFrom('share_views')
            .select(['id', 'share_id', 'at', 'device', 'ip_hmac'])
            .select((v) =>
              v.fn
                .agg<number>('row_number')
                .over((ob) => ob.partitionBy('share_id').orderBy('at', 'desc').orderBy('id', 'desc'))
                .as('rn'),
            )
            .where('share_id', 'in', shareIds)
            .as('v'),
        )
        .select(['id', 'share_id', 'at', 'device', 'ip_hmac'])
        .where('rn', '<=', perShare)
        .orderBy('at', 'desc')
        .orderBy('id', 'desc')
        .execute();
    },

    /**
     * Takes one view if the link is still live, in one statement: the database decides, so any
     * number of parallel opens of a link limited to N views get exactly N successes.
     */
    async takeView(id: string, now: number): Promise<boolean> {
      const r = await db
        .updateTable('shares')
        .set((eb) => ({ views: eb('views', '+', 1) }))
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .where('locked_at', 'is', null)
        .where('expires_at', '>', now)
        .where((eb) => eb.or([eb('max_views', 'is', null), eb('views', '<', eb.ref('max_views'))]))
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    async insertView(row: Insertable<ShareViewsTable>): Promise<void> {
      await db.insertInto('share_views').values(row).execute();
    },

    /** Counts a wrong PIN; the link locks (for everyone) when `lockAfter` is reached. Returns failures so far. */
    async failPin(id: string, lockAfter: number, now: number): Promise<number> {
      const rows = await db
        .updateTable('shares')
        .set((eb) => ({
          pin_failures: eb('pin_failures', '+', 1),
          locked_at: eb
            .case()
            .when('pin_failures', '>=', lockAfter - 1)
            .then(now)
            .else(null)
            .end(),
        }))
        .where('id', '=', id)
        .where('locked_at', 'is', null)
        .returning('pin_failures')
        .execute();
      return rows[0] ? Number(rows[0].pin_failures) : lockAfter;
    },

    async revoke(residentId: string, id: string | null, now: number): Promise<ShareRow[]> {
      let q = db.selectFrom('shares').selectAll().where('resident_id', '=', residentId).where('revoked_at', 'is', null).where('expires_at', '>', now);
      if (id !== null) q = q.where('id', '=', id);
      const live = await q.execute();
      if (live.length === 0) return [];
      const r = await db
        .updateTable('shares')
        .set({ revoked_at: now })
        .where(
          'id',
          'in',
          live.map((s) => s.id),
        )
        .where('revoked_at', 'is', null)
        .returning('id')
        .execute();
      const done = new Set(r.map((x) => x.id));
      return live.filter((s) => done.has(s.id));
    },

    async setExpiry(residentId: string, id: string, expiresAt: number, now: number): Promise<boolean> {
      const r = await db
        .updateTable('shares')
        .set({ expires_at: expiresAt })
        .where('id', '=', id)
        .where('resident_id', '=', residentId)
        .where('revoked_at', 'is', null)
        .where('locked_at', 'is', null)
        .where('expires_at', '>', now)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
  };
}

export type SharesRepository = ReturnType<typeof sharesRepository>;
