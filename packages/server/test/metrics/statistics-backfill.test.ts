import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDomainDeps } from '../../src/app.js';
import { migrations } from '../../src/db/migrations/index.js';
import { ANSWER_FRESH_MS } from '../../src/domain/statistics/fresh-answers.js';
import { readStatistics } from '../../src/domain/statistics/read-statistics.js';
import { DIALECTS } from '../support/dialects.js';
import { signUp } from '../support/residents.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { residentJourney } from './journey.js';

for (const dialect of DIALECTS) {
  describe(`statistics of an installation upgraded to migration 0010 [${dialect}]`, () => {
    let t: TestApp;
    let skew = 0;
    beforeAll(async () => {
      t = await startTestApp(dialect, { env: { TIJORI_SEED_DEMO: 'true' }, clock: { now: () => Date.now() + skew } });
    });
    afterAll(async () => t?.close());

    it('start with the sign-ups, Aadhaar links and documents its tables already hold', async () => {
      await residentJourney(t, 12);
      await signUp(t);
      const deps = createDomainDeps(t.runtime);
      const operator = { kind: 'operator' as const, staffId: 'test' };
      const counted = await readStatistics(deps, operator, { days: 90 });

      // As if these residents and documents were there before the counters existed.
      const migration = migrations['0010_platform_statistics']!;
      await migration.down!(t.runtime.db.kysely);
      await migration.up(t.runtime.db.kysely);
      // Past the few seconds an answer is shared (fresh-answers.ts): the counters are read again.
      skew += ANSWER_FRESH_MS;
      const backfilled = await readStatistics(deps, operator, { days: 90 });

      expect(backfilled.residents).toEqual(counted.residents);
      expect(backfilled.residents.signedUp).toBe(2);
      expect(backfilled.documents).toEqual(counted.documents);
      expect(backfilled.documents.issued).toBeGreaterThan(1);
      // Never stored, so not recovered: pulls and verifications start again from zero.
      expect(backfilled.pulls.byIssuer).toEqual([]);
      expect(backfilled.verifications.genuine).toBe(0);
    });
  });
}
