import type { Kysely } from 'kysely';
import { columnTypes } from './column-types.js';

/**
 * Tijori's certificate authority (root, issuing CA, time-stamping unit) and the certificates it
 * issues (issuers' document-signing certificates, residents' one-time eSign certificates).
 * Private keys are stored only sealed under the master key.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('pki_authorities')
    .addColumn('role', 'text', (c) => c.primaryKey())
    .addColumn('serial', 'text', (c) => c.notNull().unique())
    .addColumn('certificate', t.bytes, (c) => c.notNull())
    .addColumn('private_sealed', t.bytes, (c) => c.notNull())
    .addColumn('created_at', t.int64, (c) => c.notNull())
    .addColumn('not_after', t.int64, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('signing_certificates')
    .addColumn('serial', 'text', (c) => c.primaryKey())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('issuer_id', 'text')
    .addColumn('resident_id', 'text')
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('certificate', t.bytes, (c) => c.notNull())
    // Null for a one-time eSign certificate: its key is used once and never stored.
    .addColumn('private_sealed', t.bytes)
    .addColumn('created_at', t.int64, (c) => c.notNull())
    .addColumn('not_after', t.int64, (c) => c.notNull())
    .addColumn('revoked_at', t.int64)
    .execute();
  await db.schema.createIndex('signing_certificates_issuer').on('signing_certificates').columns(['issuer_id', 'purpose', 'not_after']).execute();
  await db.schema.createIndex('signing_certificates_revoked').on('signing_certificates').column('revoked_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('signing_certificates').execute();
  await db.schema.dropTable('pki_authorities').execute();
}
