import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export const SERVER_ROOT = path.resolve(import.meta.dirname, '../..');

export interface ChildServer {
  child: ChildProcess;
  port: number;
  output(): string;
  exited: Promise<number | null>;
}

/**
 * Runs a TypeScript entry point in its own Node process (through tsx, as in development) and
 * waits until it is listening, reading the port from its output.
 */
export function spawnServer(entry: string, env: Record<string, string>, timeoutMs = 30_000): Promise<ChildServer> {
  return spawnListening(process.execPath, ['--import', 'tsx', entry], { cwd: SERVER_ROOT, env }, timeoutMs);
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
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...options.env },
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
    const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], {
      cwd: SERVER_ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('exit', (code) => resolve({ code, output }));
  });
}
