import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_POSTGRES_URL } from '../support/dialects.js';
import { startTcpProxy } from '../support/tcp-proxy.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

async function eventually<T>(fn: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await fn();
  while (!ok(last) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    last = await fn();
  }
  return last;
}

// The embedded SQLite database cannot "go away" over a network; this is PostgreSQL's failure mode
// (the file is only collected when TEST_DIALECTS includes postgres; see vitest.config.ts).
describe('PostgreSQL going away and coming back', () => {
  let proxy: Awaited<ReturnType<typeof startTcpProxy>>;
  let t: TestApp;
  beforeAll(async () => {
    const target = new URL(TEST_POSTGRES_URL);
    proxy = await startTcpProxy(Number(target.port || 5432), target.hostname);
    t = await startTestApp('postgres', {
      database: (db) => {
        const url = new URL(TEST_POSTGRES_URL);
        url.port = String(proxy.port);
        return { ...db, url: url.toString() } as typeof db;
      },
    });
  });
  afterAll(async () => {
    await proxy?.restore().catch(() => undefined);
    await t?.close();
    await proxy?.close();
  });

  it('turns /readyz and database-backed requests into 503 with a code, then recovers', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/platform' })).statusCode).toBe(200);

    await proxy.cut();

    const ready = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toMatchObject({ code: 'not_ready', checks: { database: 'failing', blobStore: 'ok' } });

    const platform = await eventually(
      () => t.app.inject({ method: 'GET', url: '/api/v1/platform' }),
      (r) => r.statusCode === 503,
    );
    expect(platform.statusCode).toBe(503);
    expect(platform.json()).toMatchObject({ code: 'database_unavailable' });
    expect(platform.headers['retry-after']).toBe('5');
    expect(platform.body).not.toContain('ECONNREFUSED');

    await proxy.restore();

    const back = await eventually(
      () => t.app.inject({ method: 'GET', url: '/readyz' }),
      (r) => r.statusCode === 200,
    );
    expect(back.statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/platform' })).statusCode).toBe(200);
  });
});
