import cluster from 'node:cluster';
import { timingSafeEqual, createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import client from 'prom-client';
import type { MetricsConfig } from '../config/config.js';
import { registry } from './metrics.js';

/**
 * Where /metrics comes from. One process: its own registry. TIJORI_WORKERS processes
 * (node:cluster): the primary asks every worker for its metrics over the cluster's IPC
 * channel and merges them (prom-client's AggregatorRegistry); a worker asked for /metrics on
 * the main port (token mode) asks the primary for that merged text.
 */
const REQUEST = 'tijori:metrics-request';
const RESPONSE = 'tijori:metrics-response';

export const METRICS_CONTENT_TYPE = registry.contentType;

/** In a worker: answer the primary's requests for this process's metrics. */
export function joinClusterMetrics(): void {
  new client.AggregatorRegistry();
  client.AggregatorRegistry.setRegistries([registry]);
}

/** In the primary: merge the workers' metrics; workers may ask for the merged text. */
export function leadClusterMetrics(): () => Promise<string> {
  const aggregator = new client.AggregatorRegistry();
  const merged = () => aggregator.clusterMetrics();
  cluster.on('message', (worker, message: { type?: string; id?: number }) => {
    if (message?.type !== REQUEST) return;
    merged().then(
      (text) => worker.isConnected() && worker.send({ type: RESPONSE, id: message.id, text }),
      (err: unknown) => worker.isConnected() && worker.send({ type: RESPONSE, id: message.id, error: err instanceof Error ? err.message : String(err) }),
    );
  });
  return merged;
}

let nextRequest = 0;
const waiting = new Map<number, { resolve: (text: string) => void; reject: (err: Error) => void; timer: NodeJS.Timeout }>();

/** The metrics text this process serves: its own, or (in a worker) the cluster's merged. */
export function metricsText(): Promise<string> {
  if (!cluster.isWorker || !process.send) return registry.metrics();
  if (waiting.size === 0) process.on('message', onResponse);
  const id = nextRequest++;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => settle(id, new Error('the primary process did not answer with metrics in time')), 10_000);
    waiting.set(id, { resolve, reject, timer });
    process.send!({ type: REQUEST, id });
  });
}

function onResponse(message: { type?: string; id?: number; text?: string; error?: string }): void {
  if (message?.type === RESPONSE && typeof message.id === 'number')
    settle(message.id, message.error === undefined ? (message.text ?? '') : new Error(message.error));
}

function settle(id: number, result: string | Error): void {
  const w = waiting.get(id);
  if (!w) return;
  waiting.delete(id);
  clearTimeout(w.timer);
  if (waiting.size === 0) process.off('message', onResponse);
  if (result instanceof Error) w.reject(result);
  else w.resolve(result);
}

/** Whether an Authorization header carries the metrics token (compared in constant time). */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const given = /^Bearer (\S+)$/.exec(header ?? '')?.[1];
  if (!given) return false;
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(token));
}

/** A listener of its own that serves only GET /metrics (TIJORI_METRICS_PORT). */
export async function startMetricsServer(config: MetricsConfig, text: () => Promise<string>): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || req.url?.split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Only /metrics is served here.\n');
      return;
    }
    if (config.token !== undefined && !bearerMatches(req.headers.authorization, config.token)) {
      res.writeHead(401, { 'content-type': 'text/plain', 'www-authenticate': 'Bearer' }).end('A bearer token is required.\n');
      return;
    }
    text().then(
      (body) => res.writeHead(200, { 'content-type': METRICS_CONTENT_TYPE }).end(body),
      () => res.writeHead(503, { 'content-type': 'text/plain' }).end('Metrics are not available right now.\n'),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port ?? 0, config.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return {
    url: `http://${host}:${port}/metrics`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
