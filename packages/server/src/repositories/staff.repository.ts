import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Database, StaffSessionsTable, StaffUsersTable } from '../db/schema.js';

export type StaffRow = Selectable<StaffUsersTable>;

export function staffRepository(db: Kysely<Database>) {
  return {
    async insert(row: Insertable<StaffUsersTable>): Promise<void> {
      await db.insertInto('staff_users').values(row).execute();
    },
    async findByUsername(username: string): Promise<StaffRow | undefined> {
      return db.selectFrom('staff_users').selectAll().where('username', '=', username).executeTakeFirst();
    },
    async findById(id: string): Promise<StaffRow | undefined> {
      return db.selectFrom('staff_users').selectAll().where('id', '=', id).executeTakeFirst();
    },
    async countOperators(): Promise<number> {
      const r = await db
        .selectFrom('staff_users')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('role', '=', 'operator')
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },
    async insertSession(row: Insertable<StaffSessionsTable>): Promise<void> {
      await db.insertInto('staff_sessions').values(row).execute();
    },
    async findSession(tokenHash: string): Promise<Selectable<StaffSessionsTable> | undefined> {
      return db.selectFrom('staff_sessions').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
    },
    async touchSession(id: string, now: number): Promise<void> {
      await db.updateTable('staff_sessions').set({ last_seen_at: now }).where('id', '=', id).execute();
    },
    async endSession(id: string, now: number): Promise<void> {
      await db.updateTable('staff_sessions').set({ ended_at: now }).where('id', '=', id).execute();
    },
    async endOtherSessions(staffId: string, keepId: string, now: number): Promise<void> {
      await db
        .updateTable('staff_sessions')
        .set({ ended_at: now })
        .where('staff_id', '=', staffId)
        .where('id', '!=', keepId)
        .where('ended_at', 'is', null)
        .execute();
    },
  };
}
