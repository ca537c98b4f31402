import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ISSUER_STAFF_PASSWORD } from '../../src/seed/demo-directory.js';
import { spawnServer, type ChildServer } from '../support/child-server.js';
import { DIALECTS } from '../support/dialects.js';
import { freshIp, freshMobile } from '../support/residents.js';
import { serverDatabaseEnv } from '../support/server-database.js';
import { tempDir } from '../support/test-app.js';

/**
 * The lockout rule (five wrong secrets, then locked) across processes, as operators run them:
 * one server with TIJORI_WORKERS=2 (one port, two processes), and a second, separate server on
 * the same database (the same SQLite file, or the same PostgreSQL schema). Counting and deciding
 * are one statement in the database, so however the guesses are spread, exactly five are
 * checked. In one process a read-then-write count on SQLite is never interleaved (the driver is
 * synchronous), so on SQLite only separate processes can show a lost count.
 */
for (const dialect of DIALECTS) {
  describe(`lockouts across server processes on one database [${dialect}]`, () => {
    let drop: (() => Promise<void>) | undefined;
    let dataDir: string;
    let cluster: ChildServer;
    let single: ChildServer;
    const base = (s: ChildServer) => `http://127.0.0.1:${s.port}`;

    beforeAll(async () => {
      dataDir = await tempDir();
      const database = await serverDatabaseEnv(dialect, dataDir);
      drop = database.drop;
      const env = {
        ...database.env,
        TIJORI_MASTER_KEY: randomBytes(32).toString('base64'),
        TIJORI_DATA_DIR: dataDir,
        TIJORI_SEED_DEMO: 'true',
        // Each request names its own client address, so the per-address limits stay out of the way.
        TIJORI_TRUST_PROXY: '1',
        PORT: '0',
        LOG_LEVEL: 'info',
      };
      // Three processes compiling the sources on a busy two-core machine: a generous start-up
      // deadline. On PostgreSQL migrations and seeding take an advisory lock, so both servers
      // start at once; on SQLite the second starts once the first has made the file.
      if (dialect === 'postgres') {
        [cluster, single] = await Promise.all([spawnServer('src/main.ts', { ...env, TIJORI_WORKERS: '2' }, 240_000), spawnServer('src/main.ts', env, 240_000)]);
      } else {
        cluster = await spawnServer('src/main.ts', { ...env, TIJORI_WORKERS: '2' }, 240_000);
        single = await spawnServer('src/main.ts', env, 240_000);
      }
    }, 300_000);

    afterAll(async () => {
      for (const s of [cluster, single]) {
        if (!s) continue;
        s.child.kill('SIGTERM');
        await s.exited;
      }
      await drop?.();
      if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
    });

    const post = (server: ChildServer, path: string, body: unknown) =>
      fetch(`${base(server)}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': freshIp() },
        body: JSON.stringify(body),
      });

    async function signUp(): Promise<string> {
      const mobile = freshMobile();
      const { challengeId } = (await (await post(single, '/api/v1/auth/sign-up', { mobile })).json()) as { challengeId: string };
      const { messages } = (await (await fetch(`${base(single)}/api/v1/dev/sms-outbox?to=${mobile}`)).json()) as { messages: { body: string }[] };
      const otp = /\b(\d{6})\b/.exec(messages[0]!.body)![1]!;
      const { signupTicket } = (await (await post(single, '/api/v1/auth/sign-up/verify', { challengeId, otp })).json()) as { signupTicket: string };
      expect((await post(single, '/api/v1/auth/sign-up/complete', { signupTicket, pin: '482913' })).status).toBe(201);
      return mobile;
    }

    /** Sends every request at once and counts the answers' codes. */
    async function race(requests: (() => Promise<Response>)[]): Promise<Record<string, number>> {
      const answers = await Promise.all(requests.map((send) => send().then(async (r) => ((await r.json()) as { code: string }).code)));
      return answers.reduce<Record<string, number>>((acc, code) => ({ ...acc, [code]: (acc[code] ?? 0) + 1 }), {});
    }

    /** Process ids that answered requests to `path` (from the access log lines). */
    const answeredBy = (server: ChildServer, path: string) =>
      new Set(
        server
          .output()
          .split('\n')
          .filter((l) => l.startsWith('{') && l.includes(`"path":"${path}"`))
          .map((l) => (JSON.parse(l) as { pid: number }).pid),
      );

    it('30 wrong PINs at once to a server of two worker processes: exactly five are checked', { timeout: 180_000 }, async () => {
      // Both workers listen before the race (the server answers as soon as the first one does).
      await expect.poll(() => cluster.output(), { timeout: 100_000 }).toContain('with 2 worker processes');
      await expect.poll(() => cluster.output().match(/Server listening at/g)?.length ?? 0, { timeout: 10_000 }).toBe(2);
      const mobile = await signUp();
      const seen = await race(Array.from({ length: 30 }, () => () => post(cluster, '/api/v1/auth/sign-in', { login: mobile, pin: '000001' })));
      expect(seen).toEqual({ invalid_credentials: 5, account_locked: 25 });
      // Both worker processes took part (their access lines may reach the output a little later).
      await expect.poll(() => answeredBy(cluster, '/api/v1/auth/sign-in').size, { timeout: 10_000 }).toBe(2);
      // The owner's right PIN, through either server, is refused while the lock lasts.
      for (const server of [cluster, single])
        expect(((await (await post(server, '/api/v1/auth/sign-in', { login: mobile, pin: '482913' })).json()) as { code: string }).code).toBe('account_locked');
    });

    it('30 wrong PINs at once spread over two separate servers and their three processes: exactly five are checked', { timeout: 60_000 }, async () => {
      const mobile = await signUp();
      const seen = await race(
        Array.from({ length: 30 }, (_, i) => () => post(i % 2 ? single : cluster, '/api/v1/auth/sign-in', { login: mobile, pin: '000001' })),
      );
      expect(seen).toEqual({ invalid_credentials: 5, account_locked: 25 });
    });

    it('30 wrong console passwords at once spread over both servers: exactly five are checked', { timeout: 60_000 }, async () => {
      const body = { username: 'edistrict', password: 'not the password at all', sessionType: 'bearer' };
      const seen = await race(Array.from({ length: 30 }, (_, i) => () => post(i % 2 ? single : cluster, '/api/v1/staff/sign-in', body)));
      expect(seen).toEqual({ invalid_credentials: 5, account_locked: 25 });
      const right = await post(single, '/api/v1/staff/sign-in', { ...body, password: DEMO_ISSUER_STAFF_PASSWORD });
      expect(((await right.json()) as { code: string }).code).toBe('account_locked');
    });
  });
}
