/**
 * CPU per 10 MB multipart upload in the real server process (src/main.ts, one process):
 * `npx tsx bench/upload-cpu.ts [uploads]` (default 20 one at a time, then as many in rounds of
 * 8). Reads /proc/<pid>/… before and after, so it measures CPU time, not wall time, and is
 * usable on a shared machine; it also shows how long the main thread waited, runnable, for a
 * core, and how often it was preempted. BENCH_THREADS=1 lists every thread's CPU;
 * BENCH_PERF=<file> records `perf record -g` of each timed part; BENCH_SERVER_PROFILE=<dir>
 * writes V8 CPU profiles (whose times are wall-clock samples, so they charge a thread's waits
 * for a core to whatever it was running); BENCH_SERVER_NODE_FLAGS adds Node flags to the server
 * (e.g. --trace-gc, with BENCH_SERVER_STDOUT=<file> for its output).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createSession } from '../src/domain/sessions/create-session.js';
import { MB } from './measure.js';
import { startBenchRuntime } from './scenarios/issuance.js';
import { startServerProcesses } from './scenarios/serving.js';
import { threadCpu, uploadOp } from './scenarios/uploads.js';

/** CPU (ms, clock ticks) of each live thread, by thread id, with its name. */
function taskCpu(pid: number): Map<string, { name: string; ms: number }> {
  const out = new Map<string, { name: string; ms: number }>();
  for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(tid, { name: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')), ms: (Number(fields[11]) + Number(fields[12])) * 10 });
    } catch {
      // ended meanwhile
    }
  }
  return out;
}

const out = (line: string) => process.stdout.write(`${line}\n`);
const uploads = Number(process.argv[2] ?? 20);
const dataDir = await fsp.mkdtemp(path.join(process.env.BENCH_DIR ?? os.tmpdir(), 'tijori-upload-cpu-'));
const bench = await startBenchRuntime(dataDir, { logLevel: 'warn', masterKey: randomBytes(32).toString('base64') });
const server = await startServerProcesses(bench, 1, { TIJORI_UPLOAD_QUOTA_BYTES: String(1024 * 1024 * MB) });
try {
  const session = await createSession(bench.deps, bench.residentId, 'bearer', { ip: '127.0.0.1', device: 'tijori-bench' });
  const auth = { authorization: `Bearer ${session.token}` };
  const measure = async (label: string, rounds: number, atOnce: number) => {
    const ops = Array.from({ length: atOnce }, () => uploadOp(server.base, auth));
    const perf =
      process.env.BENCH_PERF && label !== 'warm-up'
        ? spawn('perf', ['record', '-F', '997', '-g', '-p', String(server.pid), '-o', `${process.env.BENCH_PERF}.${label.replace(/ /g, '-')}`], {
            stdio: 'ignore',
          })
        : undefined;
    if (perf) await new Promise((r) => setTimeout(r, 1000));
    const before = threadCpu(server.pid);
    const tasks0 = taskCpu(server.pid);
    const load = os.loadavg()[0]!;
    const t = performance.now();
    const from = process.hrtime.bigint() / 1000n;
    for (let i = 0; i < rounds; i++) {
      await Promise.all(ops.map((op) => op.prepare!(i)));
      await Promise.all(ops.map((op) => op.run(i)));
    }
    const wall = performance.now() - t;
    const to = process.hrtime.bigint() / 1000n;
    const after = threadCpu(server.pid);
    const tasks1 = taskCpu(server.pid);
    if (perf) {
      const exited = new Promise((r) => perf.once('exit', r));
      perf.kill('SIGINT');
      await exited;
    }
    const n = rounds * atOnce;
    const main = (after.main - before.main) / n;
    const all = (after.all - before.all) / n;
    const waited = (after.mainWaited - before.mainWaited) / n;
    const preempted = (after.mainPreempted - before.mainPreempted) / n;
    out(
      `${label}: ${n} uploads; CPU per upload: main thread ${main.toFixed(1)} ms, all threads ${all.toFixed(1)} ms; main thread runnable but waiting for a core ${waited.toFixed(1)} ms, preempted ${preempted.toFixed(1)} times; load average ${load.toFixed(2)}; wall ${(wall / 1000).toFixed(1)} s; monotonic µs ${from}–${to}`,
    );
    if (process.env.BENCH_THREADS) {
      const rows = [...tasks1].map(([tid, t]) => [tid, t.name, (t.ms - (tasks0.get(tid)?.ms ?? 0)) / n] as const).filter((r) => r[2] > 0);
      for (const [tid, name, ms] of rows.sort((a, b) => b[2] - a[2])) out(`  thread ${tid} ${name}: ${ms.toFixed(1)} ms per upload`);
    }
  };
  await measure('warm-up', 3, 1);
  await measure('one at a time', uploads, 1);
  await measure('8 at once', Math.max(1, Math.round(uploads / 8)), 8);
} finally {
  await server.close();
  await bench.close();
  await fsp.rm(dataDir, { recursive: true, force: true });
}
