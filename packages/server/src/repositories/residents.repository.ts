import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import { preparedQuery } from '../db/prepared.js';
import type { Database, ResidentsTable } from '../db/schema.js';

export type ResidentRow = Selectable<ResidentsTable>;

export function residentsRepository(db: Kysely<Database>) {
  const byId = preparedQuery(db, (id: string) => db.selectFrom('residents').selectAll().where('id', '=', id));
  return {
    async insert(row: Insertable<ResidentsTable>): Promise<void> {
      await db.insertInto('residents').values(row).execute();
    },

    async findById(id: string): Promise<ResidentRow | undefined> {
      return (await byId(id))[0];
    },

    async findActiveByMobile(mobile: string): Promise<ResidentRow | undefined> {
      return db.selectFrom('residents').selectAll().where('mobile', '=', mobile).where('status', '=', 'active').executeTakeFirst();
    },

    async findActiveByUsername(username: string): Promise<ResidentRow | undefined> {
      return db.selectFrom('residents').selectAll().where('username', '=', username).where('status', '=', 'active').executeTakeFirst();
    },

    async findActiveByAadhaarRefs(refs: string[]): Promise<Pick<ResidentRow, 'id' | 'aadhaar_ref'>[]> {
      if (refs.length === 0) return [];
      return db.selectFrom('residents').select(['id', 'aadhaar_ref']).where('aadhaar_ref', 'in', refs).where('status', '=', 'active').execute();
    },

    async findActiveByMobiles(mobiles: string[]): Promise<Pick<ResidentRow, 'id' | 'mobile'>[]> {
      if (mobiles.length === 0) return [];
      return db.selectFrom('residents').select(['id', 'mobile']).where('mobile', 'in', mobiles).where('status', '=', 'active').execute();
    },

    async findActiveByIds(ids: string[]): Promise<Pick<ResidentRow, 'id'>[]> {
      if (ids.length === 0) return [];
      return db.selectFrom('residents').select(['id']).where('id', 'in', ids).where('status', '=', 'active').execute();
    },

    /** Where and in which language to tell residents something (active accounts only). */
    async findContacts(ids: string[]): Promise<Pick<ResidentRow, 'id' | 'mobile' | 'language'>[]> {
      if (ids.length === 0) return [];
      return db.selectFrom('residents').select(['id', 'mobile', 'language']).where('id', 'in', ids).where('status', '=', 'active').execute();
    },

    async update(id: string, patch: Updateable<ResidentsTable>): Promise<void> {
      await db.updateTable('residents').set(patch).where('id', '=', id).execute();
    },

    /**
     * Deletes an account: the row stays as a tombstone (activity refers to it), but everything
     * that identifies the person or lets the mobile, username or Aadhaar be matched is cleared.
     */
    async markDeleted(id: string, now: number): Promise<void> {
      await db
        .updateTable('residents')
        .set({
          status: 'deleted',
          mobile: null,
          username: null,
          pin_hash: '!',
          password_hash: null,
          aadhaar_ref: null,
          name: null,
          name_local: null,
          local_script: null,
          dob: null,
          gender: null,
          address: null,
          address_local: null,
          photo_sha256: null,
          deleted_at: now,
          updated_at: now,
        })
        .where('id', '=', id)
        .execute();
    },
  };
}

export type ResidentsRepository = ReturnType<typeof residentsRepository>;
