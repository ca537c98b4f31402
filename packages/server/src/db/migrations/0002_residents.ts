import type { Kysely } from 'kysely';
import { columnTypes } from './column-types.js';

/** Residents, their Aadhaar vault entries, OTP challenges, sessions, activity, rate limits, dev SMS outbox. */
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);

  await db.schema
    .createTable('residents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // Null once the account is deleted, so the number can be registered again by someone else.
    .addColumn('mobile', 'text', (c) => c.unique())
    .addColumn('username', 'text', (c) => c.unique())
    .addColumn('pin_hash', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('aadhaar_ref', 'text', (c) => c.unique())
    .addColumn('name', 'text')
    .addColumn('name_local', 'text')
    .addColumn('local_script', 'text')
    .addColumn('dob', 'text')
    .addColumn('gender', 'text')
    .addColumn('address', 'text')
    .addColumn('address_local', 'text')
    .addColumn('photo_sha256', 'text')
    .addColumn('created_at', t.int64, (c) => c.notNull())
    .addColumn('updated_at', t.int64, (c) => c.notNull())
    .addColumn('deleted_at', t.int64)
    .execute();

  await db.schema
    .createTable('aadhaar_vault')
    .addColumn('ref', 'text', (c) => c.primaryKey())
    // Keyed hash (HMAC) of the number: uniqueness without a guessable plain hash.
    .addColumn('lookup_hmac', 'text', (c) => c.notNull().unique())
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('ciphertext', t.bytes, (c) => c.notNull())
    .addColumn('last4', 'text', (c) => c.notNull())
    .addColumn('created_at', t.int64, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('otp_challenges')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('resident_id', 'text')
    .addColumn('mobile', 'text')
    .addColumn('code_hash', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('sends', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('last_sent_at', t.int64, (c) => c.notNull())
    .addColumn('expires_at', t.int64, (c) => c.notNull())
    .addColumn('consumed_at', t.int64)
    .addColumn('ticket_hash', 'text')
    .addColumn('ticket_expires_at', t.int64)
    .addColumn('ticket_used_at', t.int64)
    .addColumn('context', 'text')
    .addColumn('created_at', t.int64, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('otp_challenges_expires_idx').on('otp_challenges').column('expires_at').execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // SHA-256 of the bearer/cookie token: the token itself is never stored.
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('resident_id', 'text', (c) => c.notNull().references('residents.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('device', 'text', (c) => c.notNull())
    .addColumn('ip', 'text', (c) => c.notNull())
    .addColumn('created_at', t.int64, (c) => c.notNull())
    .addColumn('last_seen_at', t.int64, (c) => c.notNull())
    .addColumn('expires_at', t.int64, (c) => c.notNull())
    .addColumn('ended_at', t.int64)
    .addColumn('end_reason', 'text')
    .execute();
  await db.schema.createIndex('sessions_resident_idx').on('sessions').columns(['resident_id', 'ended_at']).execute();

  await db.schema
    .createTable('activity_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('resident_id', 'text', (c) => c.notNull())
    .addColumn('seq', t.int64, (c) => c.notNull())
    .addColumn('at', t.int64, (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    // Details are stored as the exact text that was hashed.
    // One event per position: two concurrent writers cannot fork the chain.
    .addUniqueConstraint('activity_events_resident_seq_uq', ['resident_id', 'seq'])
    .execute();

  await db.schema
    .createTable('rate_limits')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('window_start', t.int64, (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('dev_sms_outbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('to_mobile', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('sent_at', t.int64, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('dev_sms_outbox_to_idx').on('dev_sms_outbox').columns(['to_mobile', 'sent_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['dev_sms_outbox', 'rate_limits', 'activity_events', 'sessions', 'otp_challenges', 'aadhaar_vault', 'residents']) {
    await db.schema.dropTable(table).execute();
  }
}
