import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { buildApp } from '../../src/app.js';
import { qrPayload, withCurrentVersion } from '../../src/domain/documents/document-artifacts.js';
import { findDocumentByUri } from '../../src/domain/documents/find-document.js';
import { createSession } from '../../src/domain/sessions/create-session.js';
import { latencies, progress } from '../measure.js';
import { atMost, below, atLeast, compare, type LimitResult, type ScenarioResult } from '../report.js';
import { describeCpu, LoadGenerator, startBareServer, type CpuShare, type HttpOutcome, type LoadTarget } from './http.js';
import { BENCH_DOC_TYPE, BENCH_ISSUER, sampleRow } from './documents.js';
import type { BenchRuntime } from './issuance.js';

export interface ServingSettings {
  warmupSeconds: number;
  seconds: number;
  /** Bare-server limits are measured for this long. */
  limitSeconds: number;
  verifyConnections: number;
  listConnections: number;
  listLimit: number;
  /** Distinct documents whose QR codes the verification load cycles through. */
  verifyDocuments: number;
  /** Server processes (TIJORI_WORKERS) of the deployment-shaped run; 0 skips it. */
  workers: number;
}

export const VERIFY_TARGET = { rps: 5_000, p99Ms: 20 };
export const LIST_TARGET = { p99Ms: 10 };

/**
 * Serves the app (buildApp over the bench runtime, on 127.0.0.1) and loads it from a separate
 * autocannon process: public verification of a real document's QR, and a resident listing
 * their documents with a bearer session, each beside a bare node:http server under the same
 * load (the machine's HTTP ceiling with this load generator sharing the cores).
 */
