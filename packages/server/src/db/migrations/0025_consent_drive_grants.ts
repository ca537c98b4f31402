import type { Kysely } from 'kysely';

/**
 * Three parts of consent that were missing:
 * - `consents.uploads`: the uploaded files and folders a consent covers under
 *   `files.uploadeddocs`, as JSON `{files, folders}` (ids). Null is the whole drive: every grant
 *   made before this column existed was made on a screen that said "your whole drive", and the
 *   device flow's SMS still says so.
 * - `requesters.trust_verified_mobile`: 1 when the operator lets this requester name the
 *   resident's mobile (`verified_mobile`) on the authorisation request; 0 (ignored) otherwise.
 * - `oauth_requests.verified_mobile`: that mobile, kept only for a trusted requester.
 * - `oauth_requests.req_doctype`: 1 when the requester named the document types itself
 *   (`req_doctype`): then the consent screen offers to upload one the resident lacks. 0 when
 *   `doc_types` is only what it is registered for.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('consents').addColumn('uploads', 'text').execute();
  await db.schema
    .alterTable('requesters')
    .addColumn('trust_verified_mobile', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('oauth_requests').addColumn('verified_mobile', 'text').execute();
  await db.schema
    .alterTable('oauth_requests')
    .addColumn('req_doctype', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('oauth_requests').dropColumn('req_doctype').execute();
  await db.schema.alterTable('oauth_requests').dropColumn('verified_mobile').execute();
  await db.schema.alterTable('requesters').dropColumn('trust_verified_mobile').execute();
  await db.schema.alterTable('consents').dropColumn('uploads').execute();
}
