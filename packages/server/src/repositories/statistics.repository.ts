import type { Kysely, Selectable } from 'kysely';
import type { Database, IssuerRepositoryHealthTable } from '../db/schema.js';

export type StatMetric =
  | 'residents_signed_up'
  | 'residents_aadhaar_linked'
  | 'documents_issued'
  | 'pulls'
  | 'verifications'
  /** Calls to issuers' Pull URI endpoints, by outcome (the stored name predates "endpoint"). */
  | 'repository_calls';

export interface CounterBump {
  metric: StatMetric;
  day: string;
  issuerId?: string;
  dimension?: string;
  n: number;
}

/** The last answer of each issuer's Pull URI endpoint (table `issuer_repository_health`, named before "endpoint"). */
export type EndpointHealthRow = Selectable<IssuerRepositoryHealthTable>;

const keyOf = (b: { metric: string; day: string; issuer_id: string; dimension: string }) => `${b.metric}\u0000${b.day}\u0000${b.issuer_id}\u0000${b.dimension}`;

export function statisticsRepository(db: Kysely<Database>) {
  return {
    /**
     * Adds to counters (creating them at 0). Bumps of one key are summed first (one statement
     * may not change a row twice in PostgreSQL) and rows are written in key order, so two
     * transactions bumping the same counters never wait for each other in a cycle.
     */
    async bump(bumps: CounterBump[]): Promise<void> {
      const merged = new Map<string, { metric: string; day: string; issuer_id: string; dimension: string; n: number }>();
      for (const b of bumps) {
        if (b.n === 0) continue;
        const row = { metric: b.metric, day: b.day, issuer_id: b.issuerId ?? '', dimension: b.dimension ?? '', n: b.n };
        const key = keyOf(row);
        const seen = merged.get(key);
        if (seen) seen.n += b.n;
        else merged.set(key, row);
      }
      if (merged.size === 0) return;
      const rows = [...merged.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row);
      await db
        .insertInto('stat_daily_counters')
        .values(rows)
        .onConflict((oc) =>
          oc.columns(['metric', 'day', 'issuer_id', 'dimension']).doUpdateSet((eb) => ({ n: eb('stat_daily_counters.n', '+', eb.ref('excluded.n')) })),
        )
        .execute();
    },
    /** Counters of these metrics from `fromDay` to `toDay` (inclusive, YYYY-MM-DD), summed over issuers: one row per metric, day and dimension. */
    async daily(
      metrics: readonly StatMetric[],
      fromDay: string,
      toDay: string,
      byDimension: boolean,
    ): Promise<{ metric: string; day: string; dimension: string; n: number }[]> {
      const rows = await db
        .selectFrom('stat_daily_counters')
        .select((eb) => ['metric', 'day', byDimension ? 'dimension' : eb.val('').as('dimension'), eb.fn.sum<number>('n').as('n')])
        .where('metric', 'in', metrics)
        .where('day', '>=', fromDay)
        .where('day', '<=', toDay)
        .groupBy(byDimension ? ['metric', 'day', 'dimension'] : ['metric', 'day'])
        .execute();
      return rows.map((r) => ({ ...r, dimension: String(r.dimension), n: Number(r.n) }));
    },
    /** One metric summed over the days, per issuer and dimension, largest first (at most `limit`). */
    async byIssuer(metric: StatMetric, fromDay: string, toDay: string, limit: number): Promise<{ issuer_id: string; dimension: string; n: number }[]> {
      const rows = await db
        .selectFrom('stat_daily_counters')
        .select((eb) => ['issuer_id', 'dimension', eb.fn.sum<number>('n').as('n')])
        .where('metric', '=', metric)
        .where('day', '>=', fromDay)
        .where('day', '<=', toDay)
        .groupBy(['issuer_id', 'dimension'])
        .orderBy('n', 'desc')
        .orderBy('issuer_id')
        .orderBy('dimension')
        .limit(limit)
        .execute();
      return rows.map((r) => ({ ...r, n: Number(r.n) }));
    },
    async recordEndpointCall(issuerId: string, outcome: string, ok: boolean, at: number): Promise<void> {
      await db
        .insertInto('issuer_repository_health')
        .values({ issuer_id: issuerId, last_success_at: ok ? at : null, last_failure_at: ok ? null : at, last_outcome: outcome, updated_at: at })
        .onConflict((oc) =>
          oc.column('issuer_id').doUpdateSet((eb) => ({
            last_success_at: ok ? at : eb.ref('issuer_repository_health.last_success_at'),
            last_failure_at: ok ? eb.ref('issuer_repository_health.last_failure_at') : at,
            last_outcome: outcome,
            updated_at: at,
          })),
        )
        .execute();
    },
    async endpointHealth(): Promise<EndpointHealthRow[]> {
      return db.selectFrom('issuer_repository_health').selectAll().orderBy('issuer_id').execute();
    },
    /** Waiting and running bulk jobs (an index on status; done jobs are not read). */
    async activeBulkJobs(limit: number) {
      return db
        .selectFrom('bulk_jobs')
        .select(['id', 'issuer_id', 'status', 'rows_done', 'rows_ok', 'rows_failed', 'bytes_done', 'source_bytes', 'created_at', 'updated_at', 'finished_at'])
        .where('status', 'in', ['queued', 'running'])
        .orderBy('created_at')
        .limit(limit)
        .execute();
    },
    /** How many bulk jobs wait and run, and when the oldest waiting one was created. */
    async bulkJobCounts(): Promise<{ queued: number; running: number; oldestQueuedAt: number | null }> {
      const rows = await db
        .selectFrom('bulk_jobs')
        .select((eb) => ['status', eb.fn.countAll<number>().as('n'), eb.fn.min('created_at').as('oldest')])
        .where('status', 'in', ['queued', 'running'])
        .groupBy('status')
        .execute();
      const of = (status: string) => rows.find((r) => r.status === status);
      return { queued: Number(of('queued')?.n ?? 0), running: Number(of('running')?.n ?? 0), oldestQueuedAt: of('queued')?.oldest ?? null };
    },
    /** The most recently created bulk jobs, whatever their state. */
    async recentBulkJobs(limit: number) {
      return db
        .selectFrom('bulk_jobs')
        .select(['id', 'issuer_id', 'status', 'rows_done', 'rows_ok', 'rows_failed', 'bytes_done', 'source_bytes', 'created_at', 'updated_at', 'finished_at'])
        .orderBy('created_at', 'desc')
        .limit(limit)
        .execute();
    },
  };
}

export type StatisticsRepository = ReturnType<typeof statisticsRepository>;
