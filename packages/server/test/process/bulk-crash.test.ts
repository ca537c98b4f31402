import fs from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnServer, type ChildServer } from '../support/child-server.js';
import { DIALECTS } from '../support/dialects.js';
import { serverDatabaseEnv } from '../support/server-database.js';
import { tempDir } from '../support/test-app.js';

const ROWS = 30_000;

/** Asks `read` again until `done` holds, failing (with the last answer) after `ms`. */
async function pollUntil<T>(read: () => Promise<T>, done: (v: T) => boolean, ms: number, pauseMs = 0): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (done(v)) return v;
    if (Date.now() > deadline) throw new Error(`still not there after ${ms} ms: ${JSON.stringify(v)}`);
    if (pauseMs) await new Promise((r) => setTimeout(r, pauseMs));
  }
}

/**
 * Jepsen-style: a server is SIGKILLed in the middle of a bulk job; another start on the same
 * data folder and database resumes it. Every row ends up issued exactly once and the counts add up.
 */
for (const dialect of DIALECTS) {
  describe(`bulk issuance survives a crash [${dialect}]`, () => {
    const servers: ChildServer[] = [];
    let dataDir = '';
    let drop: (() => Promise<void>) | undefined;
    afterAll(async () => {
      for (const s of servers) {
        if (s.child.exitCode !== null) continue;
        s.child.kill('SIGKILL');
        await s.exited;
      }
      await drop?.();
      if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
    });

    it('resumes after kill -9 and issues every row exactly once', async () => {
      dataDir = await tempDir();
      const database = await serverDatabaseEnv(dialect, dataDir);
      drop = database.drop;
      const env = {
        ...database.env,
        TIJORI_DATA_DIR: dataDir,
        PORT: '0',
        LOG_LEVEL: 'info',
        TIJORI_SEED_DEMO: 'true',
        TIJORI_BULK_LEASE_SECONDS: '2',
        TIJORI_MASTER_KEY: Buffer.alloc(32, 9).toString('base64'),
      };
      const first = await spawnServer('src/main.ts', env, 60_000);
      servers.push(first);
      let base = `http://127.0.0.1:${first.port}`;
      const signIn = async () => {
        const res = await fetch(`${base}/api/v1/staff/sign-in`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: 'edistrict', password: 'tijori-issuer-demo', sessionType: 'bearer' }),
        });
        return { authorization: `Bearer ${((await res.json()) as { token: string }).token}` };
      };
      let auth = await signIn();
      const rows = ['docType,docId,mobile,name,issuedOn,annualIncome'];
      for (let i = 1; i <= ROWS; i++) rows.push(`INCER,GJ${String(100000000000 + i)},9${String(700000000 + i)},Holder ${i},2026-04-01,₹${i}`);
      const upload = await fetch(`${base}/api/v1/issuers/in.gov.gujarat.edistrict/bulk-jobs`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'text/csv' },
        body: rows.join('\n'),
      });
      expect(upload.status).toBe(202);
      const { id } = (await upload.json()) as { id: string };
      const job = async () =>
        (await (await fetch(`${base}/api/v1/issuers/in.gov.gujarat.edistrict/bulk-jobs/${id}`, { headers: auth })).json()) as {
          status: string;
          rowsDone: number;
          rowsOk: number;
          rowsFailed: number;
        };

      // Killed as soon as the first rows are done, so the crash lands mid-job.
      const started = await pollUntil(job, (s) => s.rowsDone > 0, 30_000);
      expect(started.rowsDone).toBeLessThan(ROWS);
      first.child.kill('SIGKILL');
      await first.exited;

      const second = await spawnServer('src/main.ts', env, 60_000);
      servers.push(second);
      base = `http://127.0.0.1:${second.port}`;
      auth = await signIn();
      const seen = await pollUntil(job, (s) => s.status === 'done', 60_000, 250);
      expect(seen).toMatchObject({ status: 'done', rowsDone: ROWS, rowsOk: ROWS, rowsFailed: 0 });
      const stats = (await (await fetch(`${base}/api/v1/issuers/in.gov.gujarat.edistrict/stats`, { headers: auth })).json()) as {
        documents: Record<string, number>;
      };
      expect(stats.documents).toEqual({ active: ROWS });
      second.child.kill('SIGTERM');
      await second.exited;
    }, 180_000);
  });
}
