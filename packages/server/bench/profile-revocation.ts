/**
 * Profiles one bulk status job on a kept database (not part of `npm run bench`).
 *   tsx bench/profile-revocation.ts seed <dir> <documents> <revoke> [terms]   builds <dir>/seed once (with search terms)
 *   tsx bench/profile-revocation.ts run <dir>                          copies it, runs the job, prints time per statement
 */
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { createStatusJob, runStatusJob } from '../src/domain/bulk/status-jobs.js';
import { BENCH_ISSUER } from './scenarios/documents.js';
import { startBenchRuntime } from './scenarios/issuance.js';
import { seedStatusDocuments } from './scenarios/revocation.js';

const MASTER_KEY = Buffer.alloc(32, 7).toString('base64');
const [mode, dir, docsArg, revokeArg, termsArg] = process.argv.slice(2);
if (!dir) throw new Error('usage: seed <dir> <documents> <revoke> [terms] | run <dir>');
const seedDir = path.join(dir, 'seed');

if (mode === 'seed') await seed(Number(docsArg), Number(revokeArg));
else await run();

async function seed(documents: number, revoke: number): Promise<void> {
  fs.rmSync(seedDir, { recursive: true, force: true });
  const bench = await startBenchRuntime(seedDir, { logLevel: 'silent', masterKey: MASTER_KEY });
  const file = (bench.runtime.config.database as { file: string }).file;
  const revoked = await seedStatusDocuments(bench, file, { documents, revoke, holders: 1000, terms: termsArg === 'terms' });
  await bench.close();
  fs.writeFileSync(path.join(seedDir, 'profile.json'), JSON.stringify({ residentId: bench.residentId, revoked }));
  process.stderr.write(`seeded ${documents} documents, ${revoked.length} to revoke\n`);
}

async function run(): Promise<void> {
  const work = path.join(dir!, 'work');
  fs.rmSync(work, { recursive: true, force: true });
  fs.cpSync(seedDir, work, { recursive: true });
  const { residentId, revoked } = JSON.parse(fs.readFileSync(path.join(work, 'profile.json'), 'utf8')) as { residentId: string; revoked: string[] };
  const timing = timeStatements();
  const bench = await startBenchRuntime(work, { logLevel: 'silent', masterKey: MASTER_KEY, existingResidentId: residentId });
  const { deps } = bench;
  try {
    const { job } = await createStatusJob(deps, { kind: 'operator', staffId: 'bench' }, BENCH_ISSUER, { status: 'revoked', reason: 'Profile', uris: revoked });
    timing.clear();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const status = await runStatusJob(deps, job.id);
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const done = (await deps.repos.bulkJobs.find(job.id))!;
    const chunks = Math.ceil(revoked.length / 2000);
    process.stdout.write(
      `${status}: ${done.rows_ok} ok, ${done.rows_failed} failed; ${(ms / 1000).toFixed(2)} s, ${Math.round((revoked.length / ms) * 1000)} docs/s; ` +
        `CPU ${((cpu.user + cpu.system) / 1000 / chunks).toFixed(0)} ms per chunk (user ${(cpu.user / 1000 / chunks).toFixed(0)}, sys ${(cpu.system / 1000 / chunks).toFixed(0)})\n`,
    );
    timing.print(chunks);
  } finally {
    await bench.close();
  }
}

/** Wall time per SQL text on the main thread's better-sqlite3 statements. */
function timeStatements() {
  const totals = new Map<string, { ms: number; n: number }>();
  const probe = new BetterSqlite3(':memory:');
  const proto = Object.getPrototypeOf(probe.prepare('select 1')) as Record<string, (...a: unknown[]) => unknown>;
  probe.close();
  for (const method of ['run', 'all', 'get', 'iterate']) {
    const original = proto[method]!;
    proto[method] = function (this: { source: string }, ...args: unknown[]) {
      const t = performance.now();
      try {
        return original.apply(this, args);
      } finally {
        const key = this.source
          .replace(/\s+/g, ' ')
          .replace(/(\?, )+\?/g, '?…')
          .slice(0, 150);
        const e = totals.get(key) ?? { ms: 0, n: 0 };
        e.ms += performance.now() - t;
        e.n++;
        totals.set(key, e);
      }
    };
  }
  return {
    clear: () => totals.clear(),
    print(chunks: number) {
      for (const [k, v] of [...totals].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25))
        process.stdout.write(`${(v.ms / chunks).toFixed(1).padStart(8)} ms/chunk ${String(v.n).padStart(7)}×  ${k}\n`);
    },
  };
}
