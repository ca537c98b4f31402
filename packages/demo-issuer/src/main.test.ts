import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { buildPullUriRequest } from './protocol.js';
import { DEFAULT_API_KEY } from './server.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const children: ChildProcessWithoutNullStreams[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

function run(args: string[]): { child: ChildProcessWithoutNullStreams; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], { cwd: packageDir, env: { ...process.env, DEMO_ISSUER_API_KEY: '' } });
  children.push(child);
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  return { child, output: () => out, exited: new Promise((r) => child.on('exit', (code) => r(code))) };
}

async function waitFor(output: () => string, pattern: RegExp, ms = 15_000): Promise<RegExpMatchArray> {
  const until = Date.now() + ms;
  for (;;) {
    const m = output().match(pattern);
    if (m) return m;
    if (Date.now() > until) throw new Error(`timed out waiting for ${pattern}; output so far:\n${output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('command line', () => {
  it('prints where it listens, answers Pull URI requests with the given key, and stops on SIGTERM', async () => {
    const { child, output, exited } = run(['--port', '0', '--api-key', 'cli-key']);
    const [, url] = await waitFor(output, /^Demo issuer endpoint listening on (http:\/\/127\.0\.0\.1:\d+)$/m);
    // The banner's lines may arrive in separate reads: wait for the last one before reading it.
    await waitFor(output, /^ {2}Mode: /m);
    expect(output()).toContain('API key:   as given');
    expect(output()).not.toContain('cli-key');
    const req = buildPullUriRequest({ apiKey: 'cli-key', orgId: 'in.ac.demo-univ', docType: 'DGCER', parameters: { RollNo: 'AR17230', Year: '2017' } });
    const text = await (await fetch(`${url}/pull-uri`, { method: 'POST', body: req.body, headers: req.headers })).text();
    expect(text).toContain('<URI>in.ac.demo-univ-DGCER-DU2017AR17230</URI>');
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('prints the development key when none is given', async () => {
    const { output } = run(['--port', '0', '--quiet']);
    // The start-up lines can reach the pipe in more than one chunk: wait for the last one.
    await waitFor(output, /Mode: .*\n/);
    expect(output()).toContain(`API key:   ${DEFAULT_API_KEY} (development default`);
    expect(output()).toContain('Signing:   certificate XML unsigned');
  });

  it('--mode applies to every request', async () => {
    const { output } = run(['--port', '0', '--mode', 'pending', '--path', '/pull']);
    const [, url] = await waitFor(output, /listening on (http:\/\/[\d.:]+)/);
    const req = buildPullUriRequest({ apiKey: DEFAULT_API_KEY, orgId: 'in.ac.demo-univ', docType: 'DGCER', parameters: { RollNo: 'AR17230', Year: '2017' } });
    const text = await (await fetch(`${url}/pull`, { method: 'POST', body: req.body, headers: req.headers })).text();
    expect(text).toContain('Status="9"');
  });

  it('refuses an unknown mode', async () => {
    const { output, exited } = run(['--port', '0', '--mode', 'EXPLODE']);
    expect(await exited).toBe(1);
    expect(output()).toMatch(/--mode must be one of/);
  });
});
