import { sql, type Kysely } from 'kysely';
import { columnTypes } from './column-types.js';

/**
 * Trust in issuer messages and issued documents:
 * - issuer_credentials: `legacy_keyhash` (1 = an operator allowed this DigiLocker client to push
 *   without `x-digilocker-hmac`), `last_used_at`, `created_by`.
 * - issuer_message_txns: every (client, txn) accepted within the freshness window; the primary
 *   key makes a replay fail in every process on both databases.
 * - status_lists + issued_documents.status_list_id/status_index: W3C Bitstring Status Lists,
 *   one index per document; the signed list credentials are cached in the row until a
 *   revocation or suspension bumps `revision`.
 * - audit_log: append-only, hash-chained record of staff / API key / DigiLocker client actions.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .alterTable('issuer_credentials')
    .addColumn('legacy_keyhash', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('issuer_credentials').addColumn('last_used_at', t.int64).execute();
  await db.schema.alterTable('issuer_credentials').addColumn('created_by', 'text').execute();

  await db.schema
    .createTable('issuer_message_txns')
    .addColumn('credential_id', 'text', (c) => c.notNull())
    .addColumn('txn', 'text', (c) => c.notNull())
    .addColumn('received_at', t.int64, (c) => c.notNull())
    .addPrimaryKeyConstraint('issuer_message_txns_pk', ['credential_id', 'txn'])
    .execute();
  await db.schema.createIndex('issuer_message_txns_received').on('issuer_message_txns').column('received_at').execute();

  await db.schema
    .createTable('status_lists')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('issuer_id', 'text', (c) => c.notNull().references('issuers.id'))
    .addColumn('capacity', 'integer', (c) => c.notNull())
    .addColumn('allocated', 'integer', (c) => c.notNull())
    .addColumn('permutation_key', 'text', (c) => c.notNull())
    .addColumn('revision', t.int64, (c) => c.notNull())
    .addColumn('built_revision', t.int64)
    .addColumn('revocation_jwt', 'text')
    .addColumn('suspension_jwt', 'text')
    .addColumn('built_at', t.int64)
    .addColumn('created_at', t.int64, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('status_lists_issuer').on('status_lists').columns(['issuer_id', 'created_at']).execute();
  await db.schema.alterTable('issued_documents').addColumn('status_list_id', 'text').execute();
  await db.schema.alterTable('issued_documents').addColumn('status_index', 'integer').execute();
  // A Push URI names a document by DocId: its content is looked up among the hosted records.
  await db.schema.createIndex('hosted_records_doc_id').on('hosted_records').columns(['issuer_id', 'doc_type', 'doc_id']).execute();
  await db.schema.createIndex('issued_documents_status_list').on('issued_documents').columns(['status_list_id', 'status']).execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('seq', t.int64, (c) => c.primaryKey())
    .addColumn('id', 'text', (c) => c.notNull().unique())
    .addColumn('at', t.int64, (c) => c.notNull())
    .addColumn('actor_kind', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.notNull())
    .addColumn('issuer_id', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target', 'text')
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  // Append-only in the database itself: the application never updates or deletes an entry, and
  // neither can a bug or a stolen application connection (the hash chain catches the rest).
  if (t.postgres) {
    await sql`create function audit_log_append_only() returns trigger language plpgsql as $$ begin raise exception 'audit_log is append-only'; end $$`.execute(
      db,
    );
    await sql`create trigger audit_log_no_change before update or delete on audit_log for each row execute function audit_log_append_only()`.execute(db);
  } else {
    await sql`create trigger audit_log_no_update before update on audit_log begin select raise(abort, 'audit_log is append-only'); end`.execute(db);
    await sql`create trigger audit_log_no_delete before delete on audit_log begin select raise(abort, 'audit_log is append-only'); end`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('audit_log').execute();
  if (columnTypes(db).postgres) await sql`drop function if exists audit_log_append_only()`.execute(db);
  await db.schema.dropIndex('issued_documents_status_list').execute();
  await db.schema.dropIndex('hosted_records_doc_id').execute();
  await db.schema.alterTable('issued_documents').dropColumn('status_index').execute();
  await db.schema.alterTable('issued_documents').dropColumn('status_list_id').execute();
  await db.schema.dropTable('status_lists').execute();
  await db.schema.dropTable('issuer_message_txns').execute();
  await db.schema.alterTable('issuer_credentials').dropColumn('created_by').execute();
  await db.schema.alterTable('issuer_credentials').dropColumn('last_used_at').execute();
  await db.schema.alterTable('issuer_credentials').dropColumn('legacy_keyhash').execute();
}
