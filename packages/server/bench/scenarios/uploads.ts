import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createSession } from '../../src/domain/sessions/create-session.js';
import { PAGE_SIZE } from '../../src/domain/uploads/list-drive.js';
import { ids } from '../../src/lib/ids.js';
import { interleave, MB, progress, summarize, type TimedOp } from '../measure.js';
import { atMost, below, compare, type LimitResult, type ScenarioResult } from '../report.js';
import { benchPdf, insertDriveFiles } from './drive-files.js';
import { rawWriteOp, sealedDurableWriteOp } from './files.js';
import { describeCpu, LoadGenerator, startBareServer } from './http.js';
import { startBenchRuntime } from './issuance.js';
import { describeWorkersCpu, startServerProcesses } from './serving.js';

export interface UploadSettings {
  /** 10 MB uploads timed one at a time (interleaved with raw writes); rounds of `atOnce` follow. */
  uploads: number;
  atOnce: number;
  /** Uploads at once while the server's RSS is watched. */
  rssUploads: number;
  /** Files in the folder listed. */
  driveFiles: number;
  listConnections: number;
  /** Minimum upload / raw write+fsync throughput. */
  target: number;
  warmupSeconds: number;
  seconds: number;
  limitSeconds: number;
  logLevel: string;
}

/** From issue 19. */
export const UPLOAD_TARGET = { rssGrowthMb: 50, listP99Ms: 20 };

/** The largest upload the default limit (TIJORI_UPLOAD_MAX_BYTES, 10 MB) accepts. */
const FILE_BYTES = 10 * MB;
const BOUNDARY = '----tijori-bench-boundary';

type Outcome = { limits: LimitResult[]; scenarios: ScenarioResult[]; notes: string[] };

/**
 * The resident's drive against the real server process (`src/main.ts`, one process, on its own
 * data folder): multipart uploads of 10 MB PDFs, one at a time interleaved with raw write+fsync
 * of 10 MB on the same filesystem, then `atOnce` at a time against as many raw writes at once;
 * the server's RSS while `rssUploads` run at once; and a folder of `driveFiles` files listed
 * under load from autocannon, beside a bare node:http server answering as many bytes.
 */
