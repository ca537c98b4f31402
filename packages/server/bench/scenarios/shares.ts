import type { AddressInfo } from 'node:net';
import { buildApp } from '../../src/app.js';
import { createShare } from '../../src/domain/shares/create-share.js';
import { newShareToken, sealShareToken, shareTokenHash } from '../../src/domain/shares/share-secrets.js';
import { ids } from '../../src/lib/ids.js';
import type { ResidentRow } from '../../src/repositories/residents.repository.js';
import { MB, progress, summarize } from '../measure.js';
import { atLeast, atMost, below, compare, type LimitResult, type ScenarioResult } from '../report.js';
import { benchPdf, insertDriveFiles } from './drive-files.js';
import { describeCpu, LoadGenerator, startBareServer, type HttpOutcome } from './http.js';
import type { BenchRuntime } from './issuance.js';

export interface ShareSettings {
  /** Share rows in the database while links are opened. */
  shares: number;
  /** Distinct links the load cycles through. */
  links: number;
  /** Residents the links belong to. */
  owners: number;
  connections: number;
  /** Opens per second offered over all connections in the judged (open-loop) run. */
  rate: number;
  /** 1 MB downloads timed through a link, and blob gets beside them. */
  downloads: number;
  warmupSeconds: number;
  seconds: number;
  limitSeconds: number;
}

/** From issue 15: opening a link p99 < 20 ms at 200 connections; a shared 1 MB PDF at ≥ 60 % of blob reads. */
export const SHARE_TARGET = { p99Ms: 20, downloadRatio: 0.6 };

type Outcome = { limits: LimitResult[]; scenarios: ScenarioResult[]; notes: string[] };

/**
 * Share links at scale: `shares` links in the database (inserted directly, each with its own
 * token, hash and sealed copy, spread over `owners` residents), `links` of them opened in turn
 * from autocannon in its own process: token lookup, owner check, the atomic view update, a view
 * row, an activity event in the owner's hash chain, the shared version with its verification.
 * Then a 1 MB PDF shared with download allowed, downloaded through the link, beside blob gets
 * of the same blob (decrypt + SHA-256 check) in this process.
 */
