import { sql, type Kysely } from 'kysely';

/**
 * Purging a blob asks whether any share still names it (blob-references.repository.ts:
 * `not exists (select 1 from shares where target_ref = ?)`). Without an index that is a scan of
 * every share ever made, once per purged blob. Only shares of uploaded files carry a ref, so the
 * index holds only those (a partial index in both dialects; the lookup's `= ?` implies it).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('shares_target_ref_idx').on('shares').column('target_ref').where(sql.ref('target_ref'), 'is not', null).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('shares_target_ref_idx').execute();
}