export async function benchServing(
  bench: BenchRuntime,
  settings: ServingSettings,
  verifyLimit: LimitResult,
  docsInDb: number,
): Promise<{ limits: LimitResult[]; scenarios: ScenarioResult[]; notes: string[] }> {
  const { deps, runtime } = bench;
  const session = await createSession(deps, bench.residentId, 'bearer', { ip: '127.0.0.1', device: 'tijori-bench' });
  // Real QR codes of documents spread over the whole database (as printed on them), sent in turn.
  const qrs: string[] = [];
  for (let k = 0; k < settings.verifyDocuments; k++) {
    const row = 1 + Math.floor(((k + 0.5) * docsInDb) / settings.verifyDocuments);
    const found = await findDocumentByUri(deps, `${BENCH_ISSUER}-${BENCH_DOC_TYPE}-${sampleRow(row).docId}`);
    qrs.push(await qrPayload(deps, await withCurrentVersion(deps, found.doc, found.issuer)));
  }

  const app = await buildApp(runtime);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  let generator: LoadGenerator | undefined;
  try {
    const verify: LoadTarget = {
      label: 'verify',
      url: `${base}/api/v1/verify`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      bodies: qrs.map((qr) => JSON.stringify({ qr })),
      connections: settings.verifyConnections,
    };
    const list: LoadTarget = {
      label: 'list',
      url: `${base}/api/v1/me/documents?limit=${settings.listLimit}`,
      method: 'GET',
      headers: { authorization: `Bearer ${session.token}` },
      connections: settings.listConnections,
    };
    // Both answer what they should before anything is timed.
    let verifiedBody = '';
    for (const body of verify.bodies!) {
      const verified = await fetch(verify.url, { method: 'POST', headers: verify.headers, body });
      verifiedBody = await verified.text();
      if (verified.status !== 200 || (JSON.parse(verifiedBody) as { verdict?: string }).verdict !== 'genuine')
        throw new Error(`verify answered ${verified.status} ${verifiedBody}`);
    }
    const listed = await fetch(list.url, { headers: list.headers! });
    const listedBody = await listed.text();
    if (listed.status !== 200 || (JSON.parse(listedBody) as { documents: unknown[] }).documents.length !== settings.listLimit) {
      throw new Error(`listing answered ${listed.status} ${listedBody.slice(0, 300)}`);
    }

    generator = await LoadGenerator.start();
    const bareRun = async (bytes: number, method: 'GET' | 'POST', connections: number, bodies?: string[]): Promise<HttpOutcome> => {
      const bare = await startBareServer(bytes);
      try {
        return await generator!.measure(
          { label: 'bare', url: `${bare.url}/`, method, headers: { 'content-type': 'application/json' }, ...(bodies ? { bodies } : {}), connections },
          Math.min(2, settings.warmupSeconds),
          settings.limitSeconds,
        );
      } finally {
        await bare.close();
      }
    };

    progress(`HTTP: bare node:http POST, ${verify.connections} connections, ${settings.limitSeconds} s`);
    const bareVerify = await bareRun(Buffer.byteLength(verifiedBody), 'POST', verify.connections, verify.bodies);
    progress(`HTTP: POST /api/v1/verify (QR), ${verify.connections} connections, ${settings.warmupSeconds} s warm-up + ${settings.seconds} s`);
    const verifyRun = await generator.measure(verify, settings.warmupSeconds, settings.seconds);
    progress(`HTTP: bare node:http GET, ${list.connections} connections, ${settings.limitSeconds} s`);
    const bareList = await bareRun(Buffer.byteLength(listedBody), 'GET', list.connections);
    progress(
      `HTTP: GET /api/v1/me/documents?limit=${settings.listLimit}, ${list.connections} connections, ${settings.warmupSeconds} s warm-up + ${settings.seconds} s`,
    );
    const listRun = await generator.measure(list, settings.warmupSeconds, settings.seconds);

    // The same two loads against the server as deployed: `npm start` with TIJORI_WORKERS
    // processes on this database, started from the command line in their own processes.
    let clustered: { verify: HttpOutcome; list: HttpOutcome } | undefined;
    if (settings.workers > 1) {
      const server = await startServerProcesses(bench, settings.workers);
      try {
        progress(
          `HTTP: POST /api/v1/verify (QR) on ${settings.workers} server processes, ${verify.connections} connections, ${settings.warmupSeconds} s warm-up + ${settings.seconds} s`,
        );
        const cv = await generator.measure({ ...verify, url: `${server.base}/api/v1/verify` }, settings.warmupSeconds, settings.seconds);
        progress(
          `HTTP: GET /api/v1/me/documents on ${settings.workers} server processes, ${list.connections} connections, ${settings.warmupSeconds} s warm-up + ${settings.seconds} s`,
        );
        const cl = await generator.measure(
          { ...list, url: `${server.base}/api/v1/me/documents?limit=${settings.listLimit}` },
          settings.warmupSeconds,
          settings.seconds,
        );
        clustered = { verify: cv, list: cl };
      } finally {
        await server.close();
      }
    }

    const bareVerifyLimit: LimitResult = {
      id: 'http-bare-post',
      label: `bare node:http POST, ${verify.connections} conns`,
      ...bareVerify.stat,
      note: `${describeCpu(bareVerify.cpu)}; ${Buffer.byteLength(verifiedBody)}-byte JSON answer`,
    };
    const bareListLimit: LimitResult = {
      id: 'http-bare-get',
      label: `bare node:http GET, ${list.connections} conns`,
      ...bareList.stat,
      note: `${describeCpu(bareList.cpu)}; ${Buffer.byteLength(listedBody)}-byte JSON answer`,
    };
    const limits = [bareVerifyLimit, bareListLimit];
    const rawList = runtime.config.database.kind === 'sqlite' ? rawListingQuery(runtime.config.database.file, bench.residentId, settings.listLimit) : null;
    if (rawList) limits.push(rawList);

    const verifyLabel = `verify QR (${qrs.length} docs), ${verify.connections} conns`;
    const listLabel = `list my documents (${settings.listLimit}), ${list.connections} conns`;
    // The absolute targets are for the server as deployed on this machine: its worker
    // processes when the run has them, else the single in-process server.
    const verifyChecks = (run: HttpOutcome) => [
      atLeast('throughput', run.stat.value, VERIFY_TARGET.rps, 'req/s'),
      below('p99', run.stat.p99Ms, VERIFY_TARGET.p99Ms, 'ms'),
      atMost('non-2xx + errors', run.failures, 0, 'count'),
    ];
    const listChecks = (run: HttpOutcome) => [below('p99', run.stat.p99Ms, LIST_TARGET.p99Ms, 'ms'), atMost('non-2xx + errors', run.failures, 0, 'count')];
    const scenarios: ScenarioResult[] = [
      compare('http-verify', `${verifyLabel}, 1 process`, verifyRun.stat, bareVerifyLimit, null, {
        checks: clustered ? [atMost('non-2xx + errors', verifyRun.failures, 0, 'count')] : verifyChecks(verifyRun),
        note: `${describeCpu(verifyRun.cpu)}; ${verifyRun.non2xx} non-2xx, ${verifyRun.errors} errors/timeouts of ${verifyRun.responses.toLocaleString('en-US')}`,
      }),
      compare('http-verify-vs-crypto', `${verifyLabel}, 1 process`, verifyRun.stat, verifyLimit, null),
      compare('http-list', `${listLabel}, 1 process`, listRun.stat, bareListLimit, null, {
        checks: clustered ? [atMost('non-2xx + errors', listRun.failures, 0, 'count')] : listChecks(listRun),
        note: `${docsInDb.toLocaleString('en-US')} documents in the database, the resident holds 50; ${describeCpu(listRun.cpu)}; ${listRun.non2xx} non-2xx, ${listRun.errors} errors/timeouts of ${listRun.responses.toLocaleString('en-US')}`,
      }),
      ...(rawList ? [compare('http-list-vs-sql', `${listLabel}, 1 process`, listRun.stat, rawList, null)] : []),
    ];
    if (clustered) {
      const w = settings.workers;
      scenarios.push(
        compare('http-verify-workers', `${verifyLabel}, ${w} processes`, clustered.verify.stat, bareVerifyLimit, null, {
          checks: verifyChecks(clustered.verify),
          note: `TIJORI_WORKERS=${w}; ${describeWorkersCpu(clustered.verify.cpu)}; ${clustered.verify.failures} non-2xx/errors of ${clustered.verify.responses.toLocaleString('en-US')}`,
        }),
        compare('http-list-workers', `${listLabel}, ${w} processes`, clustered.list.stat, bareListLimit, null, {
          checks: listChecks(clustered.list),
          note: `TIJORI_WORKERS=${w}; ${describeWorkersCpu(clustered.list.cpu)}; ${clustered.list.failures} non-2xx/errors of ${clustered.list.responses.toLocaleString('en-US')}`,
        }),
      );
    }
    return {
      limits,
      scenarios,
      notes: [
        'HTTP: autocannon in its own process (pipelining 1) against the server in the bench process, both on this machine: they share its cores, as the CPU lines show.',
        `  The app logs each request at ${runtime.config.logLevel} (serialized by pino, written to /dev/null); latencies are per response, from the load generator, with sub-ms resolution.`,
      ],
    };
  } finally {
    await generator?.close();
    await app.close();
  }
}

