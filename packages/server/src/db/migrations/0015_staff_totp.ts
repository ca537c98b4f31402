import type { Kysely } from 'kysely';
import { columnTypes } from './column-types.js';

/**
 * The console's second factor: a TOTP secret per staff user (sealed under the master key),
 * single-use recovery codes (scrypt hashes), and the short-lived sign-ins that passed the
 * password and wait for a code.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('staff_totp')
    .addColumn('staff_id', 'text', (c) => c.primaryKey())
    // AES-256-GCM under a key derived from the master key, bound to staff_id.
    .addColumn('secret_sealed', t.bytes, (c) => c.notNull())
    // Null while enrolment waits for its first code.
    .addColumn('confirmed_at', t.int64)
    // The newest 30-second step a code was accepted for: that step and earlier ones are refused.
    .addColumn('last_step', t.int64)
    .addColumn('created_at', t.int64, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('staff_recovery_codes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('staff_id', 'text', (c) => c.notNull())
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('used_at', t.int64)
    .addColumn('created_at', t.int64, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('staff_recovery_codes_staff').on('staff_recovery_codes').column('staff_id').execute();

  await db.schema
    .createTable('staff_totp_challenges')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // SHA-256 of the token the client holds between the password and the code.
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('staff_id', 'text', (c) => c.notNull())
    .addColumn('created_at', t.int64, (c) => c.notNull())
    .addColumn('expires_at', t.int64, (c) => c.notNull())
    .addColumn('used_at', t.int64)
    .execute();
  await db.schema.createIndex('staff_totp_challenges_expiry').on('staff_totp_challenges').column('expires_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('staff_totp_challenges').execute();
  await db.schema.dropTable('staff_recovery_codes').execute();
  await db.schema.dropTable('staff_totp').execute();
}
