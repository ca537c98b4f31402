import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDomainDeps } from '../../src/app.js';
import { createStatusJob, runStatusJob } from '../../src/domain/bulk/status-jobs.js';
import type { DomainDeps } from '../../src/domain/context.js';
import { issueDocuments } from '../../src/domain/documents/issue-documents.js';
import { findIssuer } from '../../src/domain/issuers/find-issuer.js';
import { fixedClock } from '../../src/lib/clock.js';
import { DIALECTS } from '../support/dialects.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const ORG = 'in.gov.transport';
const operator = { kind: 'operator' as const, staffId: 'checkpoint-test' };

for (const dialect of DIALECTS) {
  // An app that answers no request here, so its bulk worker never starts and cannot take the job.
  describe(`a status job lets the database's log start over between chunks [${dialect}]`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp(dialect, { env: { TIJORI_SEED_DEMO: 'true' } });
    });
    afterAll(async () => t?.close());

    it('waits for a checkpoint once a second of chunks has passed, before the next chunk begins; revokes every document', async () => {
      const base = createDomainDeps(t.runtime);
      // The embedded database has a checkpoint to wait for; PostgreSQL has none (the job then never waits).
      expect(typeof base.checkpoint).toBe(dialect === 'sqlite' ? 'function' : 'undefined');
      const issuer = await findIssuer(base, ORG);
      const issued = await issueDocuments(
        base,
        operator,
        issuer,
        Array.from({ length: 7 }, (_, i) => ({
          docType: 'DRVLC',
          docId: `CKPT${dialect.slice(0, 2).toUpperCase()}${i}`,
          holder: { mobile: '9800000123', name: 'Ravi Kumar' },
          fields: { licenceNo: `CKPT${i}` },
          issuedOn: '2026-01-10',
        })),
      );
      const uris = issued.map((o) => (o as { uri: string }).uri);
      expect(uris.every((u) => typeof u === 'string')).toBe(true);

      const clock = fixedClock(base.clock.now());
      const events: string[] = [];
      const deps: DomainDeps = {
        ...base,
        clock,
        // Each chunk's transaction takes 400 ms on this clock.
        transaction: async (fn) => {
          events.push('transaction');
          const result = await base.transaction(fn);
          clock.advance(400);
          return result;
        },
        checkpoint: async () => {
          events.push('checkpoint');
          await base.checkpoint?.();
          await new Promise((resolve) => setTimeout(resolve, 20));
          events.push('checkpointed');
        },
      };
      const { job } = await createStatusJob(deps, operator, ORG, { status: 'revoked', reason: 'Checkpoint test', uris });
      events.length = 0;
      expect(await runStatusJob(deps, job.id, 60_000, 2)).toBe('done');

      // Chunks of 2, 2, 2 and 1 documents: 1,200 ms have passed after the third, so the run waits
      // there (and the fourth begins only once it is done); 400 ms after that, it does not again.
      expect(events.slice(0, 6)).toEqual(['transaction', 'transaction', 'transaction', 'checkpoint', 'checkpointed', 'transaction']);
      expect(events.filter((e) => e === 'checkpoint')).toHaveLength(1);
      const statuses = await t.runtime.db.kysely.selectFrom('issued_documents').select('status').where('uri', 'in', uris).execute();
      expect(statuses.map((s) => s.status)).toEqual(Array(7).fill('revoked'));
    });
  });
}
