import fs from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { runToExit, spawnServer as spawnChild, type ChildServer } from '../support/child-server.js';
import { tempDir } from '../support/test-app.js';

const dirs: string[] = [];
const started: ChildServer[] = [];
/** Every server a test starts is stopped at the end, also after a failed assertion (a cluster's primary takes its workers down on SIGTERM). */
async function spawnServer(...args: Parameters<typeof spawnChild>): Promise<ChildServer> {
  const server = await spawnChild(...args);
  started.push(server);
  return server;
}
afterAll(async () => {
  for (const s of started) {
    if (s.child.exitCode !== null || s.child.signalCode !== null) continue;
    s.child.kill('SIGTERM');
    const stopped = await Promise.race([s.exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 15_000))]);
    if (!stopped) s.child.kill('SIGKILL');
  }
  for (const d of dirs) await fs.rm(d, { recursive: true, force: true });
});

describe('the server process', () => {
  // Server processes started (migrations, seeding) on a busy two-core machine.
  it('starts on the embedded default with a generated key, serves health and docs, and stops cleanly on SIGTERM', { timeout: 120_000 }, async () => {
    const dataDir = await tempDir();
    dirs.push(dataDir);
    const server = await spawnServer('src/main.ts', { TIJORI_DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'info' }, 110_000);
    const base = `http://127.0.0.1:${server.port}`;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect(await (await fetch(`${base}/readyz`)).json()).toEqual({ status: 'ready', checks: { database: 'ok', blobStore: 'ok' } });
    expect((await fetch(`${base}/docs`)).status).toBe(200);

    const key = await fs.stat(`${dataDir}/master.key`);
    expect(key.mode & 0o777).toBe(0o600);
    expect(server.output()).toContain('DEVELOPMENT MASTER KEY GENERATED');
    // The database holds personal data: this user only, like the key.
    for (const file of ['tijori.db', 'tijori.db-wal']) expect((await fs.stat(`${dataDir}/${file}`)).mode & 0o777, file).toBe(0o600);

    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(server.output()).toContain('shut down cleanly');
  });

  // Server processes started (migrations, seeding) on a busy two-core machine.
  it('lets an in-flight request finish on SIGTERM before exiting', { timeout: 120_000 }, async () => {
    const dataDir = await tempDir();
    dirs.push(dataDir);
    const server = await spawnServer('test/process/fixtures/slow-server.ts', { TIJORI_DATA_DIR: dataDir, LOG_LEVEL: 'info' }, 110_000);
    const slow = fetch(`http://127.0.0.1:${server.port}/slow`);
    await expect.poll(() => server.output(), { timeout: 30_000 }).toContain('SLOW REQUEST ARRIVED');
    server.child.kill('SIGTERM');
    const res = await slow;
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ finished: true });
    expect(await server.exited).toBe(0);
    await expect(fetch(`http://127.0.0.1:${server.port}/healthz`)).rejects.toThrow();
  });

  // Server processes started (migrations, seeding) on a busy two-core machine.
  it('runs TIJORI_WORKERS server processes on one port, replaces one that dies, and stops them all on SIGTERM', { timeout: 120_000 }, async () => {
    const dataDir = await tempDir();
    dirs.push(dataDir);
    const server = await spawnServer('src/main.ts', { TIJORI_DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'info', TIJORI_WORKERS: '2' }, 110_000);
    const base = `http://127.0.0.1:${server.port}`;
    const listeningPids = () =>
      server
        .output()
        .split('\n')
        .filter((l) => l.includes('Server listening at'))
        .map((l) => (JSON.parse(l) as { pid: number }).pid);
    await expect.poll(() => server.output(), { timeout: 30_000 }).toContain('with 2 worker processes');
    // Each worker writes its own "listening" line, asynchronously: it can reach the output just
    // after the primary's (seen on a loaded machine).
    await expect.poll(() => new Set(listeningPids()).size, { timeout: 10_000 }).toBe(2);
    // Demo data was seeded once, by the first process, not once per worker.
    expect(server.output().match(/DEMO DATA seeded/g)).toHaveLength(1);
    for (let i = 0; i < 20; i++) expect((await fetch(`${base}/readyz`)).status).toBe(200);

    process.kill(listeningPids()[0]!, 'SIGKILL');
    await expect.poll(() => new Set(listeningPids()).size, { timeout: 60_000 }).toBe(3);
    expect(server.output()).toContain('a worker died; starting another');
    for (let i = 0; i < 20; i++) expect((await fetch(`${base}/healthz`)).status).toBe(200);

    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(server.output().match(/shut down cleanly/g)).toHaveLength(2);
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
  });

  it('refuses to start on bad configuration, listing every problem without a stack trace', { timeout: 60_000 }, async () => {
    const { code, output } = await runToExit('src/main.ts', {
      PORT: 'eighty',
      DATABASE_URL: 'mysql://root:hunter2@localhost/x',
      BLOB_STORE_URL: 'ftp://x',
      NODE_ENV: 'production',
    });
    expect(code).toBe(78);
    expect(output).toContain('5 configuration problem(s)');
    for (const name of ['PORT', 'DATABASE_URL', 'BLOB_STORE_URL', 'TIJORI_MASTER_KEY', 'TIJORI_ALLOW_DEV_ADAPTERS']) expect(output).toContain(name);
    expect(output).not.toContain('hunter2');
    expect(output).not.toMatch(/\n\s+at /);
  });
});
