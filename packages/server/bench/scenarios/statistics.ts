import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { buildApp } from '../../src/app.js';
import { totpCode, totpStep } from '../../src/crypto/totp.js';
import { completeStaffSignIn } from '../../src/domain/staff/complete-staff-sign-in.js';
import { openTotpSecret } from '../../src/domain/staff/second-factor.js';
import { signInStaff } from '../../src/domain/staff/staff-accounts.js';
import { ANSWER_FRESH_MS } from '../../src/domain/statistics/fresh-answers.js';
import { readStatistics, type PlatformStatistics } from '../../src/domain/statistics/read-statistics.js';
import { statDayBefore } from '../../src/domain/statistics/stat-day.js';
import type { CounterBump } from '../../src/repositories/statistics.repository.js';
import { DEMO_OPERATOR } from '../../src/seed/demo-directory.js';
import { progress, summarize } from '../measure.js';
import { atLeast, atMost, below, compare, type LimitResult, type ScenarioResult } from '../report.js';
import { describeCpu, LoadGenerator, startBareServer } from './http.js';
import { startBenchRuntime, type BenchRuntime } from './issuance.js';

export interface StatisticsSettings {
  /** Document rows in the database. */
  documents: number;
  /** Days of counters kept (the dashboard reads the last 30). */
  days: number;
  issuers: number;
  typesPerIssuer: number;
  /** HTTP connections of the load on GET /api/v1/operator/statistics. */
  connections: number;
  /** Requests per second offered over those connections in the judged (open-loop) run. */
  rate: number;
  warmupSeconds: number;
  seconds: number;
  limitSeconds: number;
  /** In-process timings of the counter query and of readStatistics. */
  iterations: number;
  logLevel: string;
}

/** From issue 18: the dashboard answers in p99 < 50 ms with 10,000,000 documents. */
export const STATISTICS_TARGET = { p99Ms: 50 };

const DAY_MS = 86_400_000;
const DASHBOARD_DAYS = 30;
const issuerId = (i: number) => `bench-issuer-${String(i).padStart(3, '0')}`;
const docType = (t: number) => `T${String(t).padStart(4, '0')}`;

/**
 * The operator's dashboard over a country's worth of data, in a database of its own: `documents`
 * issued-document rows spread evenly over `days` days × `issuers` issuers × `typesPerIssuer`
 * types, and the counters that issuance maintains for exactly those rows (plus sign-ups,
 * verifications, pulls and repository calls per day). Then GET /api/v1/operator/statistics
 * under load from autocannon in its own process, beside a bare node:http server answering the
 * same number of bytes, and, in process, readStatistics beside its largest counter query.
 */
export async function benchStatistics(
  dataDir: string,
  settings: StatisticsSettings,
): Promise<{ limits: LimitResult[]; scenarios: ScenarioResult[]; notes: string[] }> {
  const bench = await startBenchRuntime(dataDir, { logLevel: settings.logLevel });
  try {
    const expectedIssued = await seedStatistics(bench, settings);
    return await measure(bench, settings, expectedIssued);
  } finally {
    await bench.close();
  }
}

/**
 * Row i belongs to combination c = i mod C (C = days × issuers × types): issuer c mod I, type
 * (c div I) mod T, issued d = c div (I × T) days ago. So combination c holds ⌊N/C⌋ rows, one
 * more when c < N mod C, and its counter is set to exactly that. Answers the documents issued
 * in the dashboard's 30 days, for checking the answer.
 */
