import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { Database, PullRequestsTable } from '../db/schema.js';

export type PullRequestRow = Selectable<PullRequestsTable>;

export function pullRequestsRepository(db: Kysely<Database>) {
  return {
    async insert(row: Insertable<PullRequestsTable>): Promise<void> {
      await db.insertInto('pull_requests').values(row).execute();
    },
    async update(id: string, patch: Updateable<PullRequestsTable>): Promise<void> {
      await db.updateTable('pull_requests').set(patch).where('id', '=', id).execute();
    },
    /** The pulls of these residents that this issuer answered "pending" and has not delivered yet. */
    async listPending(issuerId: string, residentIds: string[]): Promise<PullRequestRow[]> {
      const rows: PullRequestRow[] = [];
      for (let i = 0; i < residentIds.length; i += 500)
        rows.push(
          ...(await db
            .selectFrom('pull_requests')
            .selectAll()
            .where('resident_id', 'in', residentIds.slice(i, i + 500))
            .where('issuer_id', '=', issuerId)
            .where('status', '=', 'pending')
            .execute()),
        );
      return rows;
    },
    /** Marks pending pulls delivered; answers how many were still pending (another process may have got there first). */
    async complete(ids: string[], uri: string, now: number): Promise<number> {
      const res = await db
        .updateTable('pull_requests')
        .set({ status: 'issued', uri, updated_at: now })
        .where('id', 'in', ids)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      return Number(res.numUpdatedRows);
    },
    async listForResident(residentId: string, limit: number): Promise<PullRequestRow[]> {
      return db.selectFrom('pull_requests').selectAll().where('resident_id', '=', residentId).orderBy('created_at', 'desc').limit(limit).execute();
    },
  };
}
