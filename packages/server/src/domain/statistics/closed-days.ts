import type { StatMetric, StatisticsRepository } from '../../repositories/statistics.repository.js';
import type { DomainDeps } from '../context.js';
import { statDayBefore } from './stat-day.js';

/**
 * Counters are bumped on the day (IST) an event happens, so a day's counters stop changing once
 * it is over — give or take a verification tally flushed just after midnight, which can still
 * add to yesterday. Days before yesterday are "closed": their sums over a window are computed
 * once per process and kept for CLOSED_TTL_MS (which also bounds how long a backfill or a
 * correction of an old day takes to show). Only yesterday and today are read at every request:
 * the dashboard's cost then follows issuers × types × 2 days instead of × the window.
 */
export const CLOSED_TTL_MS = 5 * 60_000;
const MAX_WINDOWS = 64;

type DailyRow = Awaited<ReturnType<StatisticsRepository['daily']>>[number];
type IssuerRow = Awaited<ReturnType<StatisticsRepository['byIssuer']>>[number];

/** Every key of a window, however many: the top ones are picked after adding the open days. */
const ALL = 1_000_000_000;

type Entry = { value: Promise<unknown>; until: number };
/** Per database (tests run many in one process). */
const caches = new WeakMap<object, Map<string, Entry>>();

function cached<T>(deps: Pick<DomainDeps, 'db'>, key: string, load: () => Promise<T>): Promise<T> {
  let cache = caches.get(deps.db);
  if (!cache) caches.set(deps.db, (cache = new Map()));
  const now = performance.now();
  const hit = cache.get(key);
  if (hit && hit.until > now) return hit.value as Promise<T>;
  if (cache.size >= MAX_WINDOWS) cache.clear();
  const value = load();
  // Concurrent requests share one load; a failed one is not kept.
  cache.set(key, { value, until: now + CLOSED_TTL_MS });
  value.catch(() => cache.delete(key));
  return value;
}

/** The split of [from, to] at the start of yesterday: closed days (maybe none) and open ones. */
export function splitWindow(now: number, from: string, to: string): { closed: { from: string; to: string } | null; open: { from: string; to: string } } {
  const yesterday = statDayBefore(now, 1);
  const closedTo = statDayBefore(now, 2);
  return { closed: from <= closedTo ? { from, to: closedTo < to ? closedTo : to } : null, open: { from: from > yesterday ? from : yesterday, to } };
}

/** `stats.daily` over a window: the closed days from the cache, the open ones read now. */
export async function dailyCounts(
  deps: Pick<DomainDeps, 'db' | 'repos' | 'clock'>,
  metrics: readonly StatMetric[],
  from: string,
  to: string,
  byDimension: boolean,
): Promise<DailyRow[]> {
  const { closed, open } = splitWindow(deps.clock.now(), from, to);
  const [old, fresh] = await Promise.all([
    closed
      ? cached(deps, `daily|${metrics.join(',')}|${byDimension}|${closed.from}|${closed.to}`, () =>
          deps.repos.stats.daily(metrics, closed.from, closed.to, byDimension),
        )
      : [],
    deps.repos.stats.daily(metrics, open.from, open.to, byDimension),
  ]);
  return [...old, ...fresh];
}

/** `stats.byIssuer` over a window: closed and open days added up per key, largest first, at most `limit`. */
export async function issuerCounts(
  deps: Pick<DomainDeps, 'db' | 'repos' | 'clock'>,
  metric: StatMetric,
  from: string,
  to: string,
  limit: number,
): Promise<IssuerRow[]> {
  const { closed, open } = splitWindow(deps.clock.now(), from, to);
  const [old, fresh] = await Promise.all([
    closed
      ? cached(deps, `issuer|${metric}|${closed.from}|${closed.to}`, async () => keyed(await deps.repos.stats.byIssuer(metric, closed.from, closed.to, ALL)))
      : new Map<string, IssuerRow>(),
    deps.repos.stats.byIssuer(metric, open.from, open.to, ALL),
  ]);
  const sums = new Map(old);
  for (const r of fresh) {
    const key = keyOf(r);
    const seen = sums.get(key);
    sums.set(key, seen ? { ...seen, n: seen.n + r.n } : r);
  }
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...sums.values()].sort((a, b) => b.n - a.n || cmp(a.issuer_id, b.issuer_id) || cmp(a.dimension, b.dimension)).slice(0, limit);
}

const keyOf = (r: IssuerRow) => `${r.issuer_id}\u0000${r.dimension}`;

/** Rows by issuer and dimension, for adding to (never changed: the cache shares them). */
function keyed(rows: IssuerRow[]): Map<string, IssuerRow> {
  return new Map(rows.map((r) => [keyOf(r), Object.freeze(r)]));
}
