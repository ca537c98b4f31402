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
    async listForResident(residentId: string, limit: number): Promise<PullRequestRow[]> {
      return db.selectFrom('pull_requests').selectAll().where('resident_id', '=', residentId).orderBy('created_at', 'desc').limit(limit).execute();
    },
  };
}
