/**
 * `npm run bench`: measures the machine's own limits (raw fsync'd writes, raw SQLite inserts,
 * in-memory crypto) and Tijori's blob and row paths in the same run, prints them side by side
 * with pass/fail targets, and writes the results to <repo root>/bench-results/.
 *
 * Then issuance and serving: raw Ed25519 and raw SQLite document inserts as limits, a bulk job
 * of BENCH_DOCS documents through the real path, and the HTTP API under load from a separate
 * autocannon process (verification, a resident's listing) over the database that job filled.
 *
 *   BENCH_DIR=/srv/tijori/bench   parent of the scratch dir (default: os.tmpdir()); point it at the data disk
 *   BENCH_POSTGRES_URL=postgres://…  also bench the repository and bulk issuance on PostgreSQL (throwaway schemas)
 *   BENCH_DOCS=100000             documents in the SQLite bulk job (default 1,000,000; fewer for a quick run)
 *   BENCH_PG_DOCS=50000           documents in the PostgreSQL bulk job (default 200,000)
 *   BENCH_HTTP_SECONDS=10         measured seconds per HTTP scenario (after a 3 s warm-up)
 *   BENCH_LOG_LEVEL=info          the app's log level during the HTTP scenarios (lines go to /dev/null)
 *   BENCH_SHARES=1000000          share links in the database for the share-open scenario (default 1,000,000; 0 skips it)
 *   BENCH_WORKERS=2               server processes (TIJORI_WORKERS) of the deployment-shaped HTTP run (default: one per core, at least 2; 0 or 1 skips it)
 *   --strict (or BENCH_STRICT=1)  exit 1 when a target is missed (default: exit 0, MISS printed)
 *
 * One scenario alone: `npm run bench:signatures` (eSign, signed issued PDFs, verification).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openFileBlobStore } from '../src/blobs/file-blob-store.js';
import { masterKeyFromBytes } from '../src/crypto/master-key.js';
import { describeMachine } from './machine.js';
import { MB, progress } from './measure.js';
import { atLeast, atMost, below, compare, missesOf, renderReport, type BenchReport, type Check, type LimitResult, type ScenarioResult } from './report.js';
import { benchCryptoCpu } from './scenarios/cpu.js';
import { benchEd25519, benchRawSqliteDocuments } from './scenarios/documents.js';
import { benchConcurrentWrites, benchReads, benchWrites } from './scenarios/files.js';
import { benchBulkInOwnProcess, benchBulkIssuance, startBenchRuntime, type BulkOutcome } from './scenarios/issuance.js';
import { benchPostgres } from './scenarios/postgres.js';
import { benchServing } from './scenarios/serving.js';
import { benchShareOpen } from './scenarios/shares.js';
import { benchSignatures } from './scenarios/signatures.js';
import { benchSqlite } from './scenarios/sqlite.js';
import { benchStatistics } from './scenarios/statistics.js';

function envInt(name: string, fallback: number, min: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw.replace(/[_,]/g, ''));
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} is "${raw}"; give a whole number of at least ${min}`);
  return n;
}

const SETTINGS = {
  put1MbFiles: 200,
  put10MbFiles: 40,
  /** Rounds of `putConcurrency` 1 MB files at once. */
  putConcurrentRounds: 60,
  putConcurrency: 4,
  fileWarmup: 3,
  sqliteBatches: 200,
  pgBatches: 100,
  batchWarmup: 5,
  cpuIterations: 20,
  putTarget: 0.6,
  repoTarget: 0.5,
  ed25519Batches: 40,
  rawDocBatches: 100,
  bulkDocs: envInt('BENCH_DOCS', 1_000_000, 100),
  pgBulkDocs: envInt('BENCH_PG_DOCS', 200_000, 100),
  httpWarmupSeconds: 3,
  httpSeconds: envInt('BENCH_HTTP_SECONDS', 10, 1),
  httpLimitSeconds: 5,
  verifyConnections: 64,
  listConnections: 16,
  listLimit: 20,
  verifyDocuments: 256,
  shares: envInt('BENCH_SHARES', 1_000_000, 0),
  shareLinks: 1000,
  shareConnections: 200,
  workers: envInt('BENCH_WORKERS', Math.max(2, os.availableParallelism()), 0),
  logLevel: process.env.BENCH_LOG_LEVEL || 'info',
};

