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
      const k = db.kysely;
      const bySize = preparedQuery(k, (mediaType: string, minSize: number, limit: number) =>
        k
          .selectFrom('blobs')
          .select(['sha256', 'size_bytes'])
          .where('media_type', '=', mediaType)
          .where('size_bytes', '>=', minSize)
          .orderBy('size_bytes')
          .limit(limit),
      );
      expect((await bySize('text/plain', 2, 2)).map((r) => Number(r.size_bytes))).toEqual([2, 3]);
      expect((await bySize('text/plain', 4, 10)).map((r) => Number(r.size_bytes))).toEqual([4]);
      expect(await bySize('image/png', 1, 10)).toEqual([]);
      // A value that looks like SQL is only ever a value.
      expect(await bySize("text/plain' or '1'='1", 1, 10)).toEqual([]);
    });

    it('refuses a query shape whose arguments are not each bound once', async () => {
      const k = db.kysely;
      const inlined = preparedQuery(k, (mediaType: string) =>
        k
          .selectFrom('blobs')
          .selectAll()
          .where(sql.lit(mediaType) as never, '=', 'x' as never),
      );
      await expect(inlined('text/plain')).rejects.toThrow(/inlined/);
      const twice = preparedQuery(k, (mediaType: string) =>
        k.selectFrom('blobs').selectAll().where('media_type', '=', mediaType).where('sha256', '=', mediaType),
      );
      await expect(twice('text/plain')).rejects.toThrow(/exactly once/);
    });
  });
}