export async function benchUploads(dataDir: string, settings: UploadSettings): Promise<Outcome> {
  const masterKey = randomBytes(32).toString('base64');
  const bench = await startBenchRuntime(dataDir, { logLevel: settings.logLevel, masterKey });
  let server: Awaited<ReturnType<typeof startServerProcesses>> | undefined;
  let generator: LoadGenerator | undefined;
  try {
    const { deps } = bench;
    const session = await createSession(deps, bench.residentId, 'bearer', { ip: '127.0.0.1', device: 'tijori-bench' });
    const folderId = ids.uuidv7();
    const now = deps.clock.now();
    await deps.repos.uploads.insertFolder({ id: folderId, resident_id: bench.residentId, parent_id: null, name: 'Scans', created_at: now, updated_at: now });
    progress(`uploads: a folder of ${settings.driveFiles.toLocaleString('en-US')} files`);
    await insertDriveFiles(deps, bench.residentId, {
      content: benchPdf(200 * 1024),
      count: settings.driveFiles,
      folderId,
      name: (i) => `Scan ${String(i).padStart(5, '0')}.pdf`,
    });

    // Quota out of the way: 1.6 GB and more is uploaded here by one resident.
    server = await startServerProcesses(bench, 1, { TIJORI_UPLOAD_QUOTA_BYTES: String(1024 * 1024 * MB) });
    const auth = { authorization: `Bearer ${session.token}` };
    const rawDir = path.join(dataDir, 'raw-uploads');
    await fsp.mkdir(rawDir);

    const rawFiles: string[] = [];
    // The server's CPU (main thread, all threads) while the timed uploads run, per upload.
    const pid = server.pid;
    const cpuOne = { main: 0, all: 0, uploads: 0, loadavg: 0 };
    const cpuMany = { main: 0, all: 0, uploads: 0, loadavg: 0 };
    const metered = (op: TimedOp, into: typeof cpuOne, warmup: number, uploads = 1): TimedOp => ({
      ...op,
      async run(i) {
        const before = threadCpu(pid);
        await op.run(i);
        const after = threadCpu(pid);
        if (i < warmup) return;
        into.main += after.main - before.main;
        into.all += after.all - before.all;
        into.uploads += uploads;
        into.loadavg = Math.max(into.loadavg, os.loadavg()[0]!);
      },
    });
    const perUpload = (c: typeof cpuOne) =>
      `server CPU per upload: main thread ${(c.main / c.uploads).toFixed(1)} ms, all threads ${(c.all / c.uploads).toFixed(1)} ms (load average up to ${c.loadavg.toFixed(2)})`;
    const removeRaw = async () => void (await Promise.all(rawFiles.splice(0).map((f) => fsp.rm(f, { force: true }))));
    progress(`uploads: ${settings.uploads} × 10 MB multipart, one at a time, interleaved with raw write+fsync of 10 MB`);
    const [raw, up, floor] = await interleave(
      [
        rawWriteOp(rawDir, FILE_BYTES, rawFiles, 'upload-raw'),
        metered(uploadOp(server.base, auth), cpuOne, 2),
        sealedDurableWriteOp(rawDir, FILE_BYTES, rawFiles, 'upload-sealed'),
      ],
      settings.uploads,
      2,
    );
    await removeRaw();
    const rounds = Math.max(2, Math.round(settings.uploads / 4));
    progress(`uploads: ${rounds} rounds of ${settings.atOnce} × 10 MB at once, interleaved with as many raw writes at once`);
    const together = (ops: TimedOp[]): TimedOp => ({
      prepare: async (i) => void (await Promise.all(ops.map((op) => op.prepare?.(i)))),
      run: async (i) => void (await Promise.all(ops.map((op) => op.run(i)))),
    });
    const [rawMany, upMany, floorMany] = await interleave(
      [
        together(Array.from({ length: settings.atOnce }, (_, k) => rawWriteOp(rawDir, FILE_BYTES, rawFiles, `upload-raw-${k}`))),
        metered(together(Array.from({ length: settings.atOnce }, () => uploadOp(server!.base, auth))), cpuMany, 1, settings.atOnce),
        together(Array.from({ length: settings.atOnce }, (_, k) => sealedDurableWriteOp(rawDir, FILE_BYTES, rawFiles, `upload-sealed-${k}`))),
      ],
      rounds,
      1,
    );
    await removeRaw();

    progress(`uploads: server RSS while ${settings.rssUploads} × 10 MB uploads run at once`);
    const memory = await rssDuring(server.pid, async () => {
      const ops = Array.from({ length: settings.rssUploads }, () => uploadOp(server!.base, auth));
      await Promise.all(ops.map((op) => op.prepare!(0)));
      return () => Promise.all(ops.map((op) => op.run(0)));
    });

    // The folder listing.
    // The folder listing: its first page, and the page halfway down (reached by following the
    // cursors, untimed), which a keyset page should answer as fast as the first.
    const listUrl = `${server.base}/api/v1/me/files?folderId=${folderId}`;
    const page = async (url: string) => {
      const res = await fetch(url, { headers: auth });
      const text = await res.text();
      const json = res.status === 200 ? (JSON.parse(text) as { files: unknown[]; nextCursor: string | null }) : null;
      if (!json || json.files.length !== Math.min(PAGE_SIZE, settings.driveFiles))
        throw new Error(`listing the folder answered ${res.status} with ${json?.files.length ?? -1} files: ${text.slice(0, 300)}`);
      return { bytes: Buffer.byteLength(text), nextCursor: json.nextCursor };
    };
    const listedFirst = await page(listUrl);
    const files = Math.min(PAGE_SIZE, settings.driveFiles);
    let deepUrl = listUrl;
    let deepPage = 1;
    for (let next = listedFirst.nextCursor; next && deepPage < Math.floor(settings.driveFiles / PAGE_SIZE / 2); deepPage++) {
      deepUrl = `${listUrl}&cursor=${next}`;
      next = (await page(deepUrl)).nextCursor;
    }
    const answerBytes = listedFirst.bytes;
    generator = await LoadGenerator.start();
    const bare = await startBareServer(answerBytes);
    let bareRun;
    try {
      progress(`HTTP: bare node:http GET (${answerBytes.toLocaleString('en-US')}-byte answer), 1 connection, ${settings.limitSeconds} s`);
      bareRun = await generator.measure({ label: 'bare', url: `${bare.url}/`, method: 'GET', connections: 1 }, 1, settings.limitSeconds);
    } finally {
      await bare.close();
    }
    progress(
      `HTTP: GET /api/v1/me/files?folderId=… (the first ${files} files), 1 connection, then ${settings.listConnections}; ${settings.warmupSeconds} s warm-up + ${settings.seconds} s each`,
    );
    const list = { label: 'list-folder', url: listUrl, method: 'GET' as const, headers: auth, connections: 1 };
    const listOne = await generator.measure(list, settings.warmupSeconds, settings.seconds);
    const listMany = await generator.measure({ ...list, connections: settings.listConnections }, settings.warmupSeconds, settings.seconds);
    progress(`HTTP: page ${deepPage} of the same folder (by cursor), 1 connection; ${settings.warmupSeconds} s warm-up + ${settings.seconds} s`);
    const listDeep = await generator.measure({ ...list, label: 'list-folder-deep', url: deepUrl }, settings.warmupSeconds, settings.seconds);

    const per = '10 MB file';
    const rawLimit: LimitResult = {
      id: 'fs-write-upload-10mb',
      label: 'fs write+fsync 10 MB (beside uploads)',
      ...summarize(raw!, FILE_BYTES / MB, 'MB/s', per),
    };
    const rawManyLimit: LimitResult = {
      id: `fs-write-upload-10mb-x${settings.atOnce}`,
      label: `fs write+fsync 10 MB, ${settings.atOnce} at a time (beside uploads)`,
      ...summarize(rawMany!, (settings.atOnce * FILE_BYTES) / MB, 'MB/s', `${settings.atOnce} × ${per} at once`),
    };
    const floorLimit: LimitResult = {
      id: 'sealed-durable-upload-10mb',
      label: 'design floor: SHA-256 + AES-GCM + write + fsync + rename + folder fsync of 10 MB, in process (beside uploads)',
      ...summarize(floor!, FILE_BYTES / MB, 'MB/s', per),
      note: 'the same steps as a put, on the calling thread, no HTTP, multipart, streams or threads',
    };
    const floorManyLimit: LimitResult = {
      id: `sealed-durable-upload-10mb-x${settings.atOnce}`,
      label: `design floor, ${settings.atOnce} at a time (beside uploads)`,
      ...summarize(floorMany!, (settings.atOnce * FILE_BYTES) / MB, 'MB/s', `${settings.atOnce} × ${per} at once`),
    };
    const bareLimit: LimitResult = {
      id: 'http-bare-get-folder',
      label: 'bare node:http GET, 1 conn',
      ...bareRun.stat,
      note: `${describeCpu(bareRun.cpu)}; ${answerBytes}-byte JSON answer`,
    };
    const growth = memory.peakMb - memory.baselineMb;
    const upStat = summarize(up!, FILE_BYTES / MB, 'MB/s', per);
    const upManyStat = summarize(upMany!, (settings.atOnce * FILE_BYTES) / MB, 'MB/s', `${settings.atOnce} × ${per} at once`);
    return {
      limits: [rawLimit, rawManyLimit, floorLimit, floorManyLimit, bareLimit],
      scenarios: [
        compare('upload-10mb', 'upload 10 MB over HTTP (multipart), one at a time', upStat, rawLimit, settings.target, {
          note: 'client in the bench process, server in its own (src/main.ts); stored encrypted and durably, counted against the quota, scanned, before 201',
        }),
        compare('upload-10mb-vs-floor', 'upload 10 MB over HTTP (multipart), one at a time', upStat, floorLimit, null, {
          note: perUpload(cpuOne),
        }),
        compare(`upload-10mb-x${settings.atOnce}`, `upload 10 MB over HTTP, ${settings.atOnce} at once`, upManyStat, rawManyLimit, settings.target),
        compare(`upload-10mb-x${settings.atOnce}-vs-floor`, `upload 10 MB over HTTP, ${settings.atOnce} at once`, upManyStat, floorManyLimit, null, {
          note: perUpload(cpuMany),
        }),
        compare(
          `upload-rss-x${settings.rssUploads}`,
          `server RSS during ${settings.rssUploads} × 10 MB uploads at once`,
          summarize([memory.wallMs], (settings.rssUploads * FILE_BYTES) / MB, 'MB/s', `${settings.rssUploads} × ${per} at once`),
          rawManyLimit,
          null,
          {
            checks: [below('RSS growth', growth, UPLOAD_TARGET.rssGrowthMb, 'MB')],
            note: `RSS ${Math.round(memory.baselineMb)} MB before, peak ${Math.round(memory.peakMb)} MB (sampled every 10 ms${memory.hwmMb === null ? '' : `; kernel high-water mark ${Math.round(memory.hwmMb)} MB`})`,
          },
        ),
        compare(
          'http-list-folder',
          `list a folder of ${settings.driveFiles.toLocaleString('en-US')} files (a page of ${files}), 1 conn`,
          listOne.stat,
          bareLimit,
          null,
          {
            checks: [below('p99', listOne.stat.p99Ms, UPLOAD_TARGET.listP99Ms, 'ms'), atMost('non-2xx + errors', listOne.failures, 0, 'count')],
            note: `${describeWorkersCpu(listOne.cpu)}; ${listOne.failures} non-2xx/errors of ${listOne.responses.toLocaleString('en-US')}`,
          },
        ),
        compare('http-list-folder-deep', `list page ${deepPage} of that folder (cursor), 1 conn`, listDeep.stat, bareLimit, null, {
          checks: [below('p99', listDeep.stat.p99Ms, UPLOAD_TARGET.listP99Ms, 'ms'), atMost('non-2xx + errors', listDeep.failures, 0, 'count')],
          note: `${describeWorkersCpu(listDeep.cpu)}; ${listDeep.failures} non-2xx/errors of ${listDeep.responses.toLocaleString('en-US')}`,
        }),
        compare(
          'http-list-folder-busy',
          `list a folder of ${settings.driveFiles.toLocaleString('en-US')} files (a page of ${files}), ${settings.listConnections} conns`,
          listMany.stat,
          bareLimit,
          null,
          {
            checks: [atMost('non-2xx + errors', listMany.failures, 0, 'count')],
            note: `closed loop: mean latency = ${settings.listConnections} ÷ throughput; ${describeWorkersCpu(listMany.cpu)}; ${listMany.failures} non-2xx/errors of ${listMany.responses.toLocaleString('en-US')}`,
          },
        ),
      ],
      notes: [
        'uploads = the real server process (src/main.ts, TIJORI_WORKERS=1) on its own SQLite data folder; multipart bodies of distinct 10 MB PDFs sent from this process over node:http;',
        `  the raw write+fsync beside them writes the same bytes to the same filesystem. The folder listing is a page of ${PAGE_SIZE} files (newest first) with usage and breadcrumbs: the first, then one halfway down by cursor.`,
      ],
    };
  } finally {
    await generator?.close();
    await server?.close();
    await bench.close();
  }
}