/** Targets from the issue: absolute, the same on every machine. */
const BULK_TARGET = { docsPerSecond: 10_000, rssMb: 512, postgresFactor: 3 };

async function main(): Promise<void> {
  // From the repo root, `npm run bench -- --strict` reaches this process only as npm config.
  const strict = process.argv.includes('--strict') || process.env.npm_config_strict === 'true' || process.env.BENCH_STRICT === '1';
  const started = new Date();
  const parent = path.resolve(process.env.BENCH_DIR || os.tmpdir());
  await fsp.mkdir(parent, { recursive: true });
  // Only this folder is ever removed, even when BENCH_DIR points at a real data disk.
  const root = await fsp.mkdtemp(path.join(parent, 'tijori-bench-'));
  const removeRoot = () => fs.rmSync(root, { recursive: true, force: true });
  const onSignal = (signal: NodeJS.Signals) => {
    removeRoot();
    process.stderr.write(`\ninterrupted (${signal}); removed ${root}\n`);
    process.exit(130);
  };
  process.once('SIGINT', onSignal).once('SIGTERM', onSignal);

  const loadavgStart = os.loadavg();
  try {
    const machine = describeMachine(root);
    process.stderr.write(`Tijori bench: scratch dir ${root} (${machine.filesystem.type})\n`);
    const rawDir = path.join(root, 'raw');
    const dbDir = path.join(root, 'db');
    await fsp.mkdir(rawDir);
    await fsp.mkdir(dbDir);
    const store = await openFileBlobStore({ dir: path.join(root, 'blobs'), masterKey: masterKeyFromBytes(randomBytes(32)) });
    if ((await fsp.stat(rawDir)).dev !== (await fsp.stat(path.join(root, 'blobs'))).dev) throw new Error('raw and blob dirs are on different filesystems');

    const limits: LimitResult[] = [];
    const scenarios: ScenarioResult[] = [];
    const notes: string[] = [];

    progress(`1 MB: raw write+fsync, raw durable create, blob put: ${SETTINGS.put1MbFiles} files each`);
    const w1 = await benchWrites(rawDir, store, MB, SETTINGS.put1MbFiles, SETTINGS.fileWarmup, SETTINGS.putTarget);
    progress(`1 MB, ${SETTINGS.putConcurrency} at a time: raw write+fsync, blob put: ${SETTINGS.putConcurrentRounds} rounds each`);
    const w1x = await benchConcurrentWrites(rawDir, store, MB, SETTINGS.putConcurrency, SETTINGS.putConcurrentRounds, SETTINGS.fileWarmup, SETTINGS.putTarget);
    progress(`10 MB: raw write+fsync, raw durable create, blob put: ${SETTINGS.put10MbFiles} files each`);
    const w10 = await benchWrites(rawDir, store, 10 * MB, SETTINGS.put10MbFiles, SETTINGS.fileWarmup, SETTINGS.putTarget);
    progress('10 MB: raw read vs blob get');
    const r10 = await benchReads(store, 10 * MB, w10.rawFiles, w10.blobs);
    await store.close();
    progress('CPU: AES-256-GCM + SHA-256 in memory');
    const cpu = await benchCryptoCpu(10 * MB, SETTINGS.cpuIterations, 3);
    progress(`SQLite: raw vs repository, ${SETTINGS.sqliteBatches} batches of 1,000 rows each`);
    const sqlite = await benchSqlite(dbDir, SETTINGS.sqliteBatches, SETTINGS.batchWarmup, SETTINGS.repoTarget);

    limits.push(...w1.limits, w1x.limit, ...w10.limits, sqlite.limit, ...cpu, r10.limit);
    scenarios.push(...w1.scenarios, w1x.scenario, ...w10.scenarios, sqlite.scenario, r10.scenario);

    const pgUrl = process.env.BENCH_POSTGRES_URL;
    if (pgUrl) {
      progress(`PostgreSQL: raw vs repository, ${SETTINGS.pgBatches} batches of 1,000 rows each`);
      const pgResult = await benchPostgres(pgUrl, SETTINGS.pgBatches, SETTINGS.batchWarmup);
      limits.push(pgResult.limit);
      scenarios.push(pgResult.scenario);
    } else {
      notes.push('PostgreSQL: skipped (set BENCH_POSTGRES_URL=postgres://… to include it).');
    }
    notes.push(
      'blob put = SHA-256 on the caller\'s thread while a writer thread AES-GCM-encrypts and writes, fsync, rename into objects/ab/, one directory fsync;',
      '  its row against "write+fsync+rename+dir fsyncs" separates the cost of Tijori code from that of the crash-safety protocol.',
    );

    // Issuance and serving.
    progress(`Ed25519: sign and verify, ${SETTINGS.ed25519Batches} batches of 1,000`);
    const ed = await benchEd25519(SETTINGS.ed25519Batches, 3);
    progress(`SQLite: raw document + version inserts, ${SETTINGS.rawDocBatches} transactions of 1,000`);
    const rawDocs = await benchRawSqliteDocuments(dbDir, SETTINGS.rawDocBatches, 3);
    limits.push(ed.sign, ed.verify, rawDocs);

    progress(`bulk issuance on SQLite: ${SETTINGS.bulkDocs.toLocaleString('en-US')} documents (createBulkJob + runBulkJob, in a process of its own)`);
    const sqliteDir = path.join(root, 'tijori-sqlite');
    const masterKey = randomBytes(32).toString('base64');
    const bulkRun = await benchBulkInOwnProcess(sqliteDir, { docs: SETTINGS.bulkDocs, logLevel: SETTINGS.logLevel, masterKey });
    const sqliteBulk: BulkOutcome = bulkRun.outcome;
    progress(`  ${Math.round(sqliteBulk.stat.value).toLocaleString('en-US')} docs/s, peak RSS ${Math.round(sqliteBulk.peakRssMb)} MB`);
    scenarios.push(...bulkScenarios('SQLite', sqliteBulk, ed.sign, rawDocs, []));
    // Serving runs here, over the database that process filled.
    const sqliteBench = await startBenchRuntime(sqliteDir, { logLevel: SETTINGS.logLevel, masterKey, existingResidentId: bulkRun.residentId });
    try {
      const serving = await benchServing(
        sqliteBench,
        {
          warmupSeconds: SETTINGS.httpWarmupSeconds,
          seconds: SETTINGS.httpSeconds,
          limitSeconds: SETTINGS.httpLimitSeconds,
          verifyConnections: SETTINGS.verifyConnections,
          listConnections: SETTINGS.listConnections,
          listLimit: SETTINGS.listLimit,
          verifyDocuments: SETTINGS.verifyDocuments,
          workers: SETTINGS.workers,
        },
        ed.verify,
        SETTINGS.bulkDocs,
      );
      limits.push(...serving.limits);
      scenarios.push(...serving.scenarios);
      notes.push(...serving.notes);
      if (SETTINGS.shares > 0) {
        progress(`share links: ${SETTINGS.shares.toLocaleString('en-US')} in the database, ${SETTINGS.shareLinks} opened in turn`);
        const shareOpen = await benchShareOpen(sqliteBench, {
          shares: SETTINGS.shares,
          links: SETTINGS.shareLinks,
          connections: SETTINGS.shareConnections,
          warmupSeconds: SETTINGS.httpWarmupSeconds,
          seconds: SETTINGS.httpSeconds,
          limitSeconds: SETTINGS.httpLimitSeconds,
        });
        limits.push(...shareOpen.limits);
        scenarios.push(...shareOpen.scenarios);
        notes.push(...shareOpen.notes);
      }
      const statistics = await benchStatistics(sqliteBench, { days: 90, issuers: 300, typesPerIssuer: 5, iterations: 200 });
      limits.push(statistics.limit);
      scenarios.push(statistics.scenario);
      const signatures = await benchSignatures(sqliteBench, { iterations: 30, warmup: 3 });
      limits.push(...signatures.limits);
      scenarios.push(...signatures.scenarios);
      notes.push(...signatures.notes);
    } finally {
      await sqliteBench.close();
    }

    if (pgUrl) {
      progress(`bulk issuance on PostgreSQL: ${SETTINGS.pgBulkDocs.toLocaleString('en-US')} documents`);
      const pgBench = await startBenchRuntime(path.join(root, 'tijori-postgres'), { postgresUrl: pgUrl, logLevel: SETTINGS.logLevel });
      try {
        const pgBulk = await benchBulkIssuance(pgBench, SETTINGS.pgBulkDocs);
        progress(`  ${Math.round(pgBulk.stat.value).toLocaleString('en-US')} docs/s, peak RSS ${Math.round(pgBulk.peakRssMb)} MB`);
        const factor = sqliteBulk.stat.value / pgBulk.stat.value;
        scenarios.push(
          ...bulkScenarios('PostgreSQL', pgBulk, ed.sign, null, [atMost('SQLite rate / this rate', factor, BULK_TARGET.postgresFactor, 'x')]),
        );
      } finally {
        await pgBench.close();
      }
    } else {
      notes.push('Bulk issuance on PostgreSQL: skipped (set BENCH_POSTGRES_URL=postgres://… to include it).');
    }
    notes.push(
      'bulk issuance = a CSV stored with createBulkJob, then runBulkJob (SQLite: in a process of its own, bench/bulk-process.ts, so its RSS is the job\'s; PostgreSQL: in this one): parse, validate, resolve holders (by mobile, HMAC for held',
      '  documents), Ed25519-sign each credential, insert documents + versions (+ activity) per 2,000-row transaction; p50/p99 = time per batch.',
    );

    const report: BenchReport = {
      tool: 'tijori-bench',
      version: 2,
      date: started.toISOString(),
      durationMs: Date.now() - started.getTime(),
      strict,
      machine,
      load: { loadavgStart, loadavgEnd: os.loadavg() },
      settings: { ...SETTINGS, postgres: Boolean(pgUrl) },
      limits,
      scenarios,
      misses: [],
      notes,
    };
    report.misses = missesOf(limits, scenarios);
    const { misses } = report;
    process.stdout.write(renderReport(report));
    const written = await writeResults(report);
    process.stdout.write(`\nJSON: ${written} (and bench-results/latest.json)\n`);
    if (strict && misses.length > 0) process.exitCode = 1;
  } finally {
    removeRoot();
  }
}

