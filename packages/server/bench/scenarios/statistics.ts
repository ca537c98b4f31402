import { readStatistics } from '../../src/domain/statistics/read-statistics.js';
import { statDayBefore } from '../../src/domain/statistics/stat-day.js';
import type { CounterBump } from '../../src/repositories/statistics.repository.js';
import { progress, summarize } from '../measure.js';
import { atMost, compare, type LimitResult, type ScenarioResult } from '../report.js';
import type { BenchRuntime } from './issuance.js';

export interface StatisticsSettings {
  /** Days of counters kept (the dashboard reads the last 30). */
  days: number;
  issuers: number;
  typesPerIssuer: number;
  iterations: number;
}

export const STATISTICS_TARGET = { p99Ms: 50 };

/**
 * The operator's dashboard over a country's worth of counters: `days` days of documents issued
 * per issuer and type, pulls and issuer endpoint calls per issuer, sign-ups and verifications
 * (whatever the number of documents: it reads counters, never the documents). Set against
 * the counter query alone, the use-case's floor.
 */
export async function benchStatistics(bench: BenchRuntime, settings: StatisticsSettings): Promise<{ limit: LimitResult; scenario: ScenarioResult }> {
  const { deps } = bench;
  const now = deps.clock.now();
  progress(`statistics: ${settings.days} days × ${settings.issuers} issuers × ${settings.typesPerIssuer} types of counters`);
  for (let d = 0; d < settings.days; d++) {
    const day = statDayBefore(now, d);
    const bumps: CounterBump[] = [
      { metric: 'residents_signed_up', day, n: 100_000 },
      { metric: 'residents_aadhaar_linked', day, n: 80_000 },
      ...['genuine', 'tampered', 'unknown'].map((dimension, i) => ({ metric: 'verifications' as const, day, dimension, n: 10_000 >> i })),
    ];
    for (let i = 0; i < settings.issuers; i++) {
      const issuerId = `bench-issuer-${i}`;
      for (let t = 0; t < settings.typesPerIssuer; t++) bumps.push({ metric: 'documents_issued', day, issuerId, dimension: `T${String(t).padStart(4, '0')}`, n: 1 + ((i * 7 + t) % 5000) });
      for (const dimension of ['issued', 'pending', 'failed']) bumps.push({ metric: 'pulls', day, issuerId, dimension, n: 10 });
      if (i % 3 === 0) for (const dimension of ['ok', 'timeout']) bumps.push({ metric: 'repository_calls', day, issuerId, dimension, n: 5 });
    }
    for (let k = 0; k < bumps.length; k += 500) await deps.repos.stats.bump(bumps.slice(k, k + 500));
  }
  for (let i = 0; i < settings.issuers; i += 3) await deps.repos.stats.recordEndpointCall(`bench-issuer-${i}`, 'ok', true, now);

  const operator = { kind: 'operator' as const, staffId: 'bench' };
  const from = statDayBefore(now, 29);
  const to = statDayBefore(now, 0);
  const time = async (run: () => Promise<unknown>) => {
    const samples: number[] = [];
    for (let i = 0; i < settings.iterations + 5; i++) {
      const start = performance.now();
      await run();
      if (i >= 5) samples.push(performance.now() - start);
    }
    return samples;
  };
  progress(`statistics: the largest counter query alone, then readStatistics (30 days), ${settings.iterations} times each`);
  const query = summarize(await time(() => deps.repos.stats.byIssuer('documents_issued', from, to, 100)), 1, 'queries/s', 'documents per issuer and type over 30 days');
  const use = summarize(await time(() => readStatistics(deps, operator, { days: 30 })), 1, 'queries/s', 'dashboard statistics, 30 days');
  const rows = settings.issuers * settings.typesPerIssuer * 30;
  const limit: LimitResult = { id: 'stat-counter-query', label: `the largest counter query alone (sums ≈${rows.toLocaleString('en-US')} rows)`, ...query };
  return {
    limit,
    scenario: compare('operator-statistics', `operator statistics, ${settings.issuers} issuers × ${settings.typesPerIssuer} types, 30 of ${settings.days} days`, use, limit, null, {
      checks: [atMost('p99', use.p99Ms, STATISTICS_TARGET.p99Ms, 'ms')],
      note: 'readStatistics in process (what GET /api/v1/operator/statistics runs), over the counters; independent of the number of documents',
    }),
  };
}
