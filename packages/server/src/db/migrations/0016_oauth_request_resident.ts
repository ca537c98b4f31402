import type { Kysely } from 'kysely';

/**
 * An authorisation request is started anonymously (the requester sends a browser to
 * /authorize); the first resident who opens its consent screen claims it, and only they may then
 * confirm or refuse it. Null until claimed. No foreign key: deleting an account must not wait on
 * a ten-minute request.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('oauth_requests').addColumn('resident_id', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('oauth_requests').dropColumn('resident_id').execute();
}
