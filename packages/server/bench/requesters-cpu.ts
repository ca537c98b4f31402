/**
 * CPU time per partner-API operation, in process: `npx tsx bench/requesters-cpu.ts`.
 *
 * Builds the requesters scenario's data (bench/scenarios/requesters.ts: `DOCS` filler documents,
 * 100 requesters each with a consent over 5 documents and an access token from the real token
 * endpoint), then sends `N` issued-files lists and `N` code exchanges through app.inject, `CONC`
 * at a time, and prints process.cpuUsage() per operation (every thread of the process: the
 * event loop, SQLite, the WAL flushes on the thread pool). On a shared machine this is steadier
 * than wall-clock throughput. `PROF=<dir>` also writes a V8 CPU profile of each measured run
 * there (list.cpuprofile, exchange.cpuprofile); `TRACE=1` prints the SQL of one list and one
 * exchange. No HTTP parsing (inject), so a real request costs somewhat more.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../src/app.js';
import { measure, trace } from './cpu-measure.js';
import { benchBulkIssuance, startBenchRuntime } from './scenarios/issuance.js';
import { makeClients, makeCodes, seedFillerDocuments } from './scenarios/requesters.js';

const DOCS = Number(process.env.DOCS ?? 100_000);
const N = Number(process.env.N ?? 3000);
const CONC = Number(process.env.CONC ?? 10);
const PROF = process.env.PROF;
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tijori-requesters-cpu-'));
const bench = await startBenchRuntime(dir, { logLevel: process.env.BENCH_LOG_LEVEL || 'info' });
try {
  await benchBulkIssuance(bench, 1000);
  const settings = { documents: DOCS, requesters: 100, perConsent: 5, listRate: 0, exchangeRate: 0, warmupSeconds: 0, seconds: 0, limitSeconds: 0, workers: 0 };
  await seedFillerDocuments(bench, DOCS, settings);
  const clients = await makeClients(bench, settings);
  const app = await buildApp(bench.runtime);
  try {
    const tokens: string[] = [];
    for (const c of clients) {
      const [form] = await makeCodes(bench, [c], 1);
      const res = await app.inject({ method: 'POST', url: '/public/oauth2/1/token', headers: FORM, payload: form });
      tokens.push((res.json() as { access_token: string }).access_token);
    }
    const list = async (i: number) => {
      const r = await app.inject({ method: 'GET', url: '/public/oauth2/1/files/issued', headers: { authorization: `Bearer ${tokens[i % tokens.length]}` } });
      if (r.statusCode !== 200 || (r.json() as { items: unknown[] }).items.length !== settings.perConsent) throw new Error(r.body);
    };
    const codes = await makeCodes(bench, clients, 2 * N + 500);
    const exchange = async (i: number) => {
      const r = await app.inject({ method: 'POST', url: '/public/oauth2/1/token', headers: FORM, payload: codes[i]! });
      if (r.statusCode !== 200) throw new Error(r.body);
    };
    if (process.env.TRACE)
      await trace(
        bench.deps.db,
        () => list(0),
        () => exchange(2 * N + 499),
      );
    await measure('list (warm-up)', 500, CONC, list);
    await measure('list', N, CONC, list, PROF);
    await measure('exchange (warm-up)', 500, CONC, (i) => exchange(N + i));
    await measure('exchange', N, CONC, exchange, PROF);
  } finally {
    await app.close();
  }
} finally {
  await bench.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
