import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import pino from 'pino';
import { createDomainDeps } from '../../src/app.js';
import { loadConfig } from '../../src/config/load-config.js';
import type { Dialect } from '../../src/db/create-db.js';
import { createBulkJob, runBulkJob } from '../../src/domain/bulk/bulk-jobs.js';
import type { DomainDeps } from '../../src/domain/context.js';
import type { OperatorActor } from '../../src/domain/actors.js';
import { createLogger } from '../../src/http/logger.js';
import { ids } from '../../src/lib/ids.js';
import { startRuntime, type Runtime } from '../../src/runtime.js';
import { seedDemoDirectory } from '../../src/seed/demo-directory.js';
import { MB, latencies, type Stat } from '../measure.js';
import { BENCH_DOC_TYPE, BENCH_ISSUER, bulkCsv } from './documents.js';

/** Documents given to the one bench resident (by locker id), for the listing scenario. */
export const RESIDENT_DOCS = 50;

/** A Tijori runtime as the server builds it (migrated database, file blob store, demo directory). */
export interface BenchRuntime {
  runtime: Runtime;
  deps: DomainDeps;
  dialect: Dialect;
  /** A resident with no documents yet, named by locker id in the bulk file. */
  residentId: string;
  close(): Promise<void>;
}

/**
 * Starts a runtime in `dataDir` (SQLite, the embedded default) or on PostgreSQL in a throwaway
 * schema that close() drops. Logs at `logLevel` go to /dev/null: serialized, as in production,
 * but not printed.
 */
export interface BenchRuntimeOptions {
  postgresUrl?: string;
  logLevel: string;
  /** Base64 master key; a new one when absent. Reopening a data folder needs the same key. */
  masterKey?: string;
  /** Reopen a data folder another process prepared: no seeding, this bench resident. */
  existingResidentId?: string;
}

export async function startBenchRuntime(dataDir: string, options: BenchRuntimeOptions): Promise<BenchRuntime> {
  const schema = options.postgresUrl ? `tijori_bench_${process.pid}_${randomBytes(4).toString('hex')}` : undefined;
  const config = loadConfig(
    {
      NODE_ENV: 'development',
      TIJORI_DATA_DIR: dataDir,
      TIJORI_MASTER_KEY: options.masterKey ?? randomBytes(32).toString('base64'),
      TIJORI_SEED_DEMO: 'false',
      LOG_LEVEL: options.logLevel,
      ...(options.postgresUrl ? { DATABASE_URL: options.postgresUrl, DATABASE_SCHEMA: schema, DATABASE_POOL_MAX: '10' } : {}),
    },
    dataDir,
  );
  const logger = createLogger(config.logLevel, pino.destination({ dest: '/dev/null', sync: false }));
  const runtime = await startRuntime(config, logger);
  const drop = async () => {
    if (options.postgresUrl && schema) await dropSchema(options.postgresUrl, schema);
  };
  try {
    const deps = createDomainDeps(runtime);
    if (options.existingResidentId) {
      return { runtime, deps, dialect: runtime.db.dialect, residentId: options.existingResidentId, close: () => runtime.close().finally(drop) };
    }
    await seedDemoDirectory(deps);
    const residentId = ids.uuid();
    const now = Date.now();
    await deps.repos.residents.insert({
      id: residentId,
      // Never one of the CSV's mobiles (those with a leading 9 have row numbers ≡ 3 mod 4).
      mobile: '9999999990',
      username: null,
      pin_hash: 'bench: never signs in with a PIN',
      password_hash: null,
      status: 'active',
      language: 'en',
      aadhaar_ref: null,
      name: 'Bench Resident',
      name_local: null,
      local_script: null,
      dob: null,
      gender: null,
      address: null,
      address_local: null,
      photo_sha256: null,
      created_at: now,
      updated_at: now,
      deleted_at: null,
    });
    return {
      runtime,
      deps,
      dialect: runtime.db.dialect,
      residentId,
      async close() {
        try {
          await runtime.close();
        } finally {
          await drop();
        }
      },
    };
  } catch (err) {
    await runtime.close().catch(() => undefined);
    await drop();
    throw err;
  }
}

