import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { Database, RequestersTable } from '../db/schema.js';

export type RequesterRow = Selectable<RequestersTable>;

export function requestersRepository(db: Kysely<Database>) {
  return {
    async insert(row: Insertable<RequestersTable>): Promise<void> {
      await db.insertInto('requesters').values(row).execute();
    },
    async findById(id: string): Promise<RequesterRow | undefined> {
      return db.selectFrom('requesters').selectAll().where('id', '=', id).executeTakeFirst();
    },
    async findByClientId(clientId: string): Promise<RequesterRow | undefined> {
      return db.selectFrom('requesters').selectAll().where('client_id', '=', clientId).executeTakeFirst();
    },
    async list(): Promise<RequesterRow[]> {
      return db.selectFrom('requesters').selectAll().orderBy('created_at', 'desc').execute();
    },
    async update(id: string, changes: Updateable<RequestersTable>): Promise<boolean> {
      const res = await db.updateTable('requesters').set(changes).where('id', '=', id).executeTakeFirst();
      return Number(res.numUpdatedRows) === 1;
    },
  };
}
