import type { Kysely } from 'kysely';
import { columnTypes } from './column-types.js';

/**
 * Blobs being purged, or purged lately. A purge records its blob here in the transaction that
 * forgets the blob's row, deletes the bytes, then sets `done_at`. A writer that records the same
 * content meanwhile finds the row and waits (answers "try again"), or, once the purge is done and
 * its own bytes are in the store, removes the row; a purge a crash left without `done_at` is
 * finished by the next housekeeping run (docs/uploads.md, "Bin and purge").
 */
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('blob_purges')
    .addColumn('sha256', 'text', (c) => c.primaryKey())
    .addColumn('started_at', t.int64, (c) => c.notNull())
    .addColumn('done_at', t.int64)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('blob_purges').execute();
}
