import type { Kysely } from 'kysely';
import { columnTypes } from './column-types.js';

/**
 * Forgot-PIN recoveries (a mobile OTP opens one, a second factor or a waiting period lets it set
 * a PIN) and the residents' notification inbox.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('pin_recoveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('resident_id', 'text', (c) => c.notNull())
    // SHA-256 of the secret half of the ticket the client holds; the ticket itself is never stored.
    .addColumn('ticket_hash', 'text', (c) => c.notNull())
    // 'aadhaar' | 'password' | 'wait', once the resident has chosen.
    .addColumn('method', 'text')
    .addColumn('factor_at', t.int64)
    .addColumn('ready_at', t.int64)
    .addColumn('expires_at', t.int64, (c) => c.notNull())
    .addColumn('completed_at', t.int64)
    .addColumn('cancelled_at', t.int64)
    .addColumn('created_at', t.int64, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('pin_recoveries_resident').on('pin_recoveries').columns(['resident_id', 'expires_at']).execute();

  await db.schema
    .createTable('notifications')
    // UUIDv7: ordered by time, so the inbox pages on the id alone.
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('resident_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    // What the text is made from (names in every language, a reason), rendered in the reader's language.
    .addColumn('params', 'text', (c) => c.notNull())
    .addColumn('created_at', t.int64, (c) => c.notNull())
    .addColumn('read_at', t.int64)
    .execute();
  await db.schema.createIndex('notifications_resident').on('notifications').columns(['resident_id', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('notifications').execute();
  await db.schema.dropTable('pin_recoveries').execute();
}
