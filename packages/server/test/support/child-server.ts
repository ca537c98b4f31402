import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const SERVER_ROOT = path.resolve(import.meta.dirname, '../..');

/**
 * scrypt's work factor (log2 N) of the PINs and passwords the tests make: 10 instead of 14 costs a
 * sixteenth of the CPU, and the hashing, its stored parameters and every check are the same code.
 * The production default and its floor are tested in test/config/load-config.test.ts.
 */
export const TEST_SECRET_HASH_COST = '10';

/** A test server's hashing cost, unless it runs in production mode (which refuses it). */
export function cheapHashing(env: Record<string, string>): Record<string, string> {
  return env.NODE_ENV === 'production' ? {} : { TIJORI_SECRET_HASH_COST: TEST_SECRET_HASH_COST };
}

/** Newest modification time of `p` and, for a folder, of everything in it (0 when missing). */
function newest(p: string): number {
  if (!fs.existsSync(p)) return 0;
  const inside = fs.statSync(p).isDirectory() ? fs.readdirSync(p, { recursive: true, encoding: 'utf8' }).map((f) => path.join(p, f)) : [];
  return Math.max(...[p, ...inside].map((f) => fs.statSync(f).mtimeMs));
}

/**
 * How Node runs an entry point of the server: `src/x.ts` as the built `dist/x.js` when the build
 * is newer than every source (CI builds before it tests; starting the built server costs about
 * half the CPU of compiling src/ through tsx), otherwise through tsx, so a test never runs code
 * older than the sources. Test fixtures always run through tsx.
 */
export function nodeArgsFor(entry: string): string[] {
  if (!entry.startsWith('src/')) return ['--import', 'tsx', entry];
  const built = path.join('dist', `${entry.slice('src/'.length, -'.ts'.length)}.js`);
  const sources = ['src', 'package.json', 'tsconfig.build.json', '../rules/src'].map((p) => newest(path.join(SERVER_ROOT, p)));
  const current = fs.existsSync(path.join(SERVER_ROOT, built)) && newest(path.join(SERVER_ROOT, 'dist')) > Math.max(...sources);
  return current ? [built] : ['--import', 'tsx', entry];
}

export interface ChildServer {
  child: ChildProcess;
  port: number;
  output(): string;
  exited: Promise<number | null>;
}

/**
 * Runs an entry point of the server (`src/main.ts`, or a test fixture) in its own Node process
 * (see nodeArgsFor) and waits until it is listening, reading the port from its output.
 */
export function spawnServer(entry: string, env: Record<string, string>, timeoutMs = 30_000): Promise<ChildServer> {
  return spawnListening(process.execPath, nodeArgsFor(entry), { cwd: SERVER_ROOT, env }, timeoutMs);
}

/** Runs `command` (a server, or something that starts one) and waits until a server in it is listening. */
export async function spawnListening(
  command: string,
  args: string[],
  options: { cwd: string; env: Record<string, string> },
  timeoutMs = 30_000,
): Promise<ChildServer> {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...cheapHashing(options.env), ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in time:\n${out}`)), timeoutMs);
    const check = () => {
      const m = /LISTENING (\d+)|Server listening at http:\/\/[^:]+:(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1] ?? m[2]));
      }
    };
    child.stdout!.on('data', check);
    child.stderr!.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${out}`));
    });
  });
  return { child, port, output: () => out, exited };
}

export function runToExit(entry: string, env: Record<string, string>, args: string[] = []): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...nodeArgsFor(entry), ...args], {
      cwd: SERVER_ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...cheapHashing(env), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('exit', (code) => resolve({ code, output }));
  });
}
