import type { DomainDeps } from '../context.js';
import { assertOperator, type DirectoryActor } from '../actors.js';
import { issuerNames } from '../issuers/directory-names.js';
import { pick } from '../issuers/localized.js';
import { dailyCounts, issuerCounts } from './closed-days.js';
import { freshAnswer } from './fresh-answers.js';
import { statDay, statDayBefore } from './stat-day.js';

export interface PlatformStatistics {
  /** When the counters were read (ISO 8601): an answer is shared for a few seconds (fresh-answers.ts). */
  asOf: string;
  from: string;
  to: string;
  residents: { perDay: { day: string; signedUp: number; aadhaarLinked: number }[]; signedUp: number; aadhaarLinked: number };
  documents: {
    perDay: { day: string; issued: number }[];
    issued: number;
    byIssuerAndType: { orgId: string; issuerName: string; docType: string; issued: number }[];
  };
  pulls: { byIssuer: { orgId: string; issuerName: string; issued: number; pending: number; failed: number }[] };
  verifications: { perDay: { day: string; genuine: number; tampered: number; unknown: number }[]; genuine: number; tampered: number; unknown: number };
  bulkJobs: {
    id: string;
    orgId: string;
    status: string;
    rowsDone: number;
    rowsOk: number;
    rowsFailed: number;
    rowsPerSecond: number;
    percentDone: number;
    createdAt: string;
    finishedAt: string | null;
  }[];
  issuerEndpoints: {
    orgId: string;
    issuerName: string;
    lastSuccessAt: string | null;
    lastFailureAt: string | null;
    lastOutcome: string;
    calls: number;
    failures: number;
    errorRate: number;
  }[];
}

/** The largest issuer × type counts shown; the issuers listed (pulls, issuer endpoints). */
const MAX_TYPES = 100;
const MAX_ISSUERS = 500;

