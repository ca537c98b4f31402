import { describe, expect, it } from 'vitest';
import { documentsRepository } from '../../src/repositories/documents.repository.js';
import { DIALECTS, useFreshDb } from '../support/dialects.js';

const doc = (n: number, issuer = 'iss-1') => ({
  id: `00000000-0000-7000-8000-${String(n).padStart(12, '0')}`,
  uri: `in.example-MARKS-${n}`,
  issuer_id: issuer,
  doc_type: 'MARKS',
  doc_id: String(n),
  version: 1,
  resident_id: n % 2 === 0 ? 'resident-1' : null,
  holder_lookup: n % 2 === 0 ? null : `lookup-${n}`,
  holder_name: `Holder ${n}`,
  issued_on: '2026-05-13',
  valid_from: null,
  valid_to: null,
  status: 'active' as const,
  status_reason: null,
  status_changed_at: null,
  verification_code: `CODE${n}`,
  created_at: 1_700_000_000_000 + n,
  updated_at: 1_700_000_000_000 + n,
});
const version = (d: ReturnType<typeof doc>) => ({ document_id: d.id, version: 1, kid: 'k1', credential: `jws-of-${d.uri}`, created_at: d.created_at });
const entry = (d: ReturnType<typeof doc>) => ({ doc: d, version: version(d), terms: ['holder', `#${d.doc_id}`] });

for (const dialect of DIALECTS) {
  describe(`inserting new documents [${dialect}]`, () => {
    const fresh = useFreshDb(dialect, { migrate: true });

    it('inserts a batch with its versions, then only the new ones of an overlapping batch', async () => {
      const { db } = fresh;
      const repo = documentsRepository(db.kysely, db.batchWriter);
      if (dialect === 'sqlite') expect(db.batchWriter, 'SQLite on a file writes batches on its own thread').toBeDefined();
      const first = Array.from({ length: 1200 }, (_, i) => doc(i + 1));
      expect(await repo.insertNew(first.map(entry))).toEqual(new Set(first.map((d) => d.uri)));

      // Rows 1001–1200 exist already (another push got there first); 1201–1500 are new. The
      // repeated rows come with new ids, as a second push would make them.
      const second = Array.from({ length: 500 }, (_, i) => ({ ...doc(i + 1001), id: `00000000-0000-7000-9000-${String(i).padStart(12, '0')}` }));
      const inserted = await repo.insertNew(second.map(entry));
      expect([...inserted].sort()).toEqual(
        second
          .slice(200)
          .map((d) => d.uri)
          .sort(),
      );

      const counts = await db.kysely
        .selectFrom('document_versions')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(counts.n)).toBe(1500);
      // The repeated rows changed nothing: their first version and id stand.
      const kept = await repo.findByUri('in.example-MARKS-1100');
      expect(kept?.id).toBe(doc(1100).id);
      expect((await repo.findVersion(doc(1100).id, 1))?.credential).toBe('jws-of-in.example-MARKS-1100');
      expect(await repo.findVersion(second[99]!.id, 1)).toBeUndefined();
      // Search terms likewise: two per new document, none for the repeated rows' new ids.
      const terms = await db.kysely.selectFrom('issued_document_terms').select(['document_id', 'term', 'issued_on', 'issuer_id']).execute();
      expect(terms).toHaveLength(3000);
      expect(terms.filter((t) => t.document_id === second[99]!.id)).toEqual([]);
      expect(terms.filter((t) => t.document_id === doc(1100).id).sort((a, b) => a.term.localeCompare(b.term))).toEqual([
        { document_id: doc(1100).id, term: '#1100', issued_on: '2026-05-13', issuer_id: 'iss-1' },
        { document_id: doc(1100).id, term: 'holder', issued_on: '2026-05-13', issuer_id: 'iss-1' },
      ]);
    });

    it('stores nothing of a batch that has a bad row, and says why', async () => {
      const { db } = fresh;
      const repo = documentsRepository(db.kysely, db.batchWriter);
      const good = doc(5001);
      const bad = { ...doc(5002), holder_name: null as unknown as string };
      await expect(repo.insertNew([entry(good), entry(bad)])).rejects.toMatchObject({ code: dialect === 'sqlite' ? 'SQLITE_CONSTRAINT_NOTNULL' : '23502' });
      expect(await repo.findByUri(good.uri)).toBeUndefined();
      // And the writer goes on with the next batch.
      expect(await repo.insertNew([entry(good)])).toEqual(new Set([good.uri]));
    });
  });
}
