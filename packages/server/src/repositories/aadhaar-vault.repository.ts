import type { Insertable, Kysely, Selectable } from 'kysely';
import type { AadhaarVaultTable, Database } from '../db/schema.js';

export type AadhaarVaultRow = Selectable<AadhaarVaultTable>;

export function aadhaarVaultRepository(db: Kysely<Database>) {
  return {
    async insert(row: Insertable<AadhaarVaultTable>): Promise<void> {
      await db.insertInto('aadhaar_vault').values(row).execute();
    },
    async findByLookup(lookupHmac: string): Promise<AadhaarVaultRow | undefined> {
      return db.selectFrom('aadhaar_vault').selectAll().where('lookup_hmac', '=', lookupHmac).executeTakeFirst();
    },
    async findManyByLookup(lookups: string[]): Promise<Pick<AadhaarVaultRow, 'ref' | 'lookup_hmac'>[]> {
      if (lookups.length === 0) return [];
      return db.selectFrom('aadhaar_vault').select(['ref', 'lookup_hmac']).where('lookup_hmac', 'in', lookups).execute();
    },
    async findByRef(ref: string): Promise<AadhaarVaultRow | undefined> {
      return db.selectFrom('aadhaar_vault').selectAll().where('ref', '=', ref).executeTakeFirst();
    },
    async remove(ref: string): Promise<void> {
      await db.deleteFrom('aadhaar_vault').where('ref', '=', ref).execute();
    },
  };
}

export type AadhaarVaultRepository = ReturnType<typeof aadhaarVaultRepository>;
