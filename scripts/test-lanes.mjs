#!/usr/bin/env node
// `npm test`: every workspace's tests, in lanes, two at a time. The server-side suites (rules,
// texts, server, demo issuer, CLI, SDK, example bank) run one file at a time and keep about one
// core busy; the browser journeys (web) run one file at a time and mostly wait on Chromium and a
// server process. Each line is printed as it comes, marked with its lane; the exit code is
// non-zero when any lane fails.
//   TEST_LANES=server-side  (or budget, browser, browser-2; a comma-separated list) runs only those lanes.
//   TEST_SLOTS=1  runs the lanes one at a time (default 2 at a time).
//   TEST_POSTGRES_URL=postgres://…  also runs the suites on PostgreSQL (what CI does): three more
//     lanes, each started when a slot frees, so no core waits long for another lane to end.
//     The server suite takes only the files whose tests depend on the dialect (see
//     packages/server/vitest.config.ts), in two halves, then the abuse suite; the browser lane
//     skips the journeys packages/web/vitest.config.ts names.
//     Each PostgreSQL lane gets a database of its own on that server (`<name>`, `<name>_2`,
//     `<name>_browser`; the last one TEST_POSTGRES_BROWSER_URL may name), made here when missing:
//     tests make and drop schemas, and Kysely's migrator lists the tables of every schema in its
//     database, so a schema dropped by one lane while another lists them fails that migration.
import { spawn } from 'node:child_process';
import readline from 'node:readline';
import { stripVTControlCharacters } from 'node:util';

const SERVER_SIDE_WORKSPACES = ['rules', 'texts', 'server', 'demo-issuer', 'cli', 'sdk', 'example-bank'];
const workspaces = (names) => names.flatMap((n) => ['-w', `packages/${n}`]);

// The load budget (slow 3G with a 4× slower CPU, judged in milliseconds) runs first and alone:
// beside another lane it measures the other lane as much as the portal.
const BUDGET = 'e2e/load-budget.e2e.test.ts';
// The SQLite browser journeys are the longest lane: they run as two, these files (about half of
// its time in CI) and the rest, so that neither slot waits long for the other at the end.
const BROWSER_FIRST_HALF = [
  'e2e/accessibility-console.e2e.test.ts',
  'e2e/accessibility.e2e.test.ts',
  'e2e/accessibility-documents.e2e.test.ts',
  'e2e/requester-consent.e2e.test.ts',
  'e2e/resident-journeys.e2e.test.ts',
];
const excluding = (files) => files.flatMap((f) => ['--exclude', f]);
const web = (...args) => ['npm', 'run', 'test', ...workspaces(['web']), '--', ...args];
// Longest first: each slot takes the next lane when its own has ended (see the end of this file).
const lanes = [
  { name: 'budget', solo: true, command: web(BUDGET) },
  { name: 'server-side', command: ['npm', 'run', 'test', ...workspaces(SERVER_SIDE_WORKSPACES)] },
  { name: 'browser', command: web(...excluding([BUDGET, ...BROWSER_FIRST_HALF])) },
  { name: 'browser-2', command: web(...BROWSER_FIRST_HALF) },
];
const postgresUrl = process.env.TEST_POSTGRES_URL;
if (postgresUrl) {
  const browserUrl = process.env.TEST_POSTGRES_BROWSER_URL ?? withDatabase(postgresUrl, `${databaseOf(postgresUrl)}_browser`);
  const secondUrl = withDatabase(postgresUrl, `${databaseOf(postgresUrl)}_2`);
  const onPostgres = (url) => ({ TEST_DIALECTS: 'postgres', TEST_DATABASE_URL: url });
  // The server suite on PostgreSQL runs as two lanes of half its files each (vitest --shard).
  const serverHalf = (n) => `npm run test -w packages/server -- --exclude 'test/abuse/**' --shard=${n}/2`;
  lanes.push(
    { name: 'postgres-browser', command: web(), env: onPostgres(browserUrl) },
    { name: 'postgres-server', command: ['bash', '-c', serverHalf(1)], env: onPostgres(postgresUrl) },
    {
      name: 'postgres-server-2',
      // On SQLite the abuse suite already ran inside the server suite (test/abuse is part of it).
      command: ['bash', '-c', `${serverHalf(2)} && npm run test -w packages/sdk -w packages/cli -w packages/example-bank && npm run test:abuse`],
      env: onPostgres(secondUrl),
    },
  );
}

