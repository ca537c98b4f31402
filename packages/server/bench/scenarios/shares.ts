import type { AddressInfo } from 'node:net';
import { buildApp } from '../../src/app.js';
import { createShare } from '../../src/domain/shares/create-share.js';
import { newShareToken, sealShareToken, shareTokenHash } from '../../src/domain/shares/share-secrets.js';
import { ids } from '../../src/lib/ids.js';
import { progress } from '../measure.js';
import { atMost, below, compare, type LimitResult, type ScenarioResult } from '../report.js';
import { describeCpu, LoadGenerator, startBareServer } from './http.js';
import type { BenchRuntime } from './issuance.js';

export interface ShareOpenSettings {
  /** Share rows in the database while links are opened. */
  shares: number;
  /** Distinct links the load cycles through. */
  links: number;
  connections: number;
  warmupSeconds: number;
  seconds: number;
  limitSeconds: number;
}

/** From issue 15: opening a link (token lookup, view count, document metadata). */
export const SHARE_OPEN_TARGET = { p99Ms: 20 };

/**
 * Opening share links under load: `shares` links of the bench resident's documents in the
 * database (inserted directly, each with its own token, hash and sealed copy), and `links` of
 * them opened in turn by the load generator — each open a real one: token lookup, the atomic
 * view update, a view row, an activity event, and the shared version with its verification.
 */
export async function benchShareOpen(bench: BenchRuntime, settings: ShareOpenSettings): Promise<{ limits: LimitResult[]; scenarios: ScenarioResult[]; notes: string[] }> {
  const { deps, runtime } = bench;
  const doc = await deps.db.selectFrom('issued_documents').select(['uri']).where('resident_id', '=', bench.residentId).limit(1).executeTakeFirstOrThrow();
  // One link made the real way: its row is the template for the rest.
  const made = await createShare(deps, { kind: 'resident', residentId: bench.residentId, sessionId: 'bench' }, { ip: '127.0.0.1', device: 'tijori-bench' }, { target: { kind: 'issued', uri: doc.uri } });
  const template = (await deps.repos.shares.findById(made.id))!;
  const now = deps.clock.now();
  const every = Math.max(1, Math.floor(settings.shares / settings.links));
  const tokens: string[] = [];
  const started = performance.now();
  for (let i = 0; i < settings.shares; i += 500) {
    const rows = [];
    for (let j = i; j < Math.min(settings.shares, i + 500); j++) {
      const token = newShareToken();
      if (j % every === 0 && tokens.length < settings.links) tokens.push(token);
      rows.push({ ...template, id: ids.uuidv7(), token_hash: shareTokenHash(token), token_sealed: sealShareToken(deps.masterKey, token), expires_at: now + 30 * 86_400_000, created_at: now });
    }
    await deps.db.insertInto('shares').values(rows).execute();
  }
  progress(`  ${settings.shares.toLocaleString('en-US')} share links inserted in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  const app = await buildApp(runtime);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/api/v1/public/shares/open`;
  let generator: LoadGenerator | undefined;
  try {
    const bodies = tokens.map((token) => JSON.stringify({ token, language: 'en' }));
    const first = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: bodies[0] });
    const answer = await first.text();
    if (first.status !== 200) throw new Error(`opening a share answered ${first.status} ${answer.slice(0, 300)}`);
    generator = await LoadGenerator.start();
    const bare = await startBareServer(Buffer.byteLength(answer));
    let bareRun;
    try {
      bareRun = await generator.measure({ label: 'bare', url: `${bare.url}/`, method: 'POST', headers: { 'content-type': 'application/json' }, bodies, connections: settings.connections }, Math.min(2, settings.warmupSeconds), settings.limitSeconds);
    } finally {
      await bare.close();
    }
    progress(`HTTP: POST /api/v1/public/shares/open, ${settings.connections} connections, ${settings.warmupSeconds} s warm-up + ${settings.seconds} s`);
    const run = await generator.measure({ label: 'share-open', url, method: 'POST', headers: { 'content-type': 'application/json' }, bodies, connections: settings.connections }, settings.warmupSeconds, settings.seconds);
    const limit: LimitResult = { id: 'http-bare-post-shares', label: `bare node:http POST, ${settings.connections} conns`, ...bareRun.stat, note: `${describeCpu(bareRun.cpu)}; ${Buffer.byteLength(answer)}-byte JSON answer` };
    const scenario = compare('http-share-open', `open a share link (${tokens.length} links of ${settings.shares.toLocaleString('en-US')}), ${settings.connections} conns`, run.stat, limit, null, {
      checks: [below('p99', run.stat.p99Ms, SHARE_OPEN_TARGET.p99Ms, 'ms'), atMost('non-2xx + errors', run.failures, 0, 'count')],
      note: `${describeCpu(run.cpu)}; ${run.non2xx} non-2xx, ${run.errors} errors/timeouts of ${run.responses.toLocaleString('en-US')}`,
    });
    return {
      limits: [limit],
      scenarios: [scenario],
      notes: ['share open = token lookup, atomic view update, a view row, an activity event (hash chain of the one bench resident), the shared version read and its signature verified.'],
    };
  } finally {
    await generator?.close();
    await app.close();
  }
}
