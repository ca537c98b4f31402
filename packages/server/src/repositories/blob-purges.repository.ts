import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { BLOB_REFERENCES } from './blob-references.repository.js';

/**
 * Purges of blobs nothing names any more (`blob_purges`, migration 0027). A purge is three
 * steps: start (one transaction), deleting the bytes, finish; writers of the same content read
 * the row through blobs.insertMany and recordBlobs (domain/blobs/record-blobs.ts).
 */
export function blobPurgesRepository(db: Kysely<Database>) {
  return {
    /**
     * Run in a transaction of its own, committed before the bytes are deleted. Locks the blob's
     * row first (an update that changes nothing: on PostgreSQL it waits for a writer's
     * transaction that holds the row, and a writer that comes later waits for this one); then,
     * in a new statement, so that READ COMMITTED sees every reference committed while it waited,
     * forgets the row if nothing names the blob, and records the purge as started. True: the
     * caller deletes the bytes, then calls finish. False: the blob is in use, or has no row
     * (purged already).
     */
    async start(sha256: string, now: number): Promise<boolean> {
      const locked = await db
        .updateTable('blobs')
        .set({ sha256: (eb) => eb.ref('sha256') })
        .where('sha256', '=', sha256)
        .executeTakeFirst();
      if (Number(locked.numUpdatedRows) === 0) return false;
      const unreferenced = BLOB_REFERENCES.map(({ table, column, onlyWhile }) => {
        const live = onlyWhile ? sql` and ${sql.ref(onlyWhile.column)} in (${sql.join(onlyWhile.values)})` : sql``;
        return sql`not exists (select 1 from ${sql.table(table)} where ${sql.ref(column)} = ${sha256}${live})`;
      });
      const res = await sql`delete from blobs where sha256 = ${sha256} and ${sql.join(unreferenced, sql` and `)}`.execute(db);
      if (Number(res.numAffectedRows ?? 0) !== 1) return false;
      await db
        .insertInto('blob_purges')
        .values({ sha256, started_at: now, done_at: null })
        .onConflict((oc) => oc.column('sha256').doUpdateSet({ started_at: now, done_at: null }))
        .execute();
      return true;
    },

    /** The bytes are deleted: writers of this content may store it again. */
    async finish(sha256: string, now: number): Promise<void> {
      await db.updateTable('blob_purges').set({ done_at: now }).where('sha256', '=', sha256).where('done_at', 'is', null).execute();
    },

    /** Purges started before `before` and never finished (the process stopped between the steps). */
    async unfinished(before: number, limit: number): Promise<string[]> {
      const rows = await db.selectFrom('blob_purges').select('sha256').where('done_at', 'is', null).where('started_at', '<', before).limit(limit).execute();
      return rows.map((r) => r.sha256);
    },

    /** A writer found the purge done and its own bytes in the store: the blob is recorded again. */
    async forget(sha256: string): Promise<void> {
      await db.deleteFrom('blob_purges').where('sha256', '=', sha256).where('done_at', 'is not', null).execute();
    },

    /** Forgets purges finished before `before`; how many. */
    async prune(before: number): Promise<number> {
      const res = await db.deleteFrom('blob_purges').where('done_at', '<', before).executeTakeFirst();
      return Number(res.numDeletedRows);
    },
  };
}

export type BlobPurgesRepository = ReturnType<typeof blobPurgesRepository>;
