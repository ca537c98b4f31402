import type { Kysely } from 'kysely';
import { columnTypes } from './column-types.js';

/**
 * A pushed URI whose content Tijori could not get yet (the issuer's endpoint did not answer, or
 * nothing supplies the fields its type declares): the push is accepted and its holder sees the
 * document as "content awaited from the issuer" until it is issued. One row per URI; the holder
 * as for issued documents (a locker, or a keyed lookup until the holder has one).
 */
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('awaited_documents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('uri', 'text', (c) => c.notNull().unique())
    .addColumn('issuer_id', 'text', (c) => c.notNull().references('issuers.id'))
    .addColumn('doc_type', 'text', (c) => c.notNull())
    .addColumn('doc_id', 'text', (c) => c.notNull())
    .addColumn('resident_id', 'text')
    .addColumn('holder_lookup', 'text')
    .addColumn('issued_on', 'text', (c) => c.notNull())
    .addColumn('valid_from', 'text')
    .addColumn('valid_to', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_at', t.int64, (c) => c.notNull())
    .addColumn('updated_at', t.int64, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('awaited_documents_resident_idx').on('awaited_documents').columns(['resident_id', 'created_at']).execute();
  await db.schema.createIndex('awaited_documents_lookup_idx').on('awaited_documents').column('holder_lookup').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('awaited_documents').execute();
}
