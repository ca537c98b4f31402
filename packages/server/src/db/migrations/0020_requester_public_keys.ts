import type { Kysely } from 'kysely';
import { columnTypes } from './column-types.js';

/**
 * `private_key_jwt` client authentication (RFC 7523, OIDC Core 9): a requester may be registered
 * with a public JWK instead of a client secret (its secret columns then hold nothing usable).
 * The `jti` of every accepted client assertion is kept until the assertion's `exp`, so that a
 * replay is refused by every process sharing the database.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  await db.schema.alterTable('requesters').addColumn('public_jwk', 'text').execute();
  await db.schema
    .createTable('oauth_client_assertions')
    // SHA-256 of client id + jti: one row per assertion ever accepted (until it expires).
    .addColumn('jti_hash', 'text', (c) => c.primaryKey())
    .addColumn('requester_id', 'text', (c) => c.notNull())
    .addColumn('expires_at', t.int64, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('oauth_client_assertions_expires').on('oauth_client_assertions').column('expires_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('oauth_client_assertions').execute();
  await db.schema.alterTable('requesters').dropColumn('public_jwk').execute();
}
