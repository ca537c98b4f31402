import type { Kysely } from 'kysely';
import type { BlobsTable, Database } from '../db/schema.js';

export type BlobRow = BlobsTable;

/** Rows per INSERT: 4 columns × 1,000 stays far below both dialects' parameter limits. */
const BATCH = 1000;

export function blobsRepository(db: Kysely<Database>) {
  return {
    /** Records blobs; an already-recorded SHA-256 is left as it is (content addressing). */
    async insertMany(rows: readonly BlobRow[]): Promise<void> {
      for (let i = 0; i < rows.length; i += BATCH) {
        await db
          .insertInto('blobs')
          .values(rows.slice(i, i + BATCH))
          .onConflict((oc) => oc.column('sha256').doNothing())
          .execute();
      }
    },

    async find(sha256: string): Promise<BlobRow | undefined> {
      return db.selectFrom('blobs').selectAll().where('sha256', '=', sha256).executeTakeFirst();
    },

    async remove(sha256: string): Promise<boolean> {
      const res = await db.deleteFrom('blobs').where('sha256', '=', sha256).executeTakeFirst();
      return Number(res.numDeletedRows) > 0;
    },

    async count(): Promise<number> {
      const row = await db
        .selectFrom('blobs')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}

export type BlobsRepository = ReturnType<typeof blobsRepository>;