/**
 * Bulk issuance against the raw Ed25519 signing rate (with the absolute targets) and, for
 * information, against raw inserts of the same rows into the same database.
 */
function bulkScenarios(db: string, bulk: BulkOutcome, signLimit: LimitResult, insertLimit: LimitResult | null, extraChecks: Check[]): ScenarioResult[] {
  const label = `bulk issuance ${bulk.docs.toLocaleString('en-US')} docs (${db})`;
  const hwm = bulk.hwmRssMb === null ? '' : `, kernel high-water mark ${Math.round(bulk.hwmRssMb)} MB`;
  const note =
    `${bulk.seconds.toFixed(1)} s; peak RSS ${Math.round(bulk.sampledPeakRssMb)} MB sampled every 100 ms${hwm} (${Math.round(bulk.startRssMb)} MB at start); ` +
    `the ${(bulk.csvBytes / 1024 / 1024).toFixed(0)} MB CSV was stored by createBulkJob in ${bulk.uploadSeconds.toFixed(1)} s (not timed)`;
  return [
    compare(`bulk-${db.toLowerCase()}`, label, bulk.stat, signLimit, null, {
      // The targets: ≥ 10,000 docs/s and RSS < 512 MB on the embedded default (SQLite);
      // PostgreSQL's is to stay within 3× of that rate (its RSS is shown, not judged: this
      // process still holds what the SQLite run left behind, see "at start").
      checks: db === 'SQLite' ? [atLeast('throughput', bulk.stat.value, BULK_TARGET.docsPerSecond, 'docs/s'), below('peak RSS', bulk.peakRssMb, BULK_TARGET.rssMb, 'MB'), ...extraChecks] : extraChecks,
      note,
    }),
    ...(insertLimit ? [compare(`bulk-${db.toLowerCase()}-vs-insert`, label, bulk.stat, insertLimit, null)] : []),
  ];
}

/** Writes bench-<date>.json and latest.json into <repo root>/bench-results/. */
async function writeResults(report: BenchReport): Promise<string> {
  const root = repoRoot();
  const dir = path.join(root, 'bench-results');
  await fsp.mkdir(dir, { recursive: true });
  const json = JSON.stringify(report, null, 2) + '\n';
  const file = path.join(dir, `bench-${report.date.replace(/:/g, '-')}.json`);
  await fsp.writeFile(file, json);
  await fsp.writeFile(path.join(dir, 'latest.json'), json);
  return path.relative(root, file);
}

/** The nearest folder above this file whose package.json declares workspaces. */
function repoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg) && 'workspaces' in (JSON.parse(fs.readFileSync(pkg, 'utf8')) as object)) return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error('repository root (package.json with workspaces) not found');
    dir = up;
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 2;
});
