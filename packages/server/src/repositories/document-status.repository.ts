import type { Kysely } from 'kysely';
import type { Database, DocumentStatus } from '../db/schema.js';

/** What a status change needs to know of a document. */
export interface StatusTarget {
  id: string;
  uri: string;
  issuer_id: string;
  doc_type: string;
  status: DocumentStatus;
  status_list_id: string | null;
  resident_id: string | null;
}

const TARGET_COLUMNS = ['id', 'uri', 'issuer_id', 'doc_type', 'status', 'status_list_id', 'resident_id'] as const;

/** Many documents' status at once (bulk revocation): reads and one UPDATE per chunk. */
export function documentStatusRepository(db: Kysely<Database>) {
  return {
    /** The documents with these URIs, of any issuer (the caller tells its own from the others). */
    async byUris(uris: string[]): Promise<StatusTarget[]> {
      if (uris.length === 0) return [];
      return db.selectFrom('issued_documents').select(TARGET_COLUMNS).where('uri', 'in', uris).execute();
    },

    /**
     * The next `limit` documents of an issuer's type issued before a date, created by `createdBy`
     * (later ones are not the job's), whose status is one of `from`: each chunk takes the next
     * ones, because the documents already changed no longer match.
     */
    async byFilter(
      issuerId: string,
      filter: { docType: string; issuedBefore: string; createdBy: number },
      from: DocumentStatus[],
      limit: number,
    ): Promise<StatusTarget[]> {
      return db
        .selectFrom('issued_documents')
        .select(TARGET_COLUMNS)
        .where('issuer_id', '=', issuerId)
        .where('issued_on', '<', filter.issuedBefore)
        .where('doc_type', '=', filter.docType)
        .where('created_at', '<=', filter.createdBy)
        .where('status', 'in', from)
        .orderBy('issued_on')
        .orderBy('id')
        .limit(limit)
        .execute();
    },

    /**
     * Sets the status of these documents of `issuerId` that are still in one of `from`; answers
     * the ids of those that changed. The issuer and the old status are in the WHERE clause: whatever the
     * caller read, another issuer's document or one changed meanwhile is left alone.
     */
    async setMany(
      issuerId: string,
      ids: string[],
      from: DocumentStatus[],
      change: { status: DocumentStatus; reason: string | null; at: number },
    ): Promise<Set<string>> {
      if (ids.length === 0) return new Set();
      const rows = await db
        .updateTable('issued_documents')
        .set({ status: change.status, status_reason: change.reason, status_changed_at: change.at, updated_at: change.at })
        .where('issuer_id', '=', issuerId)
        .where('status', 'in', from)
        .where('id', 'in', ids)
        .returning('id')
        .execute();
      return new Set(rows.map((r) => r.id));
    },
  };
}

export type DocumentStatusRepository = ReturnType<typeof documentStatusRepository>;
