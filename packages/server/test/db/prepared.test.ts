import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/create-db.js';
import { preparedQuery } from '../../src/db/prepared.js';
import { DIALECTS, useFreshDb } from '../support/dialects.js';

for (const dialect of DIALECTS) {
  describe(`prepared queries [${dialect}]`, () => {
    const fresh = useFreshDb(dialect, { migrate: true });
    let db: Db;
    beforeAll(async () => {
      db = fresh.db;
      const rows = ['a', 'b', 'c', 'd'].map((k, i) => ({ sha256: k.repeat(64), size_bytes: i + 1, media_type: 'text/plain', stored_at: 1_000 + i }));
      await db.kysely.insertInto('blobs').values(rows).execute();
    });

    it('binds each call’s values into the one compiled query, numbers included', async () => {
      const bySize = preparedQuery((k, mediaType: string, minSize: number, limit: number) =>
        k
          .selectFrom('blobs')
          .select(['sha256', 'size_bytes'])
          .where('media_type', '=', mediaType)
          .where('size_bytes', '>=', minSize)
          .orderBy('size_bytes')
          .limit(limit),
      );
      const k = db.kysely;
      expect((await bySize(k, 'text/plain', 2, 2)).map((r) => Number(r.size_bytes))).toEqual([2, 3]);
      expect((await bySize(k, 'text/plain', 4, 10)).map((r) => Number(r.size_bytes))).toEqual([4]);
      expect(await bySize(k, 'image/png', 1, 10)).toEqual([]);
      // A value that looks like SQL is only ever a value.
      expect(await bySize(k, "text/plain' or '1'='1", 1, 10)).toEqual([]);
    });

    it('binds each element of a list, whatever its length, and a null value', async () => {
      const byHashes = preparedQuery((k, hashes: readonly string[]) =>
        k.selectFrom('blobs').select('size_bytes').where('sha256', 'in', hashes).orderBy('size_bytes'),
      );
      const sizes = async (hashes: string[]) => (await byHashes(db.kysely, hashes)).map((r) => Number(r.size_bytes));
      expect(await sizes(['a'.repeat(64)])).toEqual([1]);
      expect(await sizes(['d'.repeat(64), 'b'.repeat(64)])).toEqual([2, 4]);
      expect(await sizes(['c'.repeat(64)])).toEqual([3]);
      expect(await sizes(['x'.repeat(64), 'a'.repeat(64), 'c'.repeat(64)])).toEqual([1, 3]);
      expect(await sizes(Array.from({ length: 150 }, (_, i) => (i === 149 ? 'b'.repeat(64) : `${i}`)))).toEqual([2]);

      // A null value binds as NULL (blob_purges.done_at is nullable).
      const purge = preparedQuery((k, hash: string, doneAt: number | null) =>
        k.insertInto('blob_purges').values({ sha256: hash, started_at: 1, done_at: doneAt }),
      );
      await purge(db.kysely, 'e'.repeat(64), null);
      await purge(db.kysely, 'f'.repeat(64), 7);
      const purges = await db.kysely.selectFrom('blob_purges').select(['sha256', 'done_at']).orderBy('sha256').execute();
      expect(purges.map((p) => [p.sha256[0], p.done_at === null ? null : Number(p.done_at)])).toEqual([
        ['e', null],
        ['f', 7],
      ]);
    });

    it('runs the compiled query inside a transaction too, and sees what the transaction wrote', async () => {
      const size = preparedQuery((k, hash: string) => k.selectFrom('blobs').select('size_bytes').where('sha256', '=', hash));
      const grow = preparedQuery((k, by: number, hash: string) =>
        k
          .updateTable('blobs')
          .set((eb) => ({ size_bytes: eb('size_bytes', '+', by) }))
          .where('sha256', '=', hash),
      );
      const hash = 'c'.repeat(64);
      const before = Number((await size(db.kysely, hash))[0]!.size_bytes);
      await expect(
        db.kysely.transaction().execute(async (trx) => {
          await grow(trx, 10, hash);
          expect(Number((await size(trx, hash))[0]!.size_bytes)).toBe(before + 10);
          throw new Error('roll back');
        }),
      ).rejects.toThrow('roll back');
      expect(Number((await size(db.kysely, hash))[0]!.size_bytes)).toBe(before);
      await db.kysely.transaction().execute((trx) => grow(trx, 5, hash));
      expect(Number((await size(db.kysely, hash))[0]!.size_bytes)).toBe(before + 5);
    });

    it('refuses a query shape whose arguments are not each bound once', async () => {
      const inlined = preparedQuery((k, mediaType: string) =>
        k
          .selectFrom('blobs')
          .selectAll()
          .where(sql.lit(mediaType) as never, '=', 'x' as never),
      );
      await expect(inlined(db.kysely, 'text/plain')).rejects.toThrow(/inlined/);
      const twice = preparedQuery((k, mediaType: string) =>
        k.selectFrom('blobs').selectAll().where('media_type', '=', mediaType).where('sha256', '=', mediaType),
      );
      await expect(twice(db.kysely, 'text/plain')).rejects.toThrow(/exactly once/);
    });
  });
}