export async function benchShares(bench: BenchRuntime, settings: ShareSettings): Promise<Outcome> {
  const { deps, runtime } = bench;
  const tokens = await seedShares(bench, settings);
  const download = await sharedPdf(bench);

  const app = await buildApp(runtime);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/api/v1/public/shares`;
  const json = { 'content-type': 'application/json' };
  let generator: LoadGenerator | undefined;
  try {
    const bodies = tokens.map((token) => JSON.stringify({ token, language: 'en' }));
    const first = await fetch(`${base}/open`, { method: 'POST', headers: json, body: bodies[0] });
    const answer = await first.text();
    if (first.status !== 200) throw new Error(`opening a share answered ${first.status} ${answer.slice(0, 300)}`);
    const opened = await fetch(`${base}/open`, { method: 'POST', headers: json, body: JSON.stringify({ token: download.token }) });
    const { downloadGrant } = (await opened.json()) as { downloadGrant: string | null };
    if (!downloadGrant) throw new Error(`opening the shared PDF answered ${opened.status} without a download grant`);
    const fetched = await fetch(`${base}/download`, { method: 'POST', headers: json, body: JSON.stringify({ grant: downloadGrant }) });
    const pdf = Buffer.from(await fetched.arrayBuffer());
    if (fetched.status !== 200 || !pdf.equals(download.content))
      throw new Error(`downloading the shared PDF answered ${fetched.status} with ${pdf.length} bytes`);

    generator = await LoadGenerator.start();
    const open = { label: 'share-open', url: `${base}/open`, method: 'POST' as const, headers: json, bodies, connections: settings.connections };
    const bare = await startBareServer(Buffer.byteLength(answer));
    let bareRun: HttpOutcome;
    try {
      progress(`HTTP: bare node:http POST, ${settings.connections} connections, ${settings.limitSeconds} s`);
      bareRun = await generator.measure({ ...open, label: 'bare', url: `${bare.url}/` }, Math.min(2, settings.warmupSeconds), settings.limitSeconds);
    } finally {
      await bare.close();
    }
    progress(
      `HTTP: POST /api/v1/public/shares/open, ${settings.connections} connections, as fast as answers come, ${settings.warmupSeconds} s warm-up + ${settings.seconds} s`,
    );
    const closed = await generator.measure(open, settings.warmupSeconds, settings.seconds);
    progress(`HTTP: the same at ${settings.rate.toLocaleString('en-US')} opens/s offered, ${settings.warmupSeconds} s warm-up + ${settings.seconds} s`);
    const offered = await generator.measure({ ...open, overallRate: settings.rate }, settings.warmupSeconds, settings.seconds);

    // The 1 MB PDF: blob gets in this process, then downloads through the link, one at a time.
    progress(
      `share download: ${settings.downloads} blob gets of the 1 MB PDF, then POST /api/v1/public/shares/download on 1 connection, ${settings.limitSeconds} s`,
    );
    const gets: number[] = [];
    for (let i = 0; i < settings.downloads + 5; i++) {
      const start = performance.now();
      const read = await deps.blobs.get(download.sha256);
      let bytes = 0;
      for await (const chunk of read!.stream) bytes += (chunk as Buffer).length;
      if (bytes !== download.content.length) throw new Error(`blob get yielded ${bytes} bytes`);
      if (i >= 5) gets.push(performance.now() - start);
    }
    const fileMb = download.content.length / MB;
    const blobLimit: LimitResult = {
      id: 'blob-get-1mb',
      label: 'blob get 1 MB (decrypt + SHA-256 check, cached)',
      ...summarize(gets, fileMb, 'MB/s', '1 MB file'),
      note: 'the blob store read the download serves, in this process, one at a time',
    };
    const downloads = await generator.measure(
      { label: 'share-download', url: `${base}/download`, method: 'POST', headers: json, bodies: [JSON.stringify({ grant: downloadGrant })], connections: 1 },
      1,
      settings.limitSeconds,
    );
    const downloadStat = { ...downloads.stat, value: downloads.stat.value * fileMb, unit: 'MB/s' as const, per: '1 MB download' };

    const bareLimit: LimitResult = {
      id: 'http-bare-post-shares',
      label: `bare node:http POST, ${settings.connections} conns`,
      ...bareRun.stat,
      note: `${describeCpu(bareRun.cpu)}; ${Buffer.byteLength(answer)}-byte JSON answer`,
    };
    const label = `open a share link (${tokens.length} links of ${settings.shares.toLocaleString('en-US')}), ${settings.connections} conns`;
    const failures = (run: HttpOutcome) => `${run.non2xx} non-2xx, ${run.errors} errors/timeouts of ${run.responses.toLocaleString('en-US')}`;
    return {
      limits: [bareLimit, blobLimit],
      scenarios: [
        compare('http-share-open-max', `${label}, closed loop`, closed.stat, bareLimit, null, {
          checks: [atMost('non-2xx + errors', closed.failures, 0, 'count')],
          note: `the most this server answers; each connection sends its next open when answered, so mean latency = ${settings.connections} ÷ throughput; ${describeCpu(closed.cpu)}; ${failures(closed)}`,
        }),
        compare('http-share-open', `${label}, ${settings.rate.toLocaleString('en-US')}/s offered`, offered.stat, bareLimit, null, {
          checks: [
            below('p99', offered.stat.p99Ms, SHARE_TARGET.p99Ms, 'ms'),
            atLeast('throughput', offered.stat.value, settings.rate * 0.95, 'req/s'),
            atMost('non-2xx + errors', offered.failures, 0, 'count'),
          ],
          note: `${describeCpu(offered.cpu)}; ${failures(offered)}`,
        }),
        compare('http-share-download', 'download a shared 1 MB PDF, 1 conn', downloadStat, blobLimit, SHARE_TARGET.downloadRatio, {
          checks: [atMost('non-2xx + errors', downloads.failures, 0, 'count')],
          note: `${describeCpu(downloads.cpu)}; ${failures(downloads)}`,
        }),
      ],
      notes: [
        `share open = token lookup, owner check, atomic view update, a view row, an activity event in the owner's hash chain (${settings.owners.toLocaleString('en-US')} owners), the shared version read and its signature verified.`,
        `  Judged at ${settings.rate.toLocaleString('en-US')} opens/s offered over ${settings.connections} keep-alive connections (Poisson arrivals: people arriving independently, bench/load-runner.ts); the closed-loop row is the ceiling, where latency is queueing.`,
      ],
    };
  } finally {
    await generator?.close();
    await app.close();
  }
}

