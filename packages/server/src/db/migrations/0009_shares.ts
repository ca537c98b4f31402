import type { Kysely } from 'kysely';
import { columnTypes } from './column-types.js';

/**
 * Share links. A link names one immutable target: (kind, id, version, ref) — an issued
 * document's id and version, or (later) an uploaded file's id and its blob's sha256. The token
 * is looked up by its SHA-256; the token itself is kept only sealed under a key derived from the
 * master key, so the owner can copy the link again while a copy of the database alone opens
 * nothing. Views keep a coarse device label and an HMAC of the address, never the address.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('shares')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('resident_id', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('token_sealed', t.bytes, (c) => c.notNull())
    .addColumn('target_kind', 'text', (c) => c.notNull()) // issued | uploaded | esigned
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('target_version', 'integer', (c) => c.notNull())
    .addColumn('target_ref', 'text') // e.g. the blob sha256 of an uploaded file's version
    .addColumn('title', 'text', (c) => c.notNull()) // what the resident and the activity log call it
    .addColumn('note', 'text')
    .addColumn('allow_download', 'integer', (c) => c.notNull())
    .addColumn('sharer_shown', 'text', (c) => c.notNull()) // masked | full | first
    .addColumn('sharer_label', 'text', (c) => c.notNull())
    .addColumn('pin_hash', 'text')
    .addColumn('pin_failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_at', t.int64)
    .addColumn('max_views', 'integer')
    .addColumn('views', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('expires_at', t.int64, (c) => c.notNull())
    .addColumn('revoked_at', t.int64)
    .addColumn('created_at', t.int64, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('shares_resident_idx').on('shares').columns(['resident_id', 'created_at']).execute();

  await db.schema
    .createTable('share_views')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('share_id', 'text', (c) => c.notNull().references('shares.id'))
    .addColumn('at', t.int64, (c) => c.notNull())
    .addColumn('device', 'text', (c) => c.notNull())
    .addColumn('ip_hmac', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('share_views_share_idx').on('share_views').columns(['share_id', 'at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('share_views').execute();
  await db.schema.dropTable('shares').execute();
}