/** One multipart upload of a fresh 10 MB PDF (made untimed in `prepare`); checks the 201. */
export function uploadOp(base: string, auth: Record<string, string>): TimedOp {
  let body = Buffer.alloc(0);
  return {
    prepare() {
      const head = Buffer.from(
        `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="scan.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
        'latin1',
      );
      const tail = Buffer.from(`\r\n--${BOUNDARY}--\r\n`, 'latin1');
      body = Buffer.concat([head, benchPdf(FILE_BYTES), tail]);
    },
    run() {
      return new Promise<void>((resolve, reject) => {
        const req = http.request(`${base}/api/v1/me/files`, {
          method: 'POST',
          agent: false,
          headers: { ...auth, 'content-type': `multipart/form-data; boundary=${BOUNDARY}`, 'content-length': body.length },
        });
        req.on('error', reject);
        req.on('response', (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (d: string) => (text += d));
          res.on('end', () => {
            if (res.statusCode === 201 && (JSON.parse(text) as { sizeBytes: number }).sizeBytes === FILE_BYTES) resolve();
            else reject(new Error(`upload answered ${res.statusCode}: ${text.slice(0, 300)}`));
          });
        });
        req.end(body);
      });
    },
  };
}

/** Clock ticks per second in /proc/<pid>/stat (USER_HZ: 100 on every Linux Node runs on). */
const USER_HZ = 100;

/**
 * CPU time (ms) a process has used so far: its main thread (whose id is the process's) from the
 * scheduler's own accounting (/proc/<pid>/task/<pid>/schedstat, in ns), with the time it waited
 * runnable for a core and its involuntary switches; all its threads together, ended ones
 * included, from /proc/<pid>/stat (in clock ticks, user + system).
 */
export function threadCpu(pid: number): { main: number; mainWaited: number; mainPreempted: number; all: number } {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces), from field 3: utime is 14, stime 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const [ran, waited] = fs.readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').split(' ').map(Number);
  const preempted = /^nonvoluntary_ctxt_switches:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${pid}/task/${pid}/status`, 'utf8'))?.[1];
  return {
    main: ran! / 1e6,
    mainWaited: waited! / 1e6,
    mainPreempted: Number(preempted ?? 0),
    all: ((Number(fields[11]) + Number(fields[12])) * 1000) / USER_HZ,
  };
}

function statusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number | null {
  try {
    const kb = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) : null;
  } catch {
    return null;
  }
}