/** Inserts the links in 500-row statements; answers the tokens of the `links` that will be opened. */
async function seedShares(bench: BenchRuntime, settings: ShareSettings): Promise<string[]> {
  const { deps } = bench;
  const doc = await deps.db.selectFrom('issued_documents').select(['uri']).where('resident_id', '=', bench.residentId).limit(1).executeTakeFirstOrThrow();
  // One link made the real way: its row is the template for the rest.
  const made = await createShare(
    deps,
    { kind: 'resident', residentId: bench.residentId, sessionId: 'bench' },
    { ip: '127.0.0.1', device: 'tijori-bench' },
    { target: { kind: 'issued', uri: doc.uri } },
  );
  const template = (await deps.repos.shares.findById(made.id))!;
  const owners = await makeOwners(bench, settings.owners);
  const now = deps.clock.now();
  const every = Math.max(1, Math.floor(settings.shares / settings.links));
  const tokens: string[] = [];
  const started = performance.now();
  for (let i = 0; i < settings.shares; i += 500) {
    const rows = [];
    for (let j = i; j < Math.min(settings.shares, i + 500); j++) {
      const token = newShareToken();
      if (j % every === 0 && tokens.length < settings.links) tokens.push(token);
      const owner = owners[Math.floor((j * owners.length) / settings.shares)]!;
      rows.push({
        ...template,
        id: ids.uuidv7(),
        resident_id: owner,
        token_hash: shareTokenHash(token),
        token_sealed: sealShareToken(deps.masterKey, token),
        expires_at: now + 30 * 86_400_000,
        created_at: now,
      });
    }
    await deps.db.insertInto('shares').values(rows).execute();
    if ((i + 500) % 200_000 === 0) progress(`  ${(i + 500).toLocaleString('en-US')} links, ${((performance.now() - started) / 1000).toFixed(0)} s`);
  }
  progress(`  ${settings.shares.toLocaleString('en-US')} share links inserted in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return tokens;
}

/** `count` active residents like the bench resident (each link's owner must be an active account). */
async function makeOwners(bench: BenchRuntime, count: number): Promise<string[]> {
  const { deps } = bench;
  const me = (await deps.repos.residents.findById(bench.residentId)) as ResidentRow;
  const owners = [bench.residentId];
  for (let k = 1; k < count; k++) {
    const id = ids.uuid();
    await deps.repos.residents.insert({ ...me, id, mobile: `88${String(k).padStart(8, '0')}`, name: `Bench Owner ${k}` });
    owners.push(id);
  }
  return owners;
}

/** A 1 MB PDF in the bench resident's drive, shared with downloading allowed. */
async function sharedPdf(bench: BenchRuntime): Promise<{ token: string; sha256: string; content: Buffer }> {
  const { deps } = bench;
  const content = benchPdf(1024 * 1024);
  const stored = await insertDriveFiles(deps, bench.residentId, { content, count: 1, folderId: null, name: () => 'bench-1mb.pdf' });
  const share = await createShare(
    deps,
    { kind: 'resident', residentId: bench.residentId, sessionId: 'bench' },
    { ip: '127.0.0.1', device: 'tijori-bench' },
    { target: { kind: 'uploaded', fileId: stored.ids[0]! }, allowDownload: true, expiresInHours: 24 },
  );
  return { token: share.token, sha256: stored.sha256, content };
}
