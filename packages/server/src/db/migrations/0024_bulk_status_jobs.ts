import type { Kysely } from 'kysely';

/**
 * Bulk status changes (revoke or suspend many documents of one issuer) run as bulk jobs:
 * `kind` tells them from issuance jobs ('issue', the default for every existing row), and the
 * job keeps what it does (`target_status`, `reason`) and, for a job by filter rather than by a
 * list of URIs, the filter (JSON: docType, issuedBefore). `request_key` is the client's
 * Idempotency-Key: the same key sent again by the same issuer answers the job it made.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('bulk_jobs')
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('issue'))
    .execute();
  await db.schema.alterTable('bulk_jobs').addColumn('target_status', 'text').execute();
  await db.schema.alterTable('bulk_jobs').addColumn('reason', 'text').execute();
  await db.schema.alterTable('bulk_jobs').addColumn('filter', 'text').execute();
  await db.schema.alterTable('bulk_jobs').addColumn('request_key', 'text').execute();
  await db.schema.createIndex('bulk_jobs_request_key_uq').on('bulk_jobs').columns(['issuer_id', 'request_key']).unique().execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('bulk_jobs_request_key_uq').execute();
  for (const column of ['request_key', 'filter', 'reason', 'target_status', 'kind']) await db.schema.alterTable('bulk_jobs').dropColumn(column).execute();
}
