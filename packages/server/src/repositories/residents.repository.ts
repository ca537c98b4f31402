import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import { preparedQuery } from '../db/prepared.js';
import type { Address } from '../adapters/aadhaar/aadhaar-adapter.js';
import type { Database, ResidentsTable } from '../db/schema.js';
import { decodeFound, decodeNullableJson, encodeNullableJson, type WithJson, type WithJsonPatch } from './json-columns.js';

/** The e-KYC address as Aadhaar gave it, in English and in the local script. */
interface ResidentJson {
  address: Address | null;
  address_local: Address | null;
}

export type ResidentRow = WithJson<Selectable<ResidentsTable>, ResidentJson>;

const out = (r: Selectable<ResidentsTable>): ResidentRow => ({
  ...r,
  address: decodeNullableJson<Address>(r.address),
  address_local: decodeNullableJson<Address>(r.address_local),
});

function encode<P extends Partial<ResidentJson>>(row: P): Omit<P, keyof ResidentJson> & { address?: string | null; address_local?: string | null } {
  const { address, address_local, ...rest } = row;
  return {
    ...rest,
    ...(address !== undefined ? { address: encodeNullableJson(address) } : {}),
    ...(address_local !== undefined ? { address_local: encodeNullableJson(address_local) } : {}),
  };
}

const byId = preparedQuery((db, id: string) => db.selectFrom('residents').selectAll().where('id', '=', id));

export function residentsRepository(db: Kysely<Database>) {
  return {
    async insert(row: WithJsonPatch<Insertable<ResidentsTable>, ResidentJson>): Promise<void> {
      await db.insertInto('residents').values(encode(row)).execute();
    },

    async findById(id: string): Promise<ResidentRow | undefined> {
      return decodeFound((await byId(db, id))[0], out);
    },

    async findActiveByMobile(mobile: string): Promise<ResidentRow | undefined> {
      return decodeFound(await db.selectFrom('residents').selectAll().where('mobile', '=', mobile).where('status', '=', 'active').executeTakeFirst(), out);
    },

    async findActiveByUsername(username: string): Promise<ResidentRow | undefined> {
      return decodeFound(await db.selectFrom('residents').selectAll().where('username', '=', username).where('status', '=', 'active').executeTakeFirst(), out);
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

    async update(id: string, patch: WithJsonPatch<Updateable<ResidentsTable>, ResidentJson>): Promise<void> {
      await db.updateTable('residents').set(encode(patch)).where('id', '=', id).execute();
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
