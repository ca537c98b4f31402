import type { Kysely } from 'kysely';
import type { Database, DocumentStatus } from '../db/schema.js';

type CopyStatus = Exclude<DocumentStatus, 'active'>;
/** The statuses a document has a status copy of its search terms for. */
export const COPY_STATUSES: CopyStatus[] = ['suspended', 'revoked'];

/**
 * Makes the status copy of these documents' search terms say `status` (migrations 0028 and
 * 0029): a copy of another status goes (a suspended document being revoked or reinstated), and a
 * document that is not active gets its terms copied with its status. The terms themselves never
 * change with the status. Call in the transaction that changes the documents' status, after it.
 */
export async function setStatusTerms(db: Kysely<Database>, documentIds: string[], status: DocumentStatus, issuerIds?: string[]): Promise<void> {
  if (documentIds.length === 0) return;
  await clearStatusTerms(
    db,
    documentIds,
    COPY_STATUSES.filter((s) => s !== status),
    issuerIds,
  );
  await copyStatusTerms(db, documentIds, status);
}

/** Copies these documents' search terms with `status`, unless it is active (they have no copy yet). */
export async function copyStatusTerms(db: Kysely<Database>, documentIds: string[], status: DocumentStatus): Promise<void> {
  if (documentIds.length === 0 || status === 'active') return;
  await db
    .insertInto('issued_document_status_terms')
    .columns(['issuer_id', 'status', 'term', 'issued_on', 'document_id'])
    .expression((eb) =>
      eb
        .selectFrom('issued_document_terms')
        .select((s) => ['issuer_id', s.val(status).as('status'), 'term', 'issued_on', 'document_id'])
        .where('document_id', 'in', documentIds)
        // In the copy's key order: each row goes in next to the one before it, on pages just
        // read, instead of at a random place (a bulk job's 18,000 rows: about 20 % less time).
        .orderBy('issuer_id')
        .orderBy('term')
        .orderBy('issued_on', 'desc')
        .orderBy('document_id', 'desc'),
    )
    .execute();
}

/**
 * Removes these documents' status copy of `statuses` (by default any). A copy row is its term row
 * with the status, so it is found by the key of each of the document's term rows (one look-up
 * each): call before the terms themselves are replaced. With `issuerIds` (the issuers of every one
 * of the documents), a status none of those issuers has a copy of is skipped after one look-up:
 * a bulk revocation of active documents then reads no term twice.
 */
export async function clearStatusTerms(
  db: Kysely<Database>,
  documentIds: string[],
  statuses: CopyStatus[] = COPY_STATUSES,
  issuerIds?: string[],
): Promise<void> {
  if (documentIds.length === 0) return;
  for (const status of statuses) {
    if (issuerIds && !(await anyCopy(db, issuerIds, status))) continue;
    await db
      .deleteFrom('issued_document_status_terms')
      .where('status', '=', status)
      .where((eb) =>
        eb(
          eb.refTuple('issuer_id', 'term', 'issued_on', 'document_id'),
          'in',
          eb
            .selectFrom('issued_document_terms')
            .select(['issuer_id', 'term', 'issued_on', 'document_id'])
            .where('document_id', 'in', documentIds)
            .$asTuple('issuer_id', 'term', 'issued_on', 'document_id'),
        ),
      )
      .execute();
  }
}

/** Whether any of these issuers has a document with a status copy of `status` (one look-up per issuer). */
async function anyCopy(db: Kysely<Database>, issuerIds: string[], status: CopyStatus): Promise<boolean> {
  for (const issuerId of new Set(issuerIds)) {
    const row = await db
      .selectFrom('issued_document_status_terms')
      .select('document_id')
      .where('issuer_id', '=', issuerId)
      .where('status', '=', status)
      .limit(1)
      .executeTakeFirst();
    if (row) return true;
  }
  return false;
}
