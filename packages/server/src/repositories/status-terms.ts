import type { Kysely } from 'kysely';
import type { Database, DocumentStatus } from '../db/schema.js';

/**
 * Makes the status copy of these documents' search terms say `status` (migration 0028): their
 * old copy goes (a suspended document being revoked or reinstated), and a document that is not
 * active gets its terms copied with its status. The terms themselves never change with the
 * status. Call in the transaction that changes the documents' status or terms, after it.
 */
export async function setStatusTerms(db: Kysely<Database>, documentIds: string[], status: DocumentStatus): Promise<void> {
  if (documentIds.length === 0) return;
  await db.deleteFrom('issued_document_status_terms').where('document_id', 'in', documentIds).execute();
  if (status === 'active') return;
  await db
    .insertInto('issued_document_status_terms')
    .columns(['issuer_id', 'status', 'term', 'issued_on', 'document_id'])
    .expression((eb) =>
      eb
        .selectFrom('issued_document_terms')
        .select((s) => ['issuer_id', s.val(status).as('status'), 'term', 'issued_on', 'document_id'])
        .where('document_id', 'in', documentIds),
    )
    .execute();
}