/**
 * The floor under the listing: the same query as the repository's first page (the listed
 * columns, newest first, `limit` + 1 rows) on a second better-sqlite3 connection to the same
 * file, 20,000 times.
 */
function rawListingQuery(file: string, residentId: string, limit: number): LimitResult {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    const query = db.prepare(`
      select id, uri, issuer_id, doc_type, doc_id, version, issued_on, valid_from, valid_to, status
        from issued_documents
       where resident_id = ?
       order by issued_on desc, id desc
       limit ?`);
    for (let i = 0; i < 2_000; i++) query.all(residentId, limit + 1);
    const samples = new Float64Array(20_000);
    let total = 0;
    for (let i = 0; i < samples.length; i++) {
      const t = performance.now();
      const rows = query.all(residentId, limit + 1);
      samples[i] = performance.now() - t;
      total += samples[i]!;
      if (rows.length !== limit + 1) throw new Error(`raw listing query returned ${rows.length} rows`);
    }
    return {
      id: 'sqlite-raw-list',
      label: `sqlite raw listing query (${limit + 1} rows)`,
      value: samples.length / (total / 1000),
      unit: 'queries/s',
      iterations: samples.length,
      per: 'query',
      ...latencies(samples),
      note: 'better-sqlite3 directly on the bench database, the SQL the repository sends, one connection',
    };
  } finally {
    db.close();
  }
}

