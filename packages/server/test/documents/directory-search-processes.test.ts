import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/dialects.js';
import { bearer, staffToken } from '../support/staff.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** Two server processes on one database, as TIJORI_WORKERS or several machines run them. */
for (const dialect of DIALECTS) {
  describe(`"Get a document" sees another process's directory edits within 30 s [${dialect}]`, () => {
    let now = Date.parse('2026-12-04T10:00:00Z');
    const clock = { now: () => now };
    let a: TestApp;
    let b: TestApp;
    beforeAll(async () => {
      a = await startTestApp(dialect, { env: { TIJORI_SEED_DEMO: 'true' }, clock });
      b = await startTestApp(dialect, { database: () => a.config.database, clock });
    });
    afterAll(async () => {
      await b?.close();
      await a?.close();
    });

    const codes = async (t: TestApp, q: string) => {
      const res = await t.app.inject({ method: 'GET', url: `/api/v1/directory/search?q=${encodeURIComponent(q)}` });
      expect(res.statusCode, res.body).toBe(200);
      return (res.json().results as { code: string | null; orgId: string }[]).map((h) => h.code ?? h.orgId);
    };
    const addType = async (code: string, name: string) => {
      const res = await a.app.inject({
        method: 'POST',
        url: '/api/v1/issuers/in.gov.cbse/document-types',
        headers: bearer(await staffToken(a)),
        payload: {
          code,
          names: { en: name },
          template: 'certificate',
          fields: [{ key: 'x', label: { en: 'X' } }],
          parameters: [{ name: 'No', label: { en: 'No' } }],
        },
      });
      expect(res.statusCode, res.body).toBe(201);
    };

    it('answers from the directory as it was at most 30 s ago, also after a long idle spell', async () => {
      expect(await codes(b, 'migration certificate')).toEqual([]);
      await addType('MIGRC', 'Migration Certificate');
      // The process that made the edit sees it at once; the other may still answer from its index.
      expect(await codes(a, 'migration certificate')).toEqual(['MIGRC']);
      now += 29_000;
      expect(await codes(b, 'migration certificate')).toEqual([]);
      now += 1_000;
      expect(await codes(b, 'migration certificate')).toEqual(['MIGRC']);

      // Idle for an hour, then an edit: the first search after it reads the directory afresh.
      now += 3_600_000;
      expect(await codes(b, 'transfer certificate')).toEqual([]);
      await addType('TRNSC', 'Transfer Certificate');
      now += 25_000;
      // Between 20 and 30 s a search starts a rebuild and may be answered from the old index...
      await codes(b, 'transfer certificate');
      now += 5_000;
      // ...and from 30 s on never.
      expect(await codes(b, 'transfer certificate')).toEqual(['TRNSC']);
      now += 3_600_000;
      await addType('BONAF', 'Bonafide Certificate');
      expect(await codes(b, 'bonafide certificate')).toEqual(['BONAF']);
    });
  });
}
