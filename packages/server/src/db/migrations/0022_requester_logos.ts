import type { Kysely } from 'kysely';
import { columnTypes } from './column-types.js';

/**
 * Requester logos: at most 100 KB each, so they live in the database (one backup, every process
 * sees a new one at once) rather than the blob store. Logos are addressed by the SHA-256 of their
 * bytes, so their public URL never changes meaning and can be cached for good; `logo_sha256` on
 * the requester says which one it shows.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('requester_logos')
    .addColumn('sha256', 'text', (c) => c.primaryKey())
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('bytes', t.bytes, (c) => c.notNull())
    .addColumn('created_at', t.int64, (c) => c.notNull())
    .execute();
  await db.schema.alterTable('requesters').addColumn('logo_sha256', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('requesters').dropColumn('logo_sha256').execute();
  await db.schema.dropTable('requester_logos').execute();
}
