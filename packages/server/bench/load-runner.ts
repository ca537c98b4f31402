/**
 * The HTTP load generator, run by the bench in its own process (child_process.fork) so that it
 * never shares an event loop with the server it measures. Receives a LoadRequest over IPC and
 * answers with a LoadResponse: every response's latency, status counts, errors, and this
 * process's CPU time.
 *
 * Closed loop (no rate): autocannon, each connection sending its next request when answered.
 * Open loop (a rate): our own generator. autocannon's rate limit resets every connection's
 * budget on a one-second timer started for all of them together, so "200/s over 200
 * connections" arrives as one burst of 200 at the top of each second: a measure of a thundering
 * herd, not of 200 people each opening a link about once a second. Here arrivals are a Poisson
 * process at the offered rate (independent people: exactly rate × seconds arrivals, each at a
 * uniformly random moment of the run, which is a Poisson process given its count, so the
 * offered total is exact), each sent on a free keep-alive connection
 * of the pool; its latency counts from when it was due, so time spent waiting for a connection
 * is counted too (no coordinated omission).
 */
import http from 'node:http';
import { createRequire } from 'node:module';

export interface LoadRequest {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  /** Request bodies, sent in turn by every connection (one body: the same request each time). */
  bodies?: string[];
  /** Extra headers per request, in turn (e.g. one bearer token per requester); open loop only. */
  headerSets?: Record<string, string>[];
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
  },
  done: (err: Error | null, result: AutocannonResult) => void,
) => AutocannonInstance;

const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

/** Grows as responses arrive; latencies in ms. */
class Latencies {
  private values = new Float64Array(1 << 16);
  n = 0;
  add(ms: number): void {
    if (this.n === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.n++] = ms;
  }
  toArray(): number[] {
    return Array.from(this.values.subarray(0, this.n));
  }
}

function run(request: LoadRequest): Promise<LoadResponse> {
  return request.overallRate ? runOpenLoop(request, request.overallRate) : runClosedLoop(request);
}

function runOpenLoop(request: LoadRequest, rate: number): Promise<LoadResponse> {
  const url = new URL(request.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: request.connections, maxFreeSockets: request.connections });
  const latencies = new Latencies();
  let non2xx = 0;
  let errors = 0;
  let timeouts = 0;
  let inFlight = 0;
  let sent = 0;
  const cpu = process.cpuUsage();
  const start = performance.now();
  const end = start + request.seconds * 1000;
  const arrivals = Float64Array.from({ length: Math.round(rate * request.seconds) }, () => start + Math.random() * request.seconds * 1000).sort();
  let next = 0;

  return new Promise((resolve) => {
    const finish = () => {
      if (performance.now() < end || inFlight > 0) return;
      agent.destroy();
      const used = process.cpuUsage(cpu);
      resolve({
        responses: latencies.n,
        non2xx,
        errors,
        timeouts,
        elapsedSeconds: (performance.now() - start) / 1000,
        latenciesMs: latencies.toArray(),
        cpuSeconds: (used.user + used.system) / 1e6,
      });
    };
    const send = (dueAt: number) => {
      const body = request.bodies ? request.bodies[sent % request.bodies.length] : undefined;
      const extra = request.headerSets ? request.headerSets[sent % request.headerSets.length] : undefined;
      sent++;
      inFlight++;
      let settled = false;
      const done = (outcome: 'ok' | 'error' | 'timeout', status = 0) => {
        if (settled) return;
        settled = true;
        inFlight--;
        if (outcome === 'ok') {
          latencies.add(performance.now() - dueAt);
          if (status < 200 || status > 299) non2xx++;
        } else if (outcome === 'timeout') timeouts++;
        else errors++;
        finish();
      };
      const req = http.request(
        {
          agent,
          hostname: url.hostname,
          port: url.port,
          path: url.pathname + url.search,
          method: request.method,
          headers: { ...request.headers, ...extra, ...(body !== undefined ? { 'content-length': Buffer.byteLength(body) } : {}) },
          timeout: 10_000,
        },
        (res) => {
          res.on('data', () => undefined);
          res.on('end', () => done('ok', res.statusCode ?? 0));
          res.on('error', () => done('error'));
        },
      );
      req.on('timeout', () => {
        req.destroy();
        done('timeout');
      });
      req.on('error', () => done('error'));
      req.end(body);
    };
    const tick = () => {
      const now = performance.now();
      while (next < arrivals.length && arrivals[next]! <= now) send(arrivals[next++]!);
      if (next < arrivals.length) setTimeout(tick, Math.max(0, Math.min(arrivals[next]! - performance.now(), 5)));
      else waitForEnd();
    };
    // A timer may fire a fraction of a millisecond before performance.now() reaches `end`:
    // wait again rather than miss the only call that ends a run whose answers are all in.
    const waitForEnd = () => {
      if (performance.now() < end) setTimeout(waitForEnd, Math.max(1, Math.ceil(end - performance.now())));
      else finish();
    };
    tick();
  });
}

function runClosedLoop(request: LoadRequest): Promise<LoadResponse> {
  if (request.headerSets) return Promise.reject(new Error('headerSets need an open-loop run (overallRate)'));
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