/**
 * The process's RSS just before `start()`'s work begins and its peak while it runs: sampled
 * every 10 ms, and the kernel's high-water mark when it can be reset for that process.
 */
async function rssDuring(
  pid: number,
  start: () => Promise<() => Promise<unknown>>,
): Promise<{ baselineMb: number; peakMb: number; hwmMb: number | null; wallMs: number }> {
  const run = await start();
  await new Promise((r) => setTimeout(r, 1_000));
  const baseline = statusKb(pid, 'VmRSS');
  if (baseline === null) throw new Error(`cannot read /proc/${pid}/status`);
  let hwmReset = false;
  try {
    fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
    hwmReset = true;
  } catch {
    // not allowed: the samples alone
  }
  let peak = baseline;
  const timer = setInterval(() => (peak = Math.max(peak, statusKb(pid, 'VmRSS') ?? 0)), 10);
  const t = performance.now();
  try {
    await run();
  } finally {
    clearInterval(timer);
  }
  const wallMs = performance.now() - t;
  peak = Math.max(peak, statusKb(pid, 'VmRSS') ?? 0);
  const hwm = hwmReset ? statusKb(pid, 'VmHWM') : null;
  return { baselineMb: baseline / 1024, peakMb: Math.max(peak, hwm ?? 0) / 1024, hwmMb: hwm === null ? null : hwm / 1024, wallMs };
}
