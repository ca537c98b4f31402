import type { Kysely } from 'kysely';
import type { BlobPurgesTable, BlobsTable, Database } from '../db/schema.js';

export type BlobRow = BlobsTable;
export type BlobPurgeRow = BlobPurgesTable;

/** Rows per INSERT: 4 columns × 1,000 stays far below both dialects' parameter limits. */
const BATCH = 1000;

export function blobsRepository(db: Kysely<Database>) {
  return {
    /**
     * Records blobs: the writer's claim on them, in the transaction that records what uses them.
     * An already-recorded SHA-256 keeps its row, but the row is updated all the same so that on
     * PostgreSQL this waits for a purge holding it (and a purge that starts later waits for this
     * transaction). Then, in a statement of its own (so READ COMMITTED sees a purge committed
     * while it waited), the purges of these blobs: recordBlobs (domain/blobs/record-blobs.ts)
     * decides from them whether the bytes can be trusted. Writers call that, not this.
     */
    async insertMany(rows: readonly BlobRow[]): Promise<BlobPurgeRow[]> {
      const purges: BlobPurgeRow[] = [];
      for (let i = 0; i < rows.length; i += BATCH) {
        const batch = rows.slice(i, i + BATCH);
        await db
          .insertInto('blobs')
          .values(batch)
          .onConflict((oc) => oc.column('sha256').doUpdateSet({ sha256: (eb) => eb.ref('excluded.sha256') }))
          .execute();
        const found = await db
          .selectFrom('blob_purges')
          .selectAll()
          .where(
            'sha256',
            'in',
            batch.map((r) => r.sha256),
          )
          .execute();
        purges.push(...found);
      }
      return purges;
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