/** CPU while the server ran in its own processes: everything busy but the load generator and this process. */
export function describeWorkersCpu(c: CpuShare): string {
  const servers = c.other === null ? 'unknown' : (c.other + c.server).toFixed(2);
  return `CPU: server processes ${servers} cores, load generator ${c.loadGenerator.toFixed(2)} (of ${c.cores}); load average ${c.loadavg1.toFixed(2)}`;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * The real server entry point (src/main.ts) with TIJORI_WORKERS processes on the bench's data
 * folder and master key, logging at the bench's level to /dev/null; ready when /readyz answers
 * and every worker has had a moment to start.
 */
export async function startServerProcesses(
  bench: BenchRuntime,
  workers: number,
  extraEnv: Record<string, string> = {},
): Promise<{ base: string; pid: number; close(): Promise<void> }> {
  const { config } = bench.runtime;
  const { database } = config;
  if (config.masterKey.kind !== 'value') throw new Error('the worker run needs the bench runtime with a master key value');
  // On PostgreSQL every process shares the bench runtime's schema.
  const databaseEnv: Record<string, string> =
    database.kind === 'postgres'
      ? { DATABASE_URL: database.url, DATABASE_POOL_MAX: String(database.poolMax), ...(database.schema ? { DATABASE_SCHEMA: database.schema } : {}) }
      : {};
  const port = await freePort();
  const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  // BENCH_SERVER_PROFILE=<dir>: each server process writes a CPU profile there when it stops.
  const profile = process.env.BENCH_SERVER_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(process.env.BENCH_SERVER_PROFILE)}`] : [];
  const extraFlags = process.env.BENCH_SERVER_NODE_FLAGS?.split(' ').filter(Boolean) ?? [];
  const stdout = process.env.BENCH_SERVER_STDOUT ? fs.openSync(process.env.BENCH_SERVER_STDOUT, 'a') : 'ignore';
  const child = spawn(process.execPath, [...profile, ...extraFlags, '--import', 'tsx', 'src/main.ts'], {
    cwd: serverDir,
    env: {
      PATH: process.env.PATH ?? '',
      // The allocator settings `npm start` gives the server (README, "Memory"), when the bench has them.
      ...(process.env.GLIBC_TUNABLES ? { GLIBC_TUNABLES: process.env.GLIBC_TUNABLES } : {}),
      NODE_ENV: 'development',
      TIJORI_DATA_DIR: config.dataDir,
      TIJORI_MASTER_KEY: config.masterKey.base64,
      TIJORI_SEED_DEMO: 'false',
      TIJORI_WORKERS: String(workers),
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: config.logLevel,
      ...databaseEnv,
      ...extraEnv,
    },
    stdio: ['ignore', stdout, 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const base = `http://127.0.0.1:${port}`;
  // Started from the sources through tsx: over a minute on a busy two-core machine.
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}: ${stderr}`);
    const ok = await fetch(`${base}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the server did not become ready in 180 s: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await new Promise((r) => setTimeout(r, 3_000));
  return {
    base,
    pid: child.pid!,
    async close() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