export async function seedStatistics(bench: BenchRuntime, settings: StatisticsSettings): Promise<number> {
  const { deps } = bench;
  const db = deps.db;
  const now = deps.clock.now();
  const { documents: n, days, issuers, typesPerIssuer: types } = settings;
  const combos = days * issuers * types;
  // What the demo directory's seeding already counted, on top of which the bench's rows come.
  const before = await deps.repos.stats.daily(['documents_issued'], statDayBefore(now, DASHBOARD_DAYS - 1), statDayBefore(now, 0), false);

  // The issuers exist, with names in three languages, as the dashboard shows them.
  for (let i = 0; i < issuers; i += 100) {
    const rows = [];
    for (let k = i; k < Math.min(issuers, i + 100); k++) {
      rows.push({
        id: issuerId(k),
        org_id: `in.gov.bench.issuer${k}`,
        names: JSON.stringify({ en: `Bench issuer ${k}`, hi: `बेंच जारीकर्ता ${k}`, gu: `બેન્ચ જારીકર્તા ${k}` }),
        category: 'state',
        state: 'Gujarat',
        contact_email: null,
        contact_phone: null,
        status: 'active' as const,
        pull_mode: 'none' as const,
        repository_url: null,
        created_at: now,
        updated_at: now,
      });
    }
    await db.insertInto('issuers').values(rows).execute();
  }

  progress(`statistics: ${n.toLocaleString('en-US')} document rows (INSERT … SELECT over a recursive CTE, 500,000 rows per transaction)`);
  const started = performance.now();
  const step = 500_000;
  for (let lo = 0; lo < n; lo += step) {
    const hi = Math.min(n, lo + step);
    await sql`
      with recursive seq(i) as (select ${lo} union all select i + 1 from seq where i + 1 < ${hi})
      insert into issued_documents (id, uri, issuer_id, doc_type, doc_id, version, resident_id, holder_lookup, holder_name, issued_on,
                                    valid_from, valid_to, status, status_reason, status_changed_at, verification_code, created_at, updated_at)
      select printf('bench-%010d', i),
             printf('in.gov.bench.issuer%d-T%04d-S%010d', (i % ${combos}) % ${issuers}, ((i % ${combos}) / ${issuers}) % ${types}, i),
             printf('bench-issuer-%03d', (i % ${combos}) % ${issuers}),
             printf('T%04d', ((i % ${combos}) / ${issuers}) % ${types}),
             printf('S%010d', i), 1, null, null, 'Bench Holder', '2026-01-01',
             null, null, 'active', null, null, printf('V%011d', i),
             ${now} - ((i % ${combos}) / ${issuers * types}) * ${DAY_MS},
             ${now} - ((i % ${combos}) / ${issuers * types}) * ${DAY_MS}
        from seq`.execute(db);
    if (hi % 2_000_000 === 0 || hi === n) progress(`  ${hi.toLocaleString('en-US')} rows, ${((performance.now() - started) / 1000).toFixed(0)} s`);
  }

  // The counters issuance keeps, for exactly those rows; then the other metrics of a busy platform.
  let expectedIssued = before.reduce((sum, r) => sum + r.n, 0);
  const bumps: CounterBump[] = [];
  const flush = async (force = false) => {
    if (bumps.length >= 2000 || (force && bumps.length > 0)) await deps.repos.stats.bump(bumps.splice(0));
  };
  for (let c = 0; c < combos; c++) {
    const count = Math.floor(n / combos) + (c < n % combos ? 1 : 0);
    const d = Math.floor(c / (issuers * types));
    if (d < DASHBOARD_DAYS) expectedIssued += count;
    bumps.push({
      metric: 'documents_issued',
      day: statDayBefore(now, d),
      issuerId: issuerId(c % issuers),
      dimension: docType(Math.floor(c / issuers) % types),
      n: count,
    });
    await flush();
  }
  for (let d = 0; d < days; d++) {
    const day = statDayBefore(now, d);
    bumps.push({ metric: 'residents_signed_up', day, n: 100_000 }, { metric: 'residents_aadhaar_linked', day, n: 80_000 });
    for (const [k, dimension] of ['genuine', 'tampered', 'unknown'].entries()) bumps.push({ metric: 'verifications', day, dimension, n: 10_000 >> k });
    for (let i = 0; i < issuers; i++) {
      for (const dimension of ['issued', 'pending', 'failed']) bumps.push({ metric: 'pulls', day, issuerId: issuerId(i), dimension, n: 10 });
      if (i % 3 === 0) for (const dimension of ['ok', 'timeout']) bumps.push({ metric: 'repository_calls', day, issuerId: issuerId(i), dimension, n: 5 });
      await flush();
    }
  }
  await flush(true);
  for (let i = 0; i < issuers; i += 3) await deps.repos.stats.recordEndpointCall(issuerId(i), 'ok', true, now);

  // Once, untimed: the counters agree with the rows (the dashboard itself never counts them).
  const counted = await sql<{ n: number }>`select count(*) as n from issued_documents where issuer_id like 'bench-issuer-%'`.execute(db);
  const summed = await sql<{
    n: number;
  }>`select sum(n) as n from stat_daily_counters where metric = 'documents_issued' and issuer_id like 'bench-issuer-%'`.execute(db);
  if (Number(counted.rows[0]!.n) !== n || Number(summed.rows[0]!.n) !== n) {
    throw new Error(`seeded ${counted.rows[0]!.n} document rows and counters summing to ${summed.rows[0]!.n}; expected ${n} of each`);
  }
  progress(`  seeded and checked in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  return expectedIssued;
}

/** The demo operator's console token, second factor included (computed as an authenticator app would). */
async function operatorToken({ deps, runtime }: BenchRuntime): Promise<string> {
  const first = await signInStaff(deps, DEMO_OPERATOR, '127.0.0.1');
  if (first.next !== 'totp') return first.token;
  const user = await deps.repos.staff.findByUsername(DEMO_OPERATOR.username);
  const factor = user && (await deps.repos.staffTotp.find(user.id));
  if (!user || !factor) throw new Error('the demo operator asks for a second factor but has none');
  const code = totpCode(openTotpSecret(runtime.masterKey, user.id, factor.secret_sealed), totpStep(deps.clock.now()));
  return (await completeStaffSignIn(deps, first.pendingToken, { code }, '127.0.0.1')).token;
}

async function measure(
  bench: BenchRuntime,
  settings: StatisticsSettings,
  expectedIssued: number,
): Promise<{ limits: LimitResult[]; scenarios: ScenarioResult[]; notes: string[] }> {
  const { deps, runtime } = bench;
  const token = await operatorToken(bench);
  const app = await buildApp(runtime);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/api/v1/operator/statistics?days=${DASHBOARD_DAYS}`;
  const headers = { authorization: `Bearer ${token}` };
  let generator: LoadGenerator | undefined;
  try {
    const first = await fetch(url, { headers });
    const answer = await first.text();
    if (first.status !== 200) throw new Error(`statistics answered ${first.status} ${answer.slice(0, 300)}`);
    const body = JSON.parse(answer) as PlatformStatistics;
    if (body.documents.issued !== expectedIssued || body.documents.byIssuerAndType.length === 0 || body.issuerEndpoints.length === 0) {
      throw new Error(`statistics show ${body.documents.issued} documents issued in ${DASHBOARD_DAYS} days; the seeded rows hold ${expectedIssued}`);
    }

    generator = await LoadGenerator.start();
    const bare = await startBareServer(Buffer.byteLength(answer));
    let bareRun;
    try {
      progress(
        `HTTP: bare node:http GET (${Buffer.byteLength(answer).toLocaleString('en-US')}-byte answer), ${settings.connections} connections, ${settings.limitSeconds} s`,
      );
      bareRun = await generator.measure(
        { label: 'bare', url: `${bare.url}/`, method: 'GET', connections: settings.connections },
        Math.min(2, settings.warmupSeconds),
        settings.limitSeconds,
      );
    } finally {
      await bare.close();
    }
    progress(
      `HTTP: GET /api/v1/operator/statistics?days=${DASHBOARD_DAYS}, ${settings.connections} connections, ${settings.warmupSeconds} s warm-up + ${settings.seconds} s`,
    );
    const load = { label: 'statistics', url, method: 'GET' as const, headers, connections: settings.connections };
    const closed = await generator.measure(load, settings.warmupSeconds, settings.seconds);
    progress(`HTTP: the same at ${settings.rate} requests/s offered, ${settings.warmupSeconds} s warm-up + ${settings.seconds} s`);
    const run = await generator.measure({ ...load, overallRate: settings.rate }, settings.warmupSeconds, settings.seconds);

    // In process, one at a time: the use-case, and the largest query it sends, alone.
    const operator = { kind: 'operator' as const, staffId: 'bench' };
    const now = deps.clock.now();
    const from = statDayBefore(now, DASHBOARD_DAYS - 1);
    const to = statDayBefore(now, 0);
    const time = async (op: () => Promise<unknown>) => {
      const samples: number[] = [];
      for (let i = 0; i < settings.iterations + 5; i++) {
        const start = performance.now();
        await op();
        if (i >= 5) samples.push(performance.now() - start);
      }
      return samples;
    };
    progress(
      `statistics in process: the largest counter query alone, then readStatistics (${DASHBOARD_DAYS} days) reading the counters, ${settings.iterations} times each`,
    );
    const query = summarize(
      await time(() => deps.repos.stats.byIssuer('documents_issued', from, to, 100)),
      1,
      'queries/s',
      `documents per issuer and type over ${DASHBOARD_DAYS} days`,
    );
    // Requests within ANSWER_FRESH_MS share one answer; a clock moved past it each time times
    // the reading a request pays once per window (the closed days' sums stay kept).
    let windows = 0;
    const reading = { ...deps, clock: { now: () => now + ++windows * ANSWER_FRESH_MS } };
    const use = summarize(
      await time(() => readStatistics(reading, operator, { days: DASHBOARD_DAYS })),
      1,
      'queries/s',
      `dashboard statistics, ${DASHBOARD_DAYS} days`,
    );

    const counterRows = settings.issuers * settings.typesPerIssuer * DASHBOARD_DAYS;
    const bareLimit: LimitResult = {
      id: 'http-bare-get-statistics',
      label: `bare node:http GET, ${settings.connections} conns`,
      ...bareRun.stat,
      note: `${describeCpu(bareRun.cpu)}; ${Buffer.byteLength(answer)}-byte JSON answer`,
    };
    const queryLimit: LimitResult = {
      id: 'stat-counter-query',
      label: `the largest counter query alone (sums ${counterRows.toLocaleString('en-US')} rows)`,
      ...query,
    };
    const docs = settings.documents.toLocaleString('en-US');
    return {
      limits: [bareLimit, queryLimit],
      scenarios: [
        compare(
          'http-operator-statistics-max',
          `operator statistics (${docs} documents), ${settings.connections} conns, closed loop`,
          closed.stat,
          bareLimit,
          null,
          {
            checks: [atMost('non-2xx + errors', closed.failures, 0, 'count')],
            note: `the most this server answers; mean latency = ${settings.connections} ÷ throughput; ${describeCpu(closed.cpu)}; ${closed.non2xx} non-2xx, ${closed.errors} errors/timeouts of ${closed.responses.toLocaleString('en-US')}`,
          },
        ),
        compare(
          'http-operator-statistics',
          `operator statistics (${docs} documents), ${settings.connections} conns, ${settings.rate}/s offered`,
          run.stat,
          bareLimit,
          null,
          {
            checks: [
              below('p99', run.stat.p99Ms, STATISTICS_TARGET.p99Ms, 'ms'),
              atLeast('throughput', run.stat.value, settings.rate * 0.95, 'req/s'),
              atMost('non-2xx + errors', run.failures, 0, 'count'),
            ],
            note: `${describeCpu(run.cpu)}; ${run.non2xx} non-2xx, ${run.errors} errors/timeouts of ${run.responses.toLocaleString('en-US')}`,
          },
        ),
        compare(
          'operator-statistics',
          `readStatistics in process, reading the counters, ${settings.issuers} issuers × ${settings.typesPerIssuer} types, ${DASHBOARD_DAYS} of ${settings.days} days`,
          use,
          queryLimit,
          null,
          {
            note: `what GET /api/v1/operator/statistics runs when its shared answer is older than ${ANSWER_FRESH_MS / 1000} s (once per window per process), one at a time; it reads counters, never the documents`,
          },
        ),
      ],
      notes: [
        `statistics: ${docs} document rows of ${settings.issuers} issuers × ${settings.typesPerIssuer} types over ${settings.days} days in their own SQLite database, with the counters issuance keeps for them`,
        '  (checked once against the rows, untimed); the dashboard answer is checked against the seeded figures before the load.',
      ],
    };
  } finally {
    await generator?.close();
    await app.close();
  }
}
