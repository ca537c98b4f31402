import { sql, type Kysely } from 'kysely';
import { columnTypes } from './column-types.js';

/**
 * The search terms of documents that are not active, kept apart from the terms themselves. 0026
 * put the status second in the term index, so a search by status was one index range; but then a
 * revocation moved each of its document's ~9 term entries to another range of that index (a
 * delete and an insert at random places of the largest index), and a bulk revocation with search
 * terms managed 471 documents a second. Now the terms have no status: their index is again
 * (issuer, term, issued_on desc, document desc), untouched by a status change. A document that is
 * suspended or revoked has a copy of its terms in `issued_document_status_terms`, with the status
 * second in its index as before: a search of revoked (or suspended) documents reads that small
 * table's range; a search of active ones reads the terms and leaves out each document found in it
 * (one look-up by `document_id` per entry read); a search of every status reads the terms alone.
 * A revocation only inserts its document's copy, into an index a fraction of the size.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const { postgres } = columnTypes(db);
  await db.schema
    .createTable('issued_document_status_terms')
    .addColumn('issuer_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('term', 'text', (c) => (postgres ? c.notNull().modifyEnd(sql`collate "C"`) : c.notNull()))
    .addColumn('issued_on', 'text', (c) => c.notNull())
    .addColumn('document_id', 'text', (c) => c.notNull())
    .execute();
  await db
    .insertInto('issued_document_status_terms')
    .columns(['issuer_id', 'status', 'term', 'issued_on', 'document_id'])
    .expression(db.selectFrom('issued_document_terms').select(['issuer_id', 'status', 'term', 'issued_on', 'document_id']).where('status', '<>', 'active'))
    .execute();
  await termIndex(db, 'issued_document_status_terms', 'issued_document_status_terms_idx', ['status']);
  // A status change or new terms replace one document's copy.
  await db.schema.createIndex('issued_document_status_terms_document_idx').on('issued_document_status_terms').column('document_id').execute();
  await db.schema.dropIndex('issued_document_terms_status_idx').execute();
  await termIndex(db, 'issued_document_terms', 'issued_document_terms_idx', []);
  await db.schema.alterTable('issued_document_terms').dropColumn('status').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('issued_document_terms')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
    .execute();
  await db
    .updateTable('issued_document_terms')
    .set({ status: sql`(select d.status from issued_documents d where d.id = issued_document_terms.document_id)` })
    .where('document_id', 'in', db.selectFrom('issued_document_status_terms').select('document_id'))
    .execute();
  await db.schema.dropIndex('issued_document_terms_idx').execute();
  await termIndex(db, 'issued_document_terms', 'issued_document_terms_status_idx', ['status']);
  await db.schema.dropTable('issued_document_status_terms').execute();
}

/** A term index, in the order a page reads it, with `lead` between the issuer and the term. */
function termIndex(db: Kysely<any>, table: string, name: string, lead: string[]): Promise<void> {
  return db.schema
    .createIndex(name)
    .unique()
    .on(table)
    .columns(['issuer_id', ...lead, 'term', 'issued_on desc', 'document_id desc'])
    .execute();
}
