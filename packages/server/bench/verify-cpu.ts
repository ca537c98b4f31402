/**
 * CPU time per public verification, in process: `npx tsx bench/verify-cpu.ts`.
 *
 * Issues `DOCS` documents through the bulk path (as the issuance bench does), takes the QR payload
 * of `QRS` of them spread over the database, and sends `N` `POST /api/v1/verify` through
 * app.inject, `CONC` at a time, printing process.cpuUsage() per verification (every thread: the
 * event loop, SQLite, Ed25519 on the thread pool). `PROF=<dir>` writes a V8 CPU profile of the
 * measured run (verify.cpuprofile); `TRACE=1` prints the SQL of one verification. No HTTP
 * parsing (inject), so a real request costs somewhat more.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../src/app.js';
import { measure, trace } from './cpu-measure.js';
import { qrPayload, withCurrentVersion } from '../src/domain/documents/document-artifacts.js';
import { findDocumentByUri } from '../src/domain/documents/find-document.js';
import { BENCH_DOC_TYPE, BENCH_ISSUER, sampleRow } from './scenarios/documents.js';
import { benchBulkIssuance, startBenchRuntime } from './scenarios/issuance.js';

const DOCS = Number(process.env.DOCS ?? 20_000);
const QRS = Number(process.env.QRS ?? 200);
const N = Number(process.env.N ?? 4000);
const CONC = Number(process.env.CONC ?? 16);
const PROF = process.env.PROF;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tijori-verify-cpu-'));
const bench = await startBenchRuntime(dir, { logLevel: process.env.BENCH_LOG_LEVEL || 'info' });
try {
  await benchBulkIssuance(bench, DOCS);
  const bodies: string[] = [];
  for (let k = 0; k < QRS; k++) {
    const row = 1 + Math.floor(((k + 0.5) * DOCS) / QRS);
    const found = await findDocumentByUri(bench.deps, `${BENCH_ISSUER}-${BENCH_DOC_TYPE}-${sampleRow(row).docId}`);
    bodies.push(JSON.stringify({ qr: await qrPayload(bench.deps, await withCurrentVersion(bench.deps, found.doc, found.issuer)) }));
  }
  const app = await buildApp(bench.runtime);
  try {
    const verify = async (i: number) => {
      const r = await app.inject({
        method: 'POST',
        url: '/api/v1/verify',
        headers: { 'content-type': 'application/json' },
        payload: bodies[i % bodies.length]!,
      });
      if (r.statusCode !== 200 || (r.json() as { verdict?: string }).verdict !== 'genuine') throw new Error(`${r.statusCode} ${r.body}`);
    };
    if (process.env.TRACE) {
      await verify(1); // the first call builds caches and the status list
      await trace(bench.deps.db, () => verify(0));
    }
    await measure('verify (warm-up)', 500, CONC, verify);
    await measure('verify', N, CONC, verify, PROF);
  } finally {
    await app.close();
  }
} finally {
  await bench.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
