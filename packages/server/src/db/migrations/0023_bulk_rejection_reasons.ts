import type { Kysely } from 'kysely';

/**
 * Why a bulk job refused a row, as a key and parameters (JSON) the issuer console words in the
 * viewer's language. Nullable: rows rejected before this keep only their English message.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('bulk_job_rejections').addColumn('reason', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('bulk_job_rejections').dropColumn('reason').execute();
}
