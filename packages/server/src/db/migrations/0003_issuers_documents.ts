import type { Kysely } from 'kysely';
import { columnTypes } from './column-types.js';

/** The directory (issuers, document types, keys, credentials), staff, issued documents and jobs. */
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);

  await db.schema
    .createTable('staff_users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('username', 'text', (c) => c.notNull().unique())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull()) // operator | issuer
    .addColumn('issuer_id', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', t.int64, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('staff_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('staff_id', 'text', (c) => c.notNull().references('staff_users.id'))
    .addColumn('created_at', t.int64, (c) => c.notNull())
    .addColumn('last_seen_at', t.int64, (c) => c.notNull())
    .addColumn('expires_at', t.int64, (c) => c.notNull())
    .addColumn('ended_at', t.int64)
    .execute();

  await db.schema
    .createTable('issuers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().unique())
    .addColumn('names', 'text', (c) => c.notNull()) // {"en": …, "hi": …, "gu": …}
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('state', 'text')
    .addColumn('contact_email', 'text')
    .addColumn('contact_phone', 'text')
    .addColumn('status', 'text', (c) => c.notNull()) // active | suspended
    .addColumn('pull_mode', 'text', (c) => c.notNull()) // none | hosted | remote
    .addColumn('repository_url', 'text')
    .addColumn('created_at', t.int64, (c) => c.notNull())
    .addColumn('updated_at', t.int64, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('document_types')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('issuer_id', 'text', (c) => c.notNull().references('issuers.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('names', 'text', (c) => c.notNull())
    .addColumn('parameters', 'text', (c) => c.notNull()) // pull parameters
    .addColumn('fields', 'text', (c) => c.notNull())
    .addColumn('template', 'text', (c) => c.notNull())
    .addColumn('match_rules', 'text', (c) => c.notNull())
    .addColumn('created_at', t.int64, (c) => c.notNull())
    .addUniqueConstraint('document_types_issuer_code_uq', ['issuer_id', 'code'])
    .execute();

  await db.schema
    .createTable('issuer_credentials')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('issuer_id', 'text', (c) => c.notNull().references('issuers.id'))
    .addColumn('kind', 'text', (c) => c.notNull()) // api_key | digilocker
    .addColumn('client_id', 'text', (c) => c.notNull().unique())
    // api_key: SHA-256 of the secret. digilocker: the secret sealed under the master key,
    // because its protocol (keyhash, HMAC) needs the secret itself to check a request.
    .addColumn('secret_hash', 'text')
    .addColumn('secret_sealed', t.bytes)
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('created_at', t.int64, (c) => c.notNull())
    .addColumn('revoked_at', t.int64)
    .execute();

  await db.schema
    .createTable('signing_keys')
    .addColumn('kid', 'text', (c) => c.primaryKey())
    .addColumn('issuer_id', 'text', (c) => c.notNull().references('issuers.id'))
    .addColumn('alg', 'text', (c) => c.notNull()) // EdDSA | ES256
    .addColumn('public_jwk', 'text', (c) => c.notNull())
    .addColumn('private_sealed', t.bytes, (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // active | retired
    .addColumn('created_at', t.int64, (c) => c.notNull())
    .addColumn('retired_at', t.int64)
    .execute();
  await db.schema.createIndex('signing_keys_issuer_idx').on('signing_keys').columns(['issuer_id', 'status']).execute();

  await db.schema
    .createTable('issued_documents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('uri', 'text', (c) => c.notNull().unique())
    .addColumn('issuer_id', 'text', (c) => c.notNull())
    .addColumn('doc_type', 'text', (c) => c.notNull())
    .addColumn('doc_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('resident_id', 'text') // null while held for someone without an account
    .addColumn('holder_lookup', 'text') // HMAC of the Aadhaar number or mobile, for held documents
    .addColumn('holder_name', 'text', (c) => c.notNull())
    .addColumn('issued_on', 'text', (c) => c.notNull())
    .addColumn('valid_from', 'text')
    .addColumn('valid_to', 'text')
    .addColumn('status', 'text', (c) => c.notNull()) // active | suspended | revoked
    .addColumn('status_reason', 'text')
    .addColumn('status_changed_at', t.int64)
    .addColumn('verification_code', 'text', (c) => c.notNull())
    .addColumn('created_at', t.int64, (c) => c.notNull())
    .addColumn('updated_at', t.int64, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('issued_documents_resident_idx').on('issued_documents').columns(['resident_id', 'issued_on', 'id']).execute();
  await db.schema.createIndex('issued_documents_holder_lookup_idx').on('issued_documents').column('holder_lookup').execute();

  await db.schema
    .createTable('document_versions')
    .addColumn('document_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('kid', 'text', (c) => c.notNull())
    .addColumn('credential', 'text', (c) => c.notNull()) // the signed VC (compact JWS)
    .addColumn('created_at', t.int64, (c) => c.notNull())
    .addPrimaryKeyConstraint('document_versions_pk', ['document_id', 'version'])
    .execute();

  await db.schema
    .createTable('document_renderings')
    .addColumn('document_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull()) // pdf | xml
    .addColumn('status', 'text', (c) => c.notNull()) // the status the rendering shows
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('created_at', t.int64, (c) => c.notNull())
    .addPrimaryKeyConstraint('document_renderings_pk', ['document_id', 'version', 'kind', 'status'])
    .execute();
  // An uploaded PDF is recognised by its hash.
  await db.schema.createIndex('document_renderings_sha_idx').on('document_renderings').column('sha256').execute();

  await db.schema
    .createTable('hosted_records')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('issuer_id', 'text', (c) => c.notNull())
    .addColumn('doc_type', 'text', (c) => c.notNull())
    .addColumn('lookup_key', 'text', (c) => c.notNull()) // SHA-256 of the normalised pull parameters
    .addColumn('doc_id', 'text', (c) => c.notNull())
    .addColumn('holder_name', 'text', (c) => c.notNull())
    .addColumn('holder_dob', 'text')
    .addColumn('record', 'text', (c) => c.notNull()) // fields, dates
    .addColumn('created_at', t.int64, (c) => c.notNull())
    .addUniqueConstraint('hosted_records_lookup_uq', ['issuer_id', 'doc_type', 'lookup_key'])
    .execute();

  await db.schema
    .createTable('pull_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('resident_id', 'text', (c) => c.notNull())
    .addColumn('issuer_id', 'text', (c) => c.notNull())
    .addColumn('doc_type', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // pending | issued | failed
    .addColumn('uri', 'text')
    .addColumn('detail', 'text')
    .addColumn('created_at', t.int64, (c) => c.notNull())
    .addColumn('updated_at', t.int64, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('pull_requests_resident_idx').on('pull_requests').columns(['resident_id', 'created_at']).execute();

  await db.schema
    .createTable('bulk_jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('issuer_id', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull()) // ndjson | csv | digilocker-csv
    .addColumn('source_sha256', 'text', (c) => c.notNull())
    .addColumn('source_bytes', t.int64, (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // queued | running | done | failed
    .addColumn('rows_done', t.int64, (c) => c.notNull())
    .addColumn('rows_ok', t.int64, (c) => c.notNull())
    .addColumn('rows_failed', t.int64, (c) => c.notNull())
    .addColumn('bytes_done', t.int64, (c) => c.notNull())
    .addColumn('lease_until', t.int64)
    .addColumn('error', 'text')
    .addColumn('created_at', t.int64, (c) => c.notNull())
    .addColumn('updated_at', t.int64, (c) => c.notNull())
    .addColumn('finished_at', t.int64)
    .execute();

  await db.schema
    .createTable('bulk_job_rejections')
    .addColumn('job_id', 'text', (c) => c.notNull())
    .addColumn('row_number', t.int64, (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('bulk_job_rejections_pk', ['job_id', 'row_number'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'bulk_job_rejections',
    'bulk_jobs',
    'pull_requests',
    'hosted_records',
    'document_renderings',
    'document_versions',
    'issued_documents',
    'signing_keys',
    'issuer_credentials',
    'document_types',
    'issuers',
    'staff_sessions',
    'staff_users',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
