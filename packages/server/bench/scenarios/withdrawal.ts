import { withdrawConsent } from '../../src/domain/consents/resident-consents.js';
import { progress, summarize } from '../measure.js';
import { below, compare, type LimitResult, type ScenarioResult } from '../report.js';
import type { BenchRuntime } from './issuance.js';
import { FORM, makeClients, makeCodes } from './requesters.js';
import { startServerProcesses } from './serving.js';

export interface WithdrawalSettings {
  /** Separate server processes (each TIJORI_WORKERS=1, own port) on the one PostgreSQL schema. */
  processes: number;
  /** Withdrawals measured, each of a fresh consent with its own access token. */
  repeats: number;
  /** Interval between one process's polls, ms. */
  pollMs: number;
}

/** From issue 16: a withdrawal takes effect for every process within 1 s. */
export const WITHDRAWAL_TARGET = { maxMs: 1000 };

/** Give up on a process after this long: a token still honoured then is a failure, not a wait. */
const GIVE_UP_MS = 10_000;

type Outcome = { limits: LimitResult[]; scenarios: ScenarioResult[]; notes: string[] };

/**
 * Consent withdrawal across server processes on PostgreSQL. `processes` real servers
 * (src/main.ts) share the bench runtime's schema; `repeats` requesters are registered and given
 * consents as the requesters group does, and each gets an access token from the real token
 * endpoint. Per withdrawal: every process first answers the issued-files list with the token,
 * then the resident withdraws (withdrawConsent, the code behind DELETE /api/v1/me/consents/:id,
 * run here against the same schema), and from the moment it returns each process is polled every
 * `pollMs` until it answers 401 invalid_token. The sample is the slowest process's time.
 */
export async function benchWithdrawal(bench: BenchRuntime, settings: WithdrawalSettings): Promise<Outcome> {
  if (bench.dialect !== 'postgres') throw new Error('the withdrawal bench needs the PostgreSQL bench runtime');
  progress(`withdrawal: ${settings.repeats} requesters and consents, ${settings.processes} server processes on PostgreSQL`);
  const clients = await makeClients(bench, { requesters: settings.repeats, perConsent: 0 });
  const servers = await Promise.all(Array.from({ length: settings.processes }, () => startServerProcesses(bench, 1)));
  try {
    const bases = servers.map((s) => `${s.base}/public/oauth2/1`);
    const samples: number[] = [];
    const polls: number[] = [];
    const checks: number[] = [];
    for (const [i, c] of clients.entries()) {
      const [form] = await makeCodes(bench, [c], 1);
      const res = await fetch(`${bases[i % bases.length]}/token`, { method: 'POST', headers: FORM, body: form });
      const answer = (await res.json()) as { access_token?: string };
      if (res.status !== 200 || !answer.access_token) throw new Error(`the token endpoint answered ${res.status} ${JSON.stringify(answer).slice(0, 300)}`);
      const headers = { authorization: `Bearer ${answer.access_token}` };
      for (const base of bases) {
        const started = performance.now();
        const before = await fetch(`${base}/files/issued`, { headers });
        const text = await before.text();
        checks.push(performance.now() - started);
        if (before.status !== 200) throw new Error(`before the withdrawal, files/issued answered ${before.status} ${text.slice(0, 300)}`);
      }
      await withdrawConsent(bench.deps, { kind: 'resident', residentId: c.residentId, sessionId: 'bench' }, c.consentId, { ip: '127.0.0.1', device: 'bench' });
      const returned = performance.now();
      const times = await Promise.all(bases.map((base) => untilRefused(`${base}/files/issued`, headers, returned, settings.pollMs)));
      samples.push(Math.max(...times.map((t) => t.ms)));
      polls.push(...times.map((t) => t.polls));
    }
    const firstPoll = polls.filter((n) => n === 1).length;
    const stat = summarize(samples, 1, 'req/s', 'withdrawal, until every process refuses');
    const l = stat;
    const limit: LimitResult = {
      id: 'withdrawal-token-check',
      label: `one token check (files/issued, 200), ${settings.processes} processes`,
      ...summarize(checks, 1, 'req/s', 'request'),
      note: 'the same request before each withdrawal, one at a time: the floor under one poll',
    };
    return {
      limits: [limit],
      scenarios: [
        compare('consent-withdrawal', `withdrawal refused by all ${settings.processes} processes (PostgreSQL), ${samples.length} consents`, stat, limit, null, {
          checks: [below('max', l.maxMs, WITHDRAWAL_TARGET.maxMs, 'ms')],
          note: `p50 ${l.p50Ms.toFixed(1)} ms, max ${l.maxMs.toFixed(1)} ms from the withdrawal's return to the last process's 401; ${firstPoll} of ${polls.length} process checks refused on the first poll`,
        }),
      ],
      notes: [
        `withdrawal = ${settings.processes} separate server processes (src/main.ts, TIJORI_WORKERS=1, own ports) on one PostgreSQL schema; each token check reads the consent from the database (no cache, no LISTEN/NOTIFY),`,
        `  so a committed withdrawal is refused on a process's next request; polled every ${settings.pollMs} ms, time = withdrawal returned → every process answered 401 invalid_token.`,
      ],
    };
  } finally {
    await Promise.all(servers.map((s) => s.close()));
  }
}

/** Polls `url` every `pollMs` until it answers 401 invalid_token; ms since `since` and polls made. */
async function untilRefused(url: string, headers: Record<string, string>, since: number, pollMs: number): Promise<{ ms: number; polls: number }> {
  for (let n = 1; ; n++) {
    const res = await fetch(url, { headers });
    const body = await res.text();
    if (res.status === 401 && body.includes('invalid_token')) return { ms: performance.now() - since, polls: n };
    if (res.status !== 200) throw new Error(`while polling, files/issued answered ${res.status} ${body.slice(0, 300)}`);
    if (performance.now() - since > GIVE_UP_MS) return { ms: Number.POSITIVE_INFINITY, polls: n };
    await new Promise((r) => setTimeout(r, pollMs));
  }
}
