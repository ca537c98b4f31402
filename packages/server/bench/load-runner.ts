/**
 * The HTTP load generator, run by the bench in its own process (child_process.fork) so that it
 * never shares an event loop with the server it measures. Receives a LoadRequest over IPC,
 * runs autocannon, and answers with a LoadResponse: every response's latency (autocannon's own
 * histogram has 1 ms resolution), status counts, errors, and this process's CPU time.
 */
import { createRequire } from 'node:module';

export interface LoadRequest {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  /** Request bodies, sent in turn by every connection (one body: the same request each time). */
  bodies?: string[];
  connections: number;
  seconds: number;
  /** Requests per second over all connections (open loop); absent: as fast as answers come (closed loop). */
  overallRate?: number;
}

export interface LoadResponse {
  /** Responses received in the run (any status). */
  responses: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  elapsedSeconds: number;
  /** Latency of every response, ms. */
  latenciesMs: number[];
  /** User + system CPU seconds this process used during the run. */
  cpuSeconds: number;
}

interface AutocannonResult {
  errors: number;
  timeouts: number;
  non2xx: number;
}
interface AutocannonInstance {
  on(event: 'response', listener: (client: unknown, statusCode: number, bytes: number, responseTimeMs: number) => void): void;
}
type Autocannon = (
  options: {
    url: string;
    method: string;
    headers: Record<string, string>;
    requests?: { method: string; body: string }[];
    connections: number;
    duration: number;
    pipelining: number;
    timeout: number;
    overallRate?: number;
  },
  done: (err: Error | null, result: AutocannonResult) => void,
) => AutocannonInstance;

const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

function run(request: LoadRequest): Promise<LoadResponse> {
  return new Promise((resolve, reject) => {
    let latencies = new Float64Array(1 << 16);
    let n = 0;
    let non2xx = 0;
    const cpu = process.cpuUsage();
    const start = performance.now();
    const instance = autocannon(
      {
        url: request.url,
        method: request.method,
        headers: request.headers,
        ...(request.bodies ? { requests: request.bodies.map((body) => ({ method: request.method, body })) } : {}),
        connections: request.connections,
        duration: request.seconds,
        pipelining: 1,
        timeout: 10,
        ...(request.overallRate ? { overallRate: request.overallRate } : {}),
      },
      (err, result) => {
        if (err) return reject(err);
        const elapsedSeconds = (performance.now() - start) / 1000;
        const used = process.cpuUsage(cpu);
        resolve({
          responses: n,
          non2xx,
          errors: result.errors,
          timeouts: result.timeouts,
          elapsedSeconds,
          latenciesMs: Array.from(latencies.subarray(0, n)),
          cpuSeconds: (used.user + used.system) / 1e6,
        });
      },
    );
    instance.on('response', (_client, statusCode, _bytes, responseTimeMs) => {
      if (n === latencies.length) {
        const grown = new Float64Array(latencies.length * 2);
        grown.set(latencies);
        latencies = grown;
      }
      latencies[n++] = responseTimeMs;
      if (statusCode < 200 || statusCode > 299) non2xx++;
    });
  });
}

process.on('message', (message: LoadRequest) => {
  run(message).then(
    (result) => process.send!({ ok: true, result }),
    (err: unknown) => process.send!({ ok: false, error: err instanceof Error ? err.message : String(err) }),
  );
});
process.send!({ ready: true });