async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    await client.query(`drop schema if exists "${schema}" cascade`);
  } catch (err) {
    process.stderr.write(`warning: could not drop PostgreSQL schema ${schema}: ${(err as Error).message}\n`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Peak resident set size: sampled every 100 ms, and the kernel's high-water mark when it can be reset. */
class RssWatch {
  private peak = process.memoryUsage.rss();
  private readonly timer: NodeJS.Timeout;
  readonly hwmReset: boolean;
  constructor() {
    // Writing 5 to clear_refs resets VmHWM (Linux), so it covers this run only.
    let reset = false;
    try {
      fs.writeFileSync('/proc/self/clear_refs', '5');
      reset = true;
    } catch {
      // not Linux, or not allowed: the samples alone
    }
    this.hwmReset = reset;
    this.timer = setInterval(() => this.sample(), 100);
  }
  sample(): void {
    this.peak = Math.max(this.peak, process.memoryUsage.rss());
  }
  stop(): { sampledMb: number; hwmMb: number | null } {
    clearInterval(this.timer);
    this.sample();
    let hwm: number | null = null;
    if (this.hwmReset) {
      const kb = /^VmHWM:\s+(\d+) kB/m.exec(fs.readFileSync('/proc/self/status', 'utf8'))?.[1];
      hwm = kb ? (Number(kb) * 1024) / MB : null;
    }
    return { sampledMb: this.peak / MB, hwmMb: hwm };
  }
}

export interface BulkOutcome {
  stat: Stat;
  docs: number;
  seconds: number;
  /** The higher of the 100 ms samples and the kernel's high-water mark. */
  peakRssMb: number;
  sampledPeakRssMb: number;
  hwmRssMb: number | null;
  startRssMb: number;
  csvBytes: number;
  uploadSeconds: number;
}

/**
 * The real bulk path: a CSV of `docs` rows (holders by mobile; every ~docs/50-th row to the
 * bench resident by locker id) stored with createBulkJob (encrypted, fsync'd blob), then issued
 * with runBulkJob in this process: parse, validate, resolve holders, sign (Ed25519), insert
 * documents + versions + activity, 2,000 rows per committed batch. Times runBulkJob only;
 * latency samples are the gaps between the job's progress commits (one per batch).
 */
export async function benchBulkIssuance(bench: BenchRuntime, docs: number): Promise<BulkOutcome> {
  const { deps } = bench;
  const operator: OperatorActor = { kind: 'operator', staffId: 'bench' };
  const uploadStart = performance.now();
  const job = await createBulkJob(deps, operator, BENCH_ISSUER, 'csv', bulkCsv(docs, bench.residentId, Math.max(1, Math.floor(docs / RESIDENT_DOCS))));
  const uploadSeconds = (performance.now() - uploadStart) / 1000;

  // Observe (without changing) the job's progress commits: one per batch.
  const gaps: number[] = [];
  const update = deps.repos.bulkJobs.update;
  let last = 0;
  const observed: DomainDeps = {
    ...deps,
    repos: {
      ...deps.repos,
      bulkJobs: {
        ...deps.repos.bulkJobs,
        async update(id, patch) {
          await update(id, patch);
          const t = performance.now();
          if (patch.rows_done !== undefined && patch.status === undefined) gaps.push(t - last);
          last = t;
        },
      },
    },
  };

  global.gc?.();
  const startRssMb = process.memoryUsage.rss() / MB;
  const rss = new RssWatch();
  const start = performance.now();
  last = start;
  let status: string;
  let memory: ReturnType<RssWatch['stop']>;
  try {
    status = await runBulkJob(observed, job.id);
  } finally {
    memory = rss.stop();
  }
  const seconds = (performance.now() - start) / 1000;

  const done = await deps.repos.bulkJobs.find(job.id);
  const issuer = await deps.repos.issuers.findByOrgId(BENCH_ISSUER);
  const stored = (await deps.repos.documents.countForIssuer(issuer!.id)).reduce((n, r) => n + r.n, 0);
  if (status !== 'done' || done?.rows_ok !== docs || done.rows_failed !== 0 || stored !== docs) {
    throw new Error(`bulk job ${status}: ${done?.rows_ok} ok, ${done?.rows_failed} failed, ${stored} stored; expected ${docs} ok (${done?.error ?? ''})`);
  }
  const mine = await deps.repos.documents.listSummariesForResident(bench.residentId, { limit: 100 });
  if (mine.length !== RESIDENT_DOCS) throw new Error(`the bench resident holds ${mine.length} documents, expected ${RESIDENT_DOCS}`);
  if (BENCH_DOC_TYPE !== mine[0]?.doc_type) throw new Error('unexpected document type');

  const peakRssMb = Math.max(memory.sampledMb, memory.hwmMb ?? 0);
  return {
    stat: { value: docs / seconds, unit: 'docs/s', iterations: docs, per: '2,000-row batch', ...latencies(gaps) },
    docs,
    seconds,
    peakRssMb,
    sampledPeakRssMb: memory.sampledMb,
    hwmRssMb: memory.hwmMb,
    startRssMb,
    csvBytes: job.sourceBytes,
    uploadSeconds,
  };
}

/**
 * benchBulkIssuance in a child process (bench/bulk-process.ts, under tsx like the bench itself,
 * with this process's environment, GLIBC_TUNABLES included) on `dataDir`: the job's peak RSS is
 * then that of a process doing only this, as a server process would. Resolves with the outcome
 * and the bench resident the child created, for reopening the folder with startBenchRuntime.
 */
export async function benchBulkInOwnProcess(
  dataDir: string,
  options: { docs: number; logLevel: string; masterKey: string },
): Promise<{ outcome: BulkOutcome; residentId: string }> {
  const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  const request = JSON.stringify({ dataDir, masterKey: options.masterKey, docs: options.docs, logLevel: options.logLevel });
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/bulk-process.ts', request], {
    cwd: serverDir,
    env: process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', resolve);
  });
  const line = stdout.split('\n').find((l) => l.startsWith('BULK_RESULT '));
  if (code !== 0 || !line) throw new Error(`the bulk process exited with ${code}: ${stderr}`);
  return JSON.parse(line.slice('BULK_RESULT '.length)) as { outcome: BulkOutcome; residentId: string };
}
