import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Database, StatusListsTable } from '../db/schema.js';
import { preparedQuery } from '../db/prepared.js';

export type StatusListRow = Selectable<StatusListsTable>;

const freshnessOf = preparedQuery((db, id: string) => db.selectFrom('status_lists').select(['revision', 'built_revision', 'built_at']).where('id', '=', id));

/** Status lists: allocation counters, revisions, and the signed list credentials cached per revision. */
export function statusListsRepository(db: Kysely<Database>) {
  return {
    async insert(row: Insertable<StatusListsTable>): Promise<void> {
      await db.insertInto('status_lists').values(row).execute();
    },
    async find(id: string): Promise<StatusListRow | undefined> {
      return db.selectFrom('status_lists').selectAll().where('id', '=', id).executeTakeFirst();
    },
    /** The issuer's newest list with room left. */
    async openList(issuerId: string): Promise<StatusListRow | undefined> {
      return db
        .selectFrom('status_lists')
        .selectAll()
        .where('issuer_id', '=', issuerId)
        .where((eb) => eb('allocated', '<', eb.ref('capacity')))
        .orderBy('created_at', 'desc')
        .limit(1)
        .executeTakeFirst();
    },
    /** Reserves `count` entries atomically; answers the first allocation number, or undefined if they no longer fit. */
    async reserve(id: string, count: number): Promise<number | undefined> {
      const row = await db
        .updateTable('status_lists')
        .set((eb) => ({ allocated: eb('allocated', '+', count) }))
        .where('id', '=', id)
        .where((eb) => eb(eb('allocated', '+', count), '<=', eb.ref('capacity')))
        .returning('allocated')
        .executeTakeFirst();
      return row ? Number(row.allocated) - count : undefined;
    },
    /** A document on the list changed status: the cached credentials are stale from now. */
    async bump(id: string): Promise<void> {
      await db
        .updateTable('status_lists')
        .set((eb) => ({ revision: eb('revision', '+', 1) }))
        .where('id', '=', id)
        .execute();
    },
    /** Documents on these lists changed status (a chunk of a bulk job): one UPDATE for all of them. */
    async bumpMany(ids: string[]): Promise<void> {
      if (ids.length === 0) return;
      await db
        .updateTable('status_lists')
        .set((eb) => ({ revision: eb('revision', '+', 1) }))
        .where('id', 'in', ids)
        .execute();
    },
    /** What tells whether a cached copy is current: the revision and what was built, without the credentials. */
    async freshness(id: string): Promise<Pick<StatusListRow, 'revision' | 'built_revision' | 'built_at'> | undefined> {
      return (await freshnessOf(db, id))[0];
    },
    /** The indexes of documents on the list that are revoked or suspended now. */
    async flagged(id: string): Promise<{ status_index: number | null; status: string }[]> {
      return db
        .selectFrom('issued_documents')
        .select(['status_index', 'status'])
        .where('status_list_id', '=', id)
        .where('status', 'in', ['revoked', 'suspended'])
        .execute();
    },
    /** Stores freshly built credentials unless a newer build got there first. */
    async storeBuilt(id: string, revision: number, jwts: { revocation: string; suspension: string }, now: number): Promise<void> {
      await db
        .updateTable('status_lists')
        .set({ built_revision: revision, revocation_jwt: jwts.revocation, suspension_jwt: jwts.suspension, built_at: now })
        .where('id', '=', id)
        .where((eb) => eb.or([eb('built_revision', 'is', null), eb('built_revision', '<', revision)]))
        .execute();
    },
  };
}

export type StatusListsRepository = ReturnType<typeof statusListsRepository>;
