import type { Insertable, Kysely, Selectable } from 'kysely';
import type { AwaitedDocumentsTable, Database } from '../db/schema.js';

export type AwaitedDocumentRow = Selectable<AwaitedDocumentsTable>;

/** Pushed URIs whose content is awaited from their issuer (see migration 0018). */
export function awaitedDocumentsRepository(db: Kysely<Database>) {
  return {
    /** Records the URI, or re-dates and re-holds the one already awaited. */
    async upsert(row: Insertable<AwaitedDocumentsTable>): Promise<void> {
      await db
        .insertInto('awaited_documents')
        .values(row)
        .onConflict((oc) =>
          oc.column('uri').doUpdateSet({
            resident_id: row.resident_id ?? null,
            holder_lookup: row.holder_lookup ?? null,
            issued_on: row.issued_on,
            valid_from: row.valid_from ?? null,
            valid_to: row.valid_to ?? null,
            reason: row.reason,
            updated_at: row.updated_at,
          }),
        )
        .execute();
    },
    async findByUri(uri: string): Promise<AwaitedDocumentRow | undefined> {
      return db.selectFrom('awaited_documents').selectAll().where('uri', '=', uri).executeTakeFirst();
    },
    /** No longer awaited: issued (or deleted by the issuer). */
    async deleteUris(uris: string[]): Promise<void> {
      if (uris.length > 0) await db.deleteFrom('awaited_documents').where('uri', 'in', uris).execute();
    },
    async listForResident(residentId: string, limit: number): Promise<AwaitedDocumentRow[]> {
      return db
        .selectFrom('awaited_documents')
        .selectAll()
        .where('resident_id', '=', residentId)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
    },
    /** A new locker takes what was awaited for its holder's lookup. */
    async claimHeld(residentId: string, lookups: string[], now: number): Promise<void> {
      if (lookups.length === 0) return;
      await db
        .updateTable('awaited_documents')
        .set({ resident_id: residentId, holder_lookup: null, updated_at: now })
        .where('resident_id', 'is', null)
        .where('holder_lookup', 'in', lookups)
        .execute();
    },
    /** A deleted account's awaited URIs wait for whoever holds its Aadhaar next, as its documents do. */
    async holdForLookup(residentId: string, lookup: string | null, now: number): Promise<void> {
      if (lookup === null) await db.deleteFrom('awaited_documents').where('resident_id', '=', residentId).execute();
      else
        await db
          .updateTable('awaited_documents')
          .set({ resident_id: null, holder_lookup: lookup, updated_at: now })
          .where('resident_id', '=', residentId)
          .execute();
    },
  };
}
