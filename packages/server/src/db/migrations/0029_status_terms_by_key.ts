import { sql, type Kysely } from 'kysely';
import { columnTypes } from './column-types.js';

/**
 * The status copy of the search terms (0028) without its index by document. A bulk revocation
 * inserts ~9 copy rows per document; each went into the copy's table, its term index and its
 * document index, and the document index alone cost about a tenth of a revocation at 1,000,000
 * documents (docs/benchmarks.md). A copy row is its term row with the status, so a document's copy
 * is found by its terms' keys instead: (issuer, status, term, issued_on, document) in the term
 * index, for each of its term rows. On SQLite the table becomes that index itself (WITHOUT ROWID,
 * the key as its primary key): one B-tree per row inserted instead of three.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('issued_document_status_terms_document_idx').execute();
  if (columnTypes(db).postgres) return;
  await sql`create table issued_document_status_terms_by_key (
    issuer_id text not null, status text not null, term text not null, issued_on text not null, document_id text not null,
    primary key (issuer_id, status, term, issued_on desc, document_id desc)
  ) without rowid`.execute(db);
  await sql`insert into issued_document_status_terms_by_key (issuer_id, status, term, issued_on, document_id)
    select issuer_id, status, term, issued_on, document_id from issued_document_status_terms`.execute(db);
  await db.schema.dropTable('issued_document_status_terms').execute();
  await sql`alter table issued_document_status_terms_by_key rename to issued_document_status_terms`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!columnTypes(db).postgres) {
    await sql`alter table issued_document_status_terms rename to issued_document_status_terms_by_key`.execute(db);
    await db.schema
      .createTable('issued_document_status_terms')
      .addColumn('issuer_id', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('term', 'text', (c) => c.notNull())
      .addColumn('issued_on', 'text', (c) => c.notNull())
      .addColumn('document_id', 'text', (c) => c.notNull())
      .execute();
    await sql`insert into issued_document_status_terms (issuer_id, status, term, issued_on, document_id)
      select issuer_id, status, term, issued_on, document_id from issued_document_status_terms_by_key`.execute(db);
    await db.schema.dropTable('issued_document_status_terms_by_key').execute();
    await db.schema
      .createIndex('issued_document_status_terms_idx')
      .unique()
      .on('issued_document_status_terms')
      .columns(['issuer_id', 'status', 'term', 'issued_on desc', 'document_id desc'])
      .execute();
  }
  await db.schema.createIndex('issued_document_status_terms_document_idx').on('issued_document_status_terms').column('document_id').execute();
}