/** `read`'s result, once the event loop has had a turn (I/O included) after it. */
async function part<T>(read: () => Promise<T>): Promise<T> {
  const result = await read();
  await new Promise<void>((resolve) => setImmediate(resolve));
  return result;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/**
 * What the operator's dashboard shows, for the last `days` days (IST), read from the counters
 * that events maintain (statistics.repository.ts) — never by counting documents or residents.
 * Days before yesterday no longer change, so their sums are kept for a while (closed-days.ts):
 * a reading takes two days of counters, issuers × types × 2 rows, whatever the window or the
 * size of the platform. A whole answer is then given to every operator who asks within a few
 * seconds (fresh-answers.ts), so requests do not each read the counters again.
 * The answer is shared: callers must not change it.
 */
export async function readStatistics(deps: DomainDeps, actor: DirectoryActor, input: { days: number; language?: string }): Promise<PlatformStatistics> {
  assertOperator(actor);
  return freshAnswer(deps, `${input.days}|${input.language ?? ''}`, (now) => readCounters(deps, input, now));
}

async function readCounters(deps: DomainDeps, input: { days: number; language?: string }, now: number): Promise<PlatformStatistics> {
  // This process's latest verifications first (other processes add theirs within seconds).
  await deps.verificationTally?.flush();
  const to = statDay(now);
  const from = statDayBefore(now, input.days - 1);
  const days = Array.from({ length: input.days }, (_, i) => statDayBefore(now, input.days - 1 - i));
  // One part after another, letting the event loop serve requests in between: SQLite answers
  // synchronously, so a reading done in one go would hold every request behind it.
  const daily = await part(() => dailyCounts(deps, ['residents_signed_up', 'residents_aadhaar_linked', 'verifications'], from, to, true));
  const issuedDaily = await part(() => dailyCounts(deps, ['documents_issued'], from, to, false));
  const byType = await part(() => issuerCounts(deps, 'documents_issued', from, to, MAX_TYPES));
  const pullRows = await part(() => issuerCounts(deps, 'pulls', from, to, MAX_ISSUERS * 3));
  const callRows = await part(() => issuerCounts(deps, 'repository_calls', from, to, MAX_ISSUERS * 8));
  const [health, active, recent] = await part(() =>
    Promise.all([deps.repos.stats.endpointHealth(), deps.repos.stats.activeBulkJobs(20), deps.repos.stats.recentBulkJobs(20)]),
  );
  const names = new Map<string, { orgId: string; name: string }>();
  for (const id of new Set([...byType, ...pullRows, ...health, ...active, ...recent].map((r) => r.issuer_id))) {
    if (!id) continue;
    const found = await issuerNames(deps, id);
    names.set(id, found ? { orgId: found.orgId, name: pick(found.names, input.language) } : { orgId: id, name: id });
  }
  const issuer = (id: string) => names.get(id) ?? { orgId: id, name: id };
  const perDay = (list: typeof daily, metric: string, dimension?: string) => {
    const byDay = new Map<string, number>();
    for (const r of list) if (r.metric === metric && (dimension === undefined || r.dimension === dimension)) byDay.set(r.day, (byDay.get(r.day) ?? 0) + r.n);
    return days.map((day) => byDay.get(day) ?? 0);
  };
  const total = (list: number[]) => list.reduce((a, b) => a + b, 0);

  const signedUp = perDay(daily, 'residents_signed_up');
  const linked = perDay(daily, 'residents_aadhaar_linked');
  const issued = perDay(issuedDaily, 'documents_issued');
  const verdicts = {
    genuine: perDay(daily, 'verifications', 'genuine'),
    tampered: perDay(daily, 'verifications', 'tampered'),
    unknown: perDay(daily, 'verifications', 'unknown'),
  };

  const byIssuerAndType = byType.map((r) => ({ orgId: issuer(r.issuer_id).orgId, issuerName: issuer(r.issuer_id).name, docType: r.dimension, issued: r.n }));
  const pullsOf = new Map<string, { issued: number; pending: number; failed: number }>();
  for (const r of pullRows) {
    const entry = pullsOf.get(r.issuer_id) ?? { issued: 0, pending: 0, failed: 0 };
    if (r.dimension === 'issued' || r.dimension === 'pending' || r.dimension === 'failed') entry[r.dimension] += r.n;
    pullsOf.set(r.issuer_id, entry);
  }
  const pulls = [...pullsOf]
    .map(([id, p]) => ({ orgId: issuer(id).orgId, issuerName: issuer(id).name, ...p }))
    .sort((a, b) => a.orgId.localeCompare(b.orgId))
    .slice(0, MAX_ISSUERS);
  const calls = new Map<string, { calls: number; failures: number }>();
  for (const r of callRows) {
    const entry = calls.get(r.issuer_id) ?? { calls: 0, failures: 0 };
    entry.calls += r.n;
    if (r.dimension !== 'ok' && r.dimension !== 'pending' && r.dimension !== 'not_found') entry.failures += r.n;
    calls.set(r.issuer_id, entry);
  }
  const issuerEndpoints = health.slice(0, MAX_ISSUERS).map((h) => {
    const { calls: all, failures } = calls.get(h.issuer_id) ?? { calls: 0, failures: 0 };
    return {
      orgId: issuer(h.issuer_id).orgId,
      issuerName: issuer(h.issuer_id).name,
      lastSuccessAt: iso(h.last_success_at),
      lastFailureAt: iso(h.last_failure_at),
      lastOutcome: h.last_outcome,
      calls: all,
      failures,
      errorRate: all === 0 ? 0 : Math.round((failures / all) * 1000) / 1000,
    };
  });
  const seen = new Set<string>();
  const bulkJobs = [...active, ...recent]
    .filter((j) => !seen.has(j.id) && seen.add(j.id))
    .slice(0, 20)
    .map((j) => {
      const elapsedS = Math.max(1, ((j.finished_at ?? (j.status === 'running' ? now : j.updated_at)) - j.created_at) / 1000);
      return {
        id: j.id,
        orgId: issuer(j.issuer_id).orgId,
        status: j.status,
        rowsDone: j.rows_done,
        rowsOk: j.rows_ok,
        rowsFailed: j.rows_failed,
        rowsPerSecond: Math.round((j.rows_done / elapsedS) * 10) / 10,
        percentDone: j.source_bytes === 0 ? 100 : Math.min(100, Math.round((j.bytes_done / j.source_bytes) * 100)),
        createdAt: iso(j.created_at)!,
        finishedAt: iso(j.finished_at),
      };
    });

  return {
    asOf: new Date(now).toISOString(),
    from,
    to,
    residents: {
      perDay: days.map((day, i) => ({ day, signedUp: signedUp[i]!, aadhaarLinked: linked[i]! })),
      signedUp: total(signedUp),
      aadhaarLinked: total(linked),
    },
    documents: { perDay: days.map((day, i) => ({ day, issued: issued[i]! })), issued: total(issued), byIssuerAndType },
    pulls: { byIssuer: pulls },
    verifications: {
      perDay: days.map((day, i) => ({ day, genuine: verdicts.genuine[i]!, tampered: verdicts.tampered[i]!, unknown: verdicts.unknown[i]! })),
      genuine: total(verdicts.genuine),
      tampered: total(verdicts.tampered),
      unknown: total(verdicts.unknown),
    },
    bulkJobs,
    issuerEndpoints,
  };
}
