import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

/**
 * Every column that holds a blob's SHA-256. Blobs are content-addressed, so two records may
 * share one; a blob is deleted only when none of these name it. A feature that keeps blobs
 * (shares, signed copies…) adds its column here.
 */
export const BLOB_REFERENCES: readonly { table: string; column: string }[] = [
  { table: 'residents', column: 'photo_sha256' },
  { table: 'document_renderings', column: 'sha256' },
  { table: 'bulk_jobs', column: 'source_sha256' },
  { table: 'uploaded_file_versions', column: 'sha256' },
  // A shared uploaded file: the blob the link was made for (docs/sharing.md).
  { table: 'shares', column: 'target_ref' },
];

export function blobReferencesRepository(db: Kysely<Database>) {
  return {
    /**
     * Forgets the blob's record if, at this moment, nothing names it (one statement, so a
     * reference committed before it is seen). True: the caller may delete the bytes.
     */
    async forgetIfUnreferenced(sha256: string): Promise<boolean> {
      const unreferenced = BLOB_REFERENCES.map(({ table, column }) => sql`not exists (select 1 from ${sql.table(table)} where ${sql.ref(column)} = ${sha256})`);
      const res = await sql`delete from blobs where sha256 = ${sha256} and ${sql.join(unreferenced, sql` and `)}`.execute(db);
      return Number(res.numAffectedRows ?? 0) === 1;
    },
  };
}
