import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVER_ROOT, spawnListening } from '../support/child-server.js';
import { tempDir } from '../support/test-app.js';

const REPO_ROOT = path.resolve(SERVER_ROOT, '../..');
const dirs: string[] = [];
const leftOver: number[] = [];

// `npm start` serves the compiled server; its prestart builds everything, web portal included.
// This test runs the start script alone (--ignore-scripts), so it builds the server first.
beforeAll(async () => {
  await promisify(execFile)('npm', ['run', 'build', '--workspace', '@tijori/server'], { cwd: REPO_ROOT });
}, 180_000);

afterAll(async () => {
  for (const pid of leftOver) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  for (const d of dirs) await fs.rm(d, { recursive: true, force: true });
});

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('npm start', () => {
  // A process manager (docker stop, supervisord, an init script) signals the process it
  // started, which is npm: the server must get that signal, not be left running without it.
  it('stops the server cleanly when SIGTERM goes to the npm process', async () => {
    const dataDir = await tempDir();
    dirs.push(dataDir);
    const npm = await spawnListening(
      'npm',
      ['start', '--ignore-scripts'],
      { cwd: REPO_ROOT, env: { TIJORI_DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'info' } },
      60_000,
    );
    const serverPid = Number(/"pid":(\d+)/.exec(npm.output())?.[1]);
    if (serverPid && serverPid !== npm.child.pid) leftOver.push(serverPid);
    expect((await fetch(`http://127.0.0.1:${npm.port}/healthz`)).status).toBe(200);

    npm.child.kill('SIGTERM');
    expect(await npm.exited).toBe(0);
    expect(npm.output()).toContain('shut down cleanly');
    expect(await accepts(npm.port)).toBe(false);
  }, 90_000);
});
