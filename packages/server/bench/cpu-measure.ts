/**
 * The measuring half of the in-process CPU tools (requesters-cpu.ts, verify-cpu.ts): runs an
 * operation n times, `conc` at a time, and prints process.cpuUsage() per operation; and prints
 * the SQL one call sends.
 */
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';

const say = (line: string) => process.stdout.write(`${line}\n`);

/** `profileDir`: also write a V8 CPU profile of the run there, as `<label>.cpuprofile`. */
export async function measure(label: string, n: number, conc: number, one: (i: number) => Promise<void>, profileDir?: string): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < n) await one(next++);
  };
  const session = profileDir ? new Session() : undefined;
  if (session) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
  }
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(Array.from({ length: conc }, worker));
  const cpu = process.cpuUsage(cpu0);
  const wall = performance.now() - t0;
  if (session) {
    const { profile: p } = await session.post('Profiler.stop');
    fs.mkdirSync(profileDir!, { recursive: true });
    fs.writeFileSync(path.join(profileDir!, `${label}.cpuprofile`), JSON.stringify(p));
    session.disconnect();
  }
  const ms = (us: number) => (us / 1000 / n).toFixed(3);
  say(
    `${label}: ${n} at ${conc} at once, CPU ${ms(cpu.user + cpu.system)} ms each (user ${ms(cpu.user)}, system ${ms(cpu.system)}), wall ${(wall / n).toFixed(3)} ms each`,
  );
}

/** Prints the SQL of one call of each (Kysely's executor, patched for the moment). */
export async function trace(db: object, ...ops: (() => Promise<void>)[]): Promise<void> {
  const executor = Object.getPrototypeOf((db as { getExecutor(): object }).getExecutor()) as {
    executeQuery: (q: { sql: string }, ...rest: unknown[]) => unknown;
  };
  const original = executor.executeQuery;
  const seen: string[] = [];
  executor.executeQuery = function (q, ...rest) {
    seen.push(q.sql.replace(/\s+/g, ' '));
    return original.call(this, q, ...rest);
  };
  try {
    for (const op of ops) {
      seen.length = 0;
      await op();
      say(`--- ${seen.length} statements\n${seen.join('\n')}`);
    }
  } finally {
    executor.executeQuery = original;
  }
}
