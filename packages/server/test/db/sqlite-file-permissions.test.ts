import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { createLogger } from '../../src/http/logger.js';
import { startRuntime } from '../../src/runtime.js';
import { tempDir } from '../support/test-app.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await fs.rm(d, { recursive: true, force: true });
});

/** Starts and stops a runtime on `dataDir` (the embedded default), returning its log lines. */
async function startAndStop(dataDir: string): Promise<{ level: string; msg: string }[]> {
  const lines: { level: string; msg: string }[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const line of chunk.toString('utf8').split('\n')) if (line) lines.push(JSON.parse(line) as { level: string; msg: string });
      cb();
    },
  });
  const config = loadConfig({ NODE_ENV: 'test', TIJORI_DATA_DIR: dataDir, TIJORI_MASTER_KEY: randomBytes(32).toString('base64') }, dataDir);
  const runtime = await startRuntime(config, createLogger('info', sink));
  await runtime.close();
  return lines;
}

// The database holds residents' personal data.
describe('the SQLite database file', () => {
  it('is made readable by the server’s user only, in a data folder made the same way', async () => {
    const parent = await tempDir();
    dirs.push(parent);
    const dataDir = path.join(parent, 'data');
    const lines = await startAndStop(dataDir);
    expect((await fs.stat(path.join(dataDir, 'tijori.db'))).mode & 0o777).toBe(0o600);
    expect((await fs.stat(dataDir)).mode & 0o777).toBe(0o700);
    expect(lines.filter((l) => l.msg.includes('readable by other users'))).toEqual([]);
  });

  it('that others can read (made before, or by hand) is reported with the command that fixes it', async () => {
    const dataDir = await tempDir();
    dirs.push(dataDir);
    const file = path.join(dataDir, 'tijori.db');
    await fs.writeFile(file, '');
    await fs.chmod(file, 0o644);
    const lines = await startAndStop(dataDir);
    const warning = lines.find((l) => l.msg.includes('readable by other users'));
    expect(warning?.level).toBe('warn');
    expect(warning?.msg).toContain(`chmod 600 ${file}`);
  });
});
