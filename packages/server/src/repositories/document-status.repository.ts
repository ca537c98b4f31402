import type { Kysely } from 'kysely';
import type { Database, DocumentStatus } from '../db/schema.js';
import { setStatusTerms } from './status-terms.js';

/** What a status change needs to know of a document. */
export interface StatusTarget {
  id: string;
  uri: string;
  issuer_id: string;
  doc_type: string;
  issued_on: string;
  status: DocumentStatus;
  status_list_id: string | null;
  resident_id: string | null;
}

const TARGET_COLUMNS = ['id', 'uri', 'issuer_id', 'doc_type', 'issued_on', 'status', 'status_list_id', 'resident_id'] as const;

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
     * Sets the status of these documents that are still in one of `from`, and of the status copy
     * of their search terms; answers those that changed, with their issuer. The old status is in the WHERE clause: a document changed
     * meanwhile is left alone. (The issuer is not: SQLite would then walk the issuer's index,
     * every document of it, instead of looking up each id. The caller checks the issuers
     * answered and rolls back if one is not its own.)
     */
    async setMany(
      ids: string[],
      from: DocumentStatus[],
      change: { status: DocumentStatus; reason: string | null; at: number },
    ): Promise<{ id: string; issuer_id: string }[]> {
      if (ids.length === 0) return [];
      const changed = await db
        .updateTable('issued_documents')
        .set({ status: change.status, status_reason: change.reason, status_changed_at: change.at, updated_at: change.at })
        .where('id', 'in', ids)
        .where('status', 'in', from)
        .returning(['id', 'issuer_id'])
        .execute();
      // The status copy of their search terms (migration 0028), in the same transaction.
      await setStatusTerms(
        db,
        changed.map((c) => c.id),
        change.status,
        changed.map((c) => c.issuer_id),
      );
      return changed;
    },
  };
}

export type DocumentStatusRepository = ReturnType<typeof documentStatusRepository>;
