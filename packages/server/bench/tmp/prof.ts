// Throwaway: profile the serving paths (not committed).
import type { AddressInfo } from 'node:net';
import { spawnSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../../src/app.js';
import { qrPayload, withCurrentVersion } from '../../src/domain/documents/document-artifacts.js';
import { findDocumentByUri } from '../../src/domain/documents/find-document.js';
import { createSession } from '../../src/domain/sessions/create-session.js';
import { BENCH_DOC_TYPE, BENCH_ISSUER, sampleRow } from '../scenarios/documents.js';
import { benchBulkIssuance, startBenchRuntime } from '../scenarios/issuance.js';

const docs = Number(process.env.N ?? 20000);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prof-'));
const bench = await startBenchRuntime(dir, { logLevel: 'info' });
const bulk = await benchBulkIssuance(bench, docs);
console.error('bulk', Math.round(bulk.stat.value), 'docs/s');
const session = await createSession(bench.deps, bench.residentId, 'bearer', { ip: '127.0.0.1', device: 'x' });
const qrs: string[] = [];
for (let k = 0; k < 64; k++) {
  const row = 1 + Math.floor(((k + 0.5) * docs) / 64);
  const found = await findDocumentByUri(bench.deps, `${BENCH_ISSUER}-${BENCH_DOC_TYPE}-${sampleRow(row).docId}`);
  qrs.push(await qrPayload(bench.deps, await withCurrentVersion(bench.deps, found.doc, found.issuer)));
}
const app = await buildApp(bench.runtime);
await app.listen({ host: '127.0.0.1', port: 0 });
const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
fs.writeFileSync('/tmp/prof-body.json', JSON.stringify({ qr: qrs[0] }));
const which = process.env.WHAT ?? 'verify';
const args = which === 'verify'
  ? ['autocannon', '-c', '64', '-d', '8', '-m', 'POST', '-H', 'content-type=application/json', '-i', '/tmp/prof-body.json', `${base}/api/v1/verify`]
  : ['autocannon', '-c', '16', '-d', '8', '-H', `authorization=Bearer ${session.token}`, `${base}/api/v1/me/documents?limit=20`];
const child = spawn('npx', args, { stdio: ['ignore', 'inherit', 'inherit'] });
await new Promise((r) => child.on('exit', r));
await app.close();
await bench.close();
fs.rmSync(dir, { recursive: true, force: true });
void spawnSync;
