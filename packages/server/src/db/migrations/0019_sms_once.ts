import type { Kysely } from 'kysely';
import { columnTypes } from './column-types.js';

/**
 * Text messages that go out at most once per key: the one invitation to a holder without a
 * locker (keyed by the keyed hash the documents wait under, never a number in clear) and the
 * one "your consent was used" SMS per consent per day. The primary key is the lock, so two
 * server processes cannot both send.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('sms_once')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('sent_at', t.int64, (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('sms_once').execute();
}
