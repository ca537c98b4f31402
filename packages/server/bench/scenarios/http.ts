import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LoadRequest, LoadResponse } from '../load-runner.js';
import { latencies, type Stat } from '../measure.js';

/** Busy and total CPU time of the whole machine (all cores), from /proc/stat, in seconds. */
function machineCpu(): { busy: number; total: number } | null {
  try {
    const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
    const v = line.trim().split(/\s+/).slice(1).map(Number);
    const total = v.slice(0, 8).reduce((a, b) => a + b, 0);
    const idle = (v[3] ?? 0) + (v[4] ?? 0);
    return { busy: (total - idle) / 100, total: total / 100 };
  } catch {
    return null;
  }
}

/** Where the CPU went during a load run, in cores (1.0 = one core busy the whole time). */
export interface CpuShare {
  server: number;
  loadGenerator: number;
  /** Everything else on the machine (other processes, the kernel's share not charged to us); null off Linux. */
  other: number | null;
  cores: number;
  loadavg1: number;
}

export interface HttpOutcome {
  stat: Stat;
  responses: number;
  /** Non-2xx responses plus socket errors and timeouts: must be 0. */
  failures: number;
  non2xx: number;
  errors: number;
  cpu: CpuShare;
}

export interface LoadTarget {
  label: string;
  url: string;
  method: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** Sent in turn by every connection. */
  bodies?: string[];
  /** Extra headers per request, in turn (one bearer token per requester, say); open loop only. */
  headerSets?: Record<string, string>[];
  connections: number;
  /** Requests per second over all connections (open loop); absent: closed loop, as fast as answers come. */
  overallRate?: number;
}

/** A long-lived autocannon process (see load-runner.ts), driven over IPC. */
export class LoadGenerator {
  private constructor(private readonly child: ChildProcess) {}

  static async start(): Promise<LoadGenerator> {
    const runner = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'load-runner.ts');
    const child = fork(runner, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    await new Promise<void>((resolve, reject) => {
      child.once('message', () => resolve());
      child.once('exit', (code) => reject(new Error(`load generator exited with ${code} before it was ready`)));
      child.once('error', reject);
    });
    return new LoadGenerator(child);
  }

  private send(request: LoadRequest): Promise<LoadResponse> {
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`load generator exited with ${code}`));
      this.child.once('exit', onExit);
      this.child.once('message', (m: { ok: true; result: LoadResponse } | { ok: false; error: string }) => {
        this.child.off('exit', onExit);
        if (m.ok) resolve(m.result);
        else reject(new Error(`load generator: ${m.error}`));
      });
      this.child.send(request);
    });
  }

  /**
   * A short warm-up (JIT, caches, connection set-up; not measured), then `seconds` measured.
   * CPU is attributed over the measured part only.
   */
  async measure(target: LoadTarget, warmupSeconds: number, seconds: number): Promise<HttpOutcome> {
    const request = (s: number): LoadRequest => ({
      url: target.url,
      method: target.method,
      headers: target.headers ?? {},
      ...(target.bodies ? { bodies: target.bodies } : {}),
      ...(target.headerSets ? { headerSets: target.headerSets } : {}),
      connections: target.connections,
      seconds: s,
      ...(target.overallRate ? { overallRate: target.overallRate } : {}),
    });
    if (warmupSeconds > 0) await this.send(request(warmupSeconds));
    const cpuBefore = process.cpuUsage();
    const machineBefore = machineCpu();
    const r = await this.send(request(seconds));
    const used = process.cpuUsage(cpuBefore);
    const machineAfter = machineCpu();
    const server = (used.user + used.system) / 1e6 / r.elapsedSeconds;
    const loadGenerator = r.cpuSeconds / r.elapsedSeconds;
    const other = machineBefore && machineAfter ? Math.max(0, (machineAfter.busy - machineBefore.busy) / r.elapsedSeconds - server - loadGenerator) : null;
    const failures = r.non2xx + r.errors + r.timeouts;
    return {
      stat: { value: r.responses / r.elapsedSeconds, unit: 'req/s', iterations: r.responses, per: 'request', ...latencies(r.latenciesMs) },
      responses: r.responses,
      failures,
      non2xx: r.non2xx,
      errors: r.errors + r.timeouts,
      cpu: { server, loadGenerator, other, cores: os.availableParallelism?.() ?? os.cpus().length, loadavg1: os.loadavg()[0]! },
    };
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill();
    await exited;
  }
}

/** "server 0.98 cores, load generator 0.91, other 0.04 of 2; load average 1.9" */
export function describeCpu(c: CpuShare): string {
  const other = c.other === null ? 'other processes unknown' : `other processes ${c.other.toFixed(2)}`;
  return `CPU: server ${c.server.toFixed(2)} cores, load generator ${c.loadGenerator.toFixed(2)}, ${other} (of ${c.cores}); load average ${c.loadavg1.toFixed(2)}`;
}

/**
 * The HTTP ceiling of this machine with this load generator: a bare node:http server in this
 * process that reads the body and answers a fixed JSON document of about the size Tijori
 * sends, with no framework, validation, database or crypto.
 */
export async function startBareServer(responseBytes: number): Promise<{ url: string; close(): Promise<void> }> {
  const body = JSON.stringify({ verdict: 'genuine', padding: 'x'.repeat(Math.max(0, responseBytes - 35)) });
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
