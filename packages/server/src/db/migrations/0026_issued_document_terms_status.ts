import { sql, type Kysely } from 'kysely';

/**
 * The document's status in its search terms, second in their index: (issuer, status, term,
 * issued_on desc, document desc). A search filtered by status ("revoked only") is then one index
 * range like any other, where before it read every entry of the name and looked up each
 * document's status (about 2 s for a common name on SQLite at a million documents, with none
 * revoked). A search of every status reads the three ranges side by side. Only the terms of
 * documents that are not active change here; a status change updates its document's terms.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('issued_document_terms')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
    .execute();
  await db
    .updateTable('issued_document_terms')
    .set({ status: sql`(select d.status from issued_documents d where d.id = issued_document_terms.document_id)` })
    .where('document_id', 'in', db.selectFrom('issued_documents').select('id').where('status', '<>', 'active'))
    .execute();
  await db.schema.dropIndex('issued_document_terms_idx').execute();
  await termIndex(db, 'issued_document_terms_status_idx', ['status']);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('issued_document_terms_status_idx').execute();
  await termIndex(db, 'issued_document_terms_idx', []);
  await db.schema.alterTable('issued_document_terms').dropColumn('status').execute();
}

/** The term index, in the order a page reads it, with `lead` between the issuer and the term. */
function termIndex(db: Kysely<any>, name: string, lead: string[]): Promise<void> {
  return db.schema
    .createIndex(name)
    .unique()
    .on('issued_document_terms')
    .columns(['issuer_id', ...lead, 'term', 'issued_on desc', 'document_id desc'])
    .execute();
}
