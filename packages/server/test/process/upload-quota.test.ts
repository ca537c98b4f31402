import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnServer, type ChildServer } from '../support/child-server.js';
import { DIALECTS, freshDatabase, TEST_POSTGRES_URL, type TestDatabase } from '../support/dialects.js';
import { freshMobile } from '../support/residents.js';
import { tempDir } from '../support/test-app.js';
import { pdfFile } from '../support/upload-fixtures.js';

const QUOTA = 20_000;

for (const dialect of DIALECTS) {
  /** The quota is held by the database, not by a process: two servers racing cannot overshoot it. */
  describe(`upload quota across two server processes (${dialect})`, () => {
    let database: TestDatabase;
    let dataDir: string;
    const servers: ChildServer[] = [];

    beforeAll(async () => {
      dataDir = await tempDir();
      database = await freshDatabase(dialect, dataDir);
      const db = database.config;
      const env = {
        ...(db.kind === 'postgres' ? { DATABASE_URL: TEST_POSTGRES_URL, DATABASE_SCHEMA: db.schema! } : { DATABASE_URL: `sqlite:${db.file}` }),
        TIJORI_MASTER_KEY: randomBytes(32).toString('base64'),
        TIJORI_DATA_DIR: dataDir,
        TIJORI_UPLOAD_QUOTA_BYTES: String(QUOTA),
        PORT: '0',
        LOG_LEVEL: 'info',
        TIJORI_SEED_DEMO: 'false',
      };
      // One migrates first; the second then finds the schema ready.
      servers.push(await spawnServer('src/main.ts', env, 100_000));
      servers.push(await spawnServer('src/main.ts', env, 100_000));
    }, 240_000);
    afterAll(async () => {
      for (const s of servers) {
        s.child.kill('SIGTERM');
        await s.exited;
      }
      await database?.drop();
      if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
    });

    it('20 parallel uploads split over both processes leave usage at or under the quota, equal to what was stored', async () => {
      const [a, b] = servers.map((s) => `http://127.0.0.1:${s.port}`) as [string, string];
      const post = (base: string, path: string, body: unknown) =>
        fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const mobile = freshMobile();
      const { challengeId } = (await (await post(a, '/api/v1/auth/sign-up', { mobile })).json()) as { challengeId: string };
      const { messages } = (await (await fetch(`${a}/api/v1/dev/sms-outbox?to=${mobile}`)).json()) as { messages: { body: string }[] };
      const otp = /\b(\d{6})\b/.exec(messages[0]!.body)![1]!;
      const { signupTicket } = (await (await post(a, '/api/v1/auth/sign-up/verify', { challengeId, otp })).json()) as { signupTicket: string };
      const complete = await post(a, '/api/v1/auth/sign-up/complete', { signupTicket, pin: '482913' });
      expect(complete.status).toBe(201);
      const cookie = complete.headers.get('set-cookie')!.split(';')[0]!;

      const files = Array.from({ length: 20 }, (_, i) => pdfFile(1, `% ${'y'.repeat(2000)} ${i}\n`));
      const statuses = await Promise.all(
        files.map(async (file, i) => {
          const res = await fetch(`${i % 2 ? b : a}/api/v1/me/files?name=f${i}`, {
            method: 'POST',
            headers: { cookie, 'content-type': 'application/pdf' },
            body: file,
          });
          return { status: res.status, code: res.status === 201 ? null : ((await res.json()) as { code: string }).code };
        }),
      );
      const ok = statuses.filter((s) => s.status === 201).length;
      expect(statuses.filter((s) => s.status !== 201).every((s) => s.status === 413 && s.code === 'quota_exceeded')).toBe(true);
      expect(ok).toBeLessThan(20);
      const listing = (await (await fetch(`${b}/api/v1/me/files`, { headers: { cookie } })).json()) as {
        files: { sizeBytes: number }[];
        usage: { usedBytes: number };
      };
      expect(listing.files).toHaveLength(ok);
      expect(listing.usage.usedBytes).toBe(listing.files.reduce((sum, f) => sum + f.sizeBytes, 0));
      expect(listing.usage.usedBytes).toBeLessThanOrEqual(QUOTA);
    }, 60_000);
  });
}
