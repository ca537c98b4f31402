import type { Kysely } from 'kysely';
import { columnTypes } from './column-types.js';

/** Forgot-PIN recoveries: a mobile OTP opens one, a second factor (or a waiting period) lets it set a PIN. */
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
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('pin_recoveries').execute();
}
