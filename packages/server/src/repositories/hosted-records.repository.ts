import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Database, HostedRecordsTable } from '../db/schema.js';
import { decodeFound, decodeJson, encodeJson, type WithJson } from './json-columns.js';

/** What a document is issued from when a resident pulls it (the parameters are the lookup key). */
export interface HostedRecordContent {
  holder: { name: string; nameLocal?: string; dob?: string };
  fields: Record<string, string>;
  issuedOn: string;
  validFrom?: string;
  validTo?: string;
}
interface HostedRecordJson {
  record: HostedRecordContent;
}

export type HostedRecordRow = WithJson<Selectable<HostedRecordsTable>, HostedRecordJson>;

const out = (r: Selectable<HostedRecordsTable>): HostedRecordRow => ({ ...r, record: decodeJson<HostedRecordContent>(r.record) });

/** Records an issuer hosts with us, so that residents can pull documents from them. */
export function hostedRecordsRepository(db: Kysely<Database>) {
  return {
    /** Inserts or replaces records (same issuer, type and parameters). */
    async upsertMany(rows: WithJson<Insertable<HostedRecordsTable>, HostedRecordJson>[]): Promise<void> {
      for (let i = 0; i < rows.length; i += 500) {
        await db
          .insertInto('hosted_records')
          .values(rows.slice(i, i + 500).map((r) => ({ ...r, record: encodeJson(r.record) })))
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
      return decodeFound(
        await db
          .selectFrom('hosted_records')
          .selectAll()
          .where('issuer_id', '=', issuerId)
          .where('doc_type', '=', docType)
          .where('lookup_key', '=', lookupKey)
          .executeTakeFirst(),
        out,
      );
    },
    async findByDocId(issuerId: string, docType: string, docId: string): Promise<HostedRecordRow | undefined> {
      return decodeFound(
        await db
          .selectFrom('hosted_records')
          .selectAll()
          .where('issuer_id', '=', issuerId)
          .where('doc_type', '=', docType)
          .where('doc_id', '=', docId)
          .limit(1)
          .executeTakeFirst(),
        out,
      );
    },
    async count(issuerId: string): Promise<number> {
      const r = await db
        .selectFrom('hosted_records')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('issuer_id', '=', issuerId)
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },
  };
}
