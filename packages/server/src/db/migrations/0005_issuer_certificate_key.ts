import type { Kysely } from 'kysely';

/**
 * The public key (SPKI PEM) a remote-pull issuer signs its certificate XML with. When set, a
 * pulled document's DataContent must carry an XML-DSig signature that verifies under it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('issuers').addColumn('certificate_key', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('issuers').dropColumn('certificate_key').execute();
}
