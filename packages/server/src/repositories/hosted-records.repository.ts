import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Database, HostedRecordsTable } from '../db/schema.js';

export type HostedRecordRow = Selectable<HostedRecordsTable>;

/** Records an issuer hosts with us, so that residents can pull documents from them. */
export function hostedRecordsRepository(db: Kysely<Database>) {
  return {
    /** Inserts or replaces records (same issuer, type and parameters). */
    async upsertMany(rows: Insertable<HostedRecordsTable>[]): Promise<void> {
      for (let i = 0; i < rows.length; i += 500) {
        await db
          .insertInto('hosted_records')
          .values(rows.slice(i, i + 500))
          .onConflict((oc) =>
            oc.columns(['issuer_id', 'doc_type', 'lookup_key']).doUpdateSet((eb) => ({
              doc_id: eb.ref('excluded.doc_id'),
              holder_name: eb.ref('excluded.holder_name'),
              holder_dob: eb.ref('excluded.holder_dob'),
              record: eb.ref('excluded.record'),
            })),
          )
          .execute();
      }
    },
    async find(issuerId: string, docType: string, lookupKey: string): Promise<HostedRecordRow | undefined> {
      return db.selectFrom('hosted_records').selectAll().where('issuer_id', '=', issuerId).where('doc_type', '=', docType).where('lookup_key', '=', lookupKey).executeTakeFirst();
    },
    async findByDocId(issuerId: string, docType: string, docId: string): Promise<HostedRecordRow | undefined> {
      return db.selectFrom('hosted_records').selectAll().where('issuer_id', '=', issuerId).where('doc_type', '=', docType).where('doc_id', '=', docId).limit(1).executeTakeFirst();
    },
    async count(issuerId: string): Promise<number> {
      const r = await db.selectFrom('hosted_records').select((eb) => eb.fn.countAll<number | string>().as('n')).where('issuer_id', '=', issuerId).executeTakeFirstOrThrow();
      return Number(r.n);
    },
  };
}
