import fs from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnServer, type ChildServer } from '../support/child-server.js';
import { tempDir } from '../support/test-app.js';
import { samples } from './journey.js';

const TOKEN = 'metrics-token-for-tests-0123456789';

describe('metrics of TIJORI_WORKERS processes', () => {
  let server: ChildServer | undefined;
  let dataDir = '';
  afterAll(async () => {
    server?.child.kill('SIGTERM');
    await server?.exited;
    if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('are merged into one scrape, on the metrics port and (through the primary) on the main port', async () => {
    dataDir = await tempDir();
    server = await spawnServer(
      'src/main.ts',
      { TIJORI_DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'info', TIJORI_WORKERS: '2', TIJORI_METRICS_PORT: '0', TIJORI_METRICS_TOKEN: TOKEN },
      120_000,
    );
    await expect.poll(() => server!.output(), { timeout: 120_000 }).toContain('with 2 worker processes');
    const metricsUrl = /metrics for Prometheus at (http:\/\/\S+\/metrics)/.exec(server.output())![1]!;
    const base = `http://127.0.0.1:${server.port}`;
    const auth = { authorization: `Bearer ${TOKEN}` };

    // Connections are closed after each request, so the cluster hands them to both workers.
    for (let i = 0; i < 30; i++) expect((await fetch(`${base}/healthz`, { headers: { connection: 'close' } })).status).toBe(200);

    expect((await fetch(metricsUrl)).status).toBe(401);
    const fromPort = samples(await (await fetch(metricsUrl, { headers: auth })).text());
    expect(fromPort.get('tijori_server_processes')).toBe(2);
    expect(fromPort.get('tijori_http_requests_total{route="/healthz",method="GET",status_class="2xx"}')).toBe(30);
    // Per-process series are summed, not listed twice.
    expect([...fromPort.keys()].filter((k) => k.startsWith('tijori_http_requests_total{route="/healthz"'))).toHaveLength(1);

    const main = await fetch(`${base}/metrics`, { headers: auth });
    expect(main.status).toBe(200);
    const fromMain = samples(await main.text());
    expect(fromMain.get('tijori_server_processes')).toBe(2);
    expect(fromMain.get('tijori_http_requests_total{route="/healthz",method="GET",status_class="2xx"}')).toBe(30);
  }, 300_000);
});
