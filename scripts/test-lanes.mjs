#!/usr/bin/env node
// `npm test`: every workspace's tests, in two lanes at once. The server-side suites (rules, texts, server,
// demo issuer, CLI, SDK, example bank) keep both cores busy; the browser journeys (web) mostly
// wait on Chromium and a server process, so run one after the other they left a core idle for
// most of their run. Each line is printed as it comes, marked with its lane; the exit code is
// non-zero when either lane fails.
//   TEST_LANES=server-side  (or browser) runs one lane only.
import { spawn } from 'node:child_process';
import readline from 'node:readline';

const lanes = [
  {
    name: 'server-side',
    args: [
      'run',
      'test',
      '-w',
      'packages/rules',
      '-w',
      'packages/texts',
      '-w',
      'packages/server',
      '-w',
      'packages/demo-issuer',
      '-w',
      'packages/cli',
      '-w',
      'packages/sdk',
      '-w',
      'packages/example-bank',
    ],
  },
  { name: 'browser', args: ['run', 'test', '-w', 'packages/web'] },
];
const only = (process.env.TEST_LANES ?? '').split(',').filter(Boolean);
const chosen = only.length ? lanes.filter((l) => only.includes(l.name)) : lanes;
if (chosen.length === 0) {
  process.stderr.write(`TEST_LANES names no lane; the lanes are: ${lanes.map((l) => l.name).join(', ')}\n`);
  process.exit(2);
}
const width = Math.max(...chosen.map((l) => l.name.length));
const started = Date.now();

function run(lane) {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const child = spawn('npm', lane.args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? '0' } });
    const mark = `[${lane.name.padEnd(width)}] `;
    for (const [stream, out] of [
      [child.stdout, process.stdout],
      [child.stderr, process.stderr],
    ]) {
      readline.createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY }).on('line', (line) => out.write(`${mark}${line}\n`));
    }
    child.on('close', (code, signal) => resolve({ name: lane.name, code: code ?? 1, signal, seconds: Math.round((Date.now() - t0) / 1000) }));
  });
}

const results = await Promise.all(chosen.map(run));
process.stdout.write(`\nnpm test: ${Math.round((Date.now() - started) / 1000)} s\n`);
for (const r of results)
  process.stdout.write(`  ${r.name.padEnd(width)}  ${r.code === 0 ? 'passed' : `FAILED (exit ${r.code}${r.signal ? `, ${r.signal}` : ''})`}  ${r.seconds} s\n`);
process.exit(results.every((r) => r.code === 0) ? 0 : 1);
