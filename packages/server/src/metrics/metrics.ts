import cluster from 'node:cluster';
import client from 'prom-client';

/**
 * This process's Prometheus metrics, one registry for the whole process (like the process it
 * describes). Labels are bounded sets chosen here — a route template, a purpose, a verdict, an
 * issuer's org id — never anything personal (a mobile, an Aadhaar number, a locker id, a
 * document URI or id): those would be personal data in the monitoring system, and unbounded.
 *
 * Aggregation across TIJORI_WORKERS processes (metrics-endpoint.ts): counters and histograms
 * add up; a gauge read from the shared database is the same in every process, so it takes the
 * max instead of the sum.
 */
export const registry = new client.Registry();

client.collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 20 });

const registers = [registry];

/** Seconds: from a fast cached read to a slow pull from an issuer's endpoint. */
const LATENCY_BUCKETS = [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export const serverProcesses = new client.Gauge({
  name: 'tijori_server_processes',
  help: 'Server processes answering (1 per process; summed across TIJORI_WORKERS).',
  registers,
});
serverProcesses.set(1);

export const httpRequests = new client.Counter({
  name: 'tijori_http_requests_total',
  help: 'HTTP requests answered, by route template (never the raw URL), method and status class.',
  labelNames: ['route', 'method', 'status_class'] as const,
  registers,
});
export const httpDuration = new client.Histogram({
  name: 'tijori_http_request_duration_seconds',
  help: 'Time to answer an HTTP request, by route template, method and status class.',
  labelNames: ['route', 'method', 'status_class'] as const,
  buckets: LATENCY_BUCKETS,
  registers,
});

export const dbQueryDuration = new client.Histogram({
  name: 'tijori_db_query_duration_seconds',
  help: 'Database query latency by statement kind (select, insert, update, delete, other) and outcome.',
  labelNames: ['kind', 'outcome'] as const,
  buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
  registers,
});

/** PostgreSQL pools of this process, read when scraped. */
const pools: { total: () => number; idle: () => number; waiting: () => number; max: number }[] = [];
export function watchPool(pool: { totalCount: number; idleCount: number; waitingCount: number }, max: number): () => void {
  const entry = { total: () => pool.totalCount, idle: () => pool.idleCount, waiting: () => pool.waitingCount, max };
  pools.push(entry);
  return () => void pools.splice(pools.indexOf(entry), 1);
}
new client.Gauge({
  name: 'tijori_db_pool_connections',
  help: 'PostgreSQL connections of the pool by state (total, idle, waiting clients, max).',
  labelNames: ['state'] as const,
  registers,
  collect() {
    this.reset();
    if (pools.length === 0) return;
    const sum = (f: (p: (typeof pools)[number]) => number) => pools.reduce((n, p) => n + f(p), 0);
    this.set(
      { state: 'total' },
      sum((p) => p.total()),
    );
    this.set(
      { state: 'idle' },
      sum((p) => p.idle()),
    );
    this.set(
      { state: 'waiting' },
      sum((p) => p.waiting()),
    );
    this.set(
      { state: 'max' },
      sum((p) => p.max),
    );
  },
});

export const blobDuration = new client.Histogram({
  name: 'tijori_blob_operation_duration_seconds',
  help: 'Blob store latency by operation (put, get, head, delete, check) and outcome (ok, error).',
  labelNames: ['operation', 'outcome'] as const,
  buckets: LATENCY_BUCKETS,
  registers,
});

export const bulkRows = new client.Counter({
  name: 'tijori_bulk_rows_total',
  help: 'Bulk-issuance rows processed by this process, by outcome (ok, failed); rate() gives rows per second.',
  labelNames: ['outcome'] as const,
  registers,
});

/** Reads bulk job counts from the database when scraped (set by the app that owns the database). */
let bulkJobCounts: (() => Promise<Record<string, number>>) | undefined;
export function countBulkJobsWith(read: (() => Promise<Record<string, number>>) | undefined): void {
  bulkJobCounts = read;
}
new client.Gauge({
  name: 'tijori_bulk_jobs',
  help: 'Bulk jobs by state (queued, running), from the shared database.',
  labelNames: ['state'] as const,
  aggregator: 'max',
  registers,
  async collect() {
    this.reset();
    const counts = await bulkJobCounts?.().catch(() => undefined);
    for (const state of ['queued', 'running']) this.set({ state }, counts?.[state] ?? 0);
  },
});
new client.Gauge({
  name: 'tijori_bulk_oldest_queued_seconds',
  help: 'How long the oldest queued bulk job has waited (0 when none waits): the lag of bulk issuance.',
  aggregator: 'max',
  registers,
  async collect() {
    const counts = await bulkJobCounts?.().catch(() => undefined);
    this.set(counts?.oldestQueuedSeconds ?? 0);
  },
});

export type EndpointOutcome = 'ok' | 'pending' | 'not_found' | 'timeout' | 'refused' | 'bad_signature' | 'bad_response' | 'error';
export const issuerEndpointCalls = new client.Counter({
  name: 'tijori_issuer_endpoint_calls_total',
  help: 'Calls to issuers’ own Pull URI endpoints (remote pull), by issuer org id and outcome.',
  labelNames: ['issuer', 'outcome'] as const,
  registers,
});
export const issuerEndpointDuration = new client.Histogram({
  name: 'tijori_issuer_endpoint_call_duration_seconds',
  help: 'Time an issuer’s Pull URI endpoint took to answer, by issuer org id.',
  labelNames: ['issuer'] as const,
  buckets: LATENCY_BUCKETS,
  registers,
});

export const otpSent = new client.Counter({
  name: 'tijori_otp_sent_total',
  help: 'OTP text messages sent (first sends and resends), by purpose.',
  labelNames: ['purpose'] as const,
  registers,
});
export const otpRefused = new client.Counter({
  name: 'tijori_otp_refused_total',
  help: 'OTP sends refused, by purpose and reason (too_soon, max_sends).',
  labelNames: ['purpose', 'reason'] as const,
  registers,
});

export const signIns = new client.Counter({
  name: 'tijori_sign_ins_total',
  help: 'Resident sign-in steps by step (secret, otp) and outcome (ok, or the error code: invalid_credentials, account_locked, otp_wrong…).',
  labelNames: ['step', 'outcome'] as const,
  registers,
});

export const verifications = new client.Counter({
  name: 'tijori_verifications_total',
  help: 'Document verifications by method (qr, credential, code, pdf) and verdict (genuine, tampered, unknown).',
  labelNames: ['method', 'verdict'] as const,
  registers,
});

export function statusClass(status: number): string {
  return `${Math.floor(status / 100)}xx`;
}

/** The statement kind of a SQL text: its first word, from a fixed set. */
export function queryKind(sqlText: string): string {
  const word = /^\s*(\w+)/.exec(sqlText)?.[1]?.toLowerCase();
  return word === 'select' || word === 'insert' || word === 'update' || word === 'delete' || word === 'with' ? word : 'other';
}

export const isWorkerProcess = (): boolean => cluster.isWorker;