async function createLaneDatabases(urls) {
  if (urls.length === 0) return;
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: postgresUrl, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    for (const name of new Set(urls.map(databaseOf))) {
      const found = await client.query('select 1 from pg_database where datname = $1', [name]);
      if (found.rowCount === 0) await client.query(`create database "${name.replaceAll('"', '""')}"`);
    }
  } finally {
    await client.end();
  }
}

function databaseOf(url) {
  return new URL(url).pathname.slice(1) || 'postgres';
}
function withDatabase(url, name) {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

const only = (process.env.TEST_LANES ?? '').split(',').filter(Boolean);
const chosen = only.length ? lanes.filter((l) => only.includes(l.name)) : lanes;
if (chosen.length === 0) {
  process.stderr.write(`TEST_LANES names no lane; the lanes are: ${lanes.map((l) => l.name).join(', ')}\n`);
  process.exit(2);
}
await createLaneDatabases(chosen.map((l) => l.env?.TEST_DATABASE_URL).filter(Boolean));
const width = Math.max(...chosen.map((l) => l.name.length));
const started = Date.now();
const seconds = (since) => Math.round((Date.now() - since) / 1000);

function run(lane) {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const [command, ...args] = lane.command;
    process.stdout.write(`[${lane.name.padEnd(width)}] started at ${seconds(started)} s\n`);
    const child = spawn(command, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? '0', ...lane.env },
    });
    const mark = `[${lane.name.padEnd(width)}] `;
    const kept = [];
    // Ended when the process has exited and every line it wrote has been printed.
    const printed = [
      [child.stdout, process.stdout],
      [child.stderr, process.stderr],
    ].map(([stream, out]) => {
      const lines = readline.createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
      lines.on('line', (line) => {
        out.write(`${mark}${line}\n`);
        kept.push(line);
      });
      return new Promise((done) => lines.once('close', done));
    });
    child.on('close', (code, signal) => Promise.all(printed).then(() => resolve({ name: lane.name, code: code ?? 1, signal, seconds: seconds(t0), kept })));
  });
}

// The solo lanes one after the other; then TEST_SLOTS slots (2), each taking the next lane when its own has ended.
const slots = Number(process.env.TEST_SLOTS ?? 2);
if (!Number.isInteger(slots) || slots < 1) {
  process.stderr.write(`TEST_SLOTS must be a whole number of at least 1, not "${process.env.TEST_SLOTS}"\n`);
  process.exit(2);
}
const results = [];
for (const lane of chosen.filter((l) => l.solo)) results.push(await run(lane));
const queue = chosen.filter((l) => !l.solo);
await Promise.all(
  Array.from({ length: slots }, async () => {
    for (let lane = queue.shift(); lane; lane = queue.shift()) results.push(await run(lane));
  }),
);
// A failed lane's failures again, at the end: with six lanes interleaved, CI logs that keep only
// their tail would otherwise show which lane failed but not what.
for (const r of results.filter((x) => x.code !== 0)) {
  process.stdout.write(`\n==== what failed in ${r.name} ====\n`);
  for (const line of failureLines(r.kept)) process.stdout.write(`[${r.name.padEnd(width)}] ${line}\n`);
}
process.stdout.write(`\nnpm test: ${seconds(started)} s\n`);
for (const r of chosen.map((l) => results.find((x) => x.name === l.name)))
  process.stdout.write(`  ${r.name.padEnd(width)}  ${r.code === 0 ? 'passed' : `FAILED (exit ${r.code}${r.signal ? `, ${r.signal}` : ''})`}  ${r.seconds} s\n`);
process.exit(results.every((r) => r.code === 0) ? 0 : 1);

// Vitest's report of failures (from its "Failed Tests" or "Unhandled Errors" banner), else the
// lines that name a failure, else the lane's last lines; at most 150 lines.
function failureLines(lines) {
  const plain = lines.map((l) => stripVTControlCharacters(l));
  const start = plain.findIndex((l) => /⎯{2,} (Failed Tests|Failed Suites|Unhandled Errors?)/.test(l));
  if (start >= 0) return plain.slice(start, start + 150);
  const named = plain.filter((l) => /(FAIL|✗|×|Error|failed)/.test(l));
  return (named.length ? named : plain.slice(-60)).slice(-150);
}
