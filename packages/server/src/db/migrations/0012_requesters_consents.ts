import type { Kysely } from 'kysely';
import { columnTypes } from './column-types.js';

/**
 * Requesters (banks, employers, departments), the authorisation requests they start, the
 * consents residents grant them, and the OAuth codes and tokens of those consents (hashes only).
 */
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);

  await db.schema
    .createTable('requesters')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('client_id', 'text', (c) => c.notNull().unique())
    .addColumn('names', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    // SHA-256 of the random secret (token endpoint) and a sealed copy (the HMAC meta APIs need it).
    .addColumn('secret_hash', 'text', (c) => c.notNull())
    .addColumn('secret_sealed', t.bytes, (c) => c.notNull())
    // After a rotation with an overlap window, the previous secret keeps working until then.
    .addColumn('previous_secret_hash', 'text')
    .addColumn('previous_secret_sealed', t.bytes)
    .addColumn('previous_secret_until', t.int64)
    .addColumn('redirect_uris', 'text', (c) => c.notNull())
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('doc_types', 'text', (c) => c.notNull())
    .addColumn('consent_days', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', t.int64, (c) => c.notNull())
    .addColumn('updated_at', t.int64, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('oauth_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('requester_id', 'text', (c) => c.notNull().references('requesters.id'))
    .addColumn('redirect_uri', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('code_challenge', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('doc_types', 'text', (c) => c.notNull())
    .addColumn('nonce', 'text')
    .addColumn('valid_until', t.int64, (c) => c.notNull())
    .addColumn('created_at', t.int64, (c) => c.notNull())
    .addColumn('expires_at', t.int64, (c) => c.notNull())
    .addColumn('used_at', t.int64)
    .execute();

  await db.schema
    .createTable('consents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('resident_id', 'text', (c) => c.notNull().references('residents.id'))
    .addColumn('requester_id', 'text', (c) => c.notNull().references('requesters.id'))
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('documents', 'text', (c) => c.notNull())
    .addColumn('granted_at', t.int64, (c) => c.notNull())
    .addColumn('valid_until', t.int64, (c) => c.notNull())
    .addColumn('withdrawn_at', t.int64)
    .addColumn('last_used_at', t.int64)
    .addColumn('access_count', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('consents_resident').on('consents').columns(['resident_id', 'granted_at']).execute();

  await db.schema
    .createTable('oauth_codes')
    .addColumn('code_hash', 'text', (c) => c.primaryKey())
    .addColumn('consent_id', 'text', (c) => c.notNull().references('consents.id'))
    .addColumn('requester_id', 'text', (c) => c.notNull())
    .addColumn('redirect_uri', 'text', (c) => c.notNull())
    .addColumn('code_challenge', 'text', (c) => c.notNull())
    .addColumn('nonce', 'text')
    .addColumn('expires_at', t.int64, (c) => c.notNull())
    .addColumn('used_at', t.int64)
    .execute();

  await db.schema
    .createTable('oauth_tokens')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('consent_id', 'text', (c) => c.notNull().references('consents.id'))
    .addColumn('requester_id', 'text', (c) => c.notNull())
    // Every token descended from one code shares its family: a replayed code or a reused
    // refresh token revokes the whole family.
    .addColumn('family', 'text', (c) => c.notNull())
    .addColumn('created_at', t.int64, (c) => c.notNull())
    .addColumn('expires_at', t.int64, (c) => c.notNull())
    .addColumn('used_at', t.int64)
    .addColumn('revoked_at', t.int64)
    .execute();
  await db.schema.createIndex('oauth_tokens_family').on('oauth_tokens').column('family').execute();
  await db.schema.createIndex('oauth_tokens_consent').on('oauth_tokens').column('consent_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['oauth_tokens', 'oauth_codes', 'consents', 'oauth_requests', 'requesters']) await db.schema.dropTable(table).execute();
}
