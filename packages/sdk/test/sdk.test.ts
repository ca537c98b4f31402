import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTijoriClient } from '../src/index.js';
import { renderSchema, SCHEMA_FILE } from '../scripts/render-schema.js';

const REPO = path.resolve(import.meta.dirname, '../../..');

describe('the SDK', () => {
  it('is generated from the server’s current OpenAPI document (run `npm run generate -w @tijori/sdk` after `npm run openapi`)', async () => {
    expect(await fs.readFile(SCHEMA_FILE, 'utf8')).toBe(await renderSchema());
  });

  it('refuses a base URL that is not http(s)', () => {
    expect(() => createTijoriClient({ baseUrl: 'locker.example.in' })).toThrow(/http\(s\)/);
  });

  describe('against a running server', () => {
    let dir: string;
    let server: ChildProcess;
    let base: string;
    beforeAll(async () => {
      dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tijori-sdk-'));
      server = spawn(process.execPath, ['--import', 'tsx', 'packages/server/src/main.ts'], {
        cwd: REPO,
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TIJORI_DATA_DIR: path.join(dir, 'data'), PORT: '0', LOG_LEVEL: 'info', TIJORI_SEED_DEMO: 'true' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let log = '';
      base = await new Promise<string>((resolve, reject) => {
        const onData = (d: Buffer) => {
          log += d.toString();
          const m = /Server listening at (http:\/\/[^\s"]+)/.exec(log);
          if (m) resolve(m[1]!);
        };
        server.stdout!.on('data', onData);
        server.stderr!.on('data', onData);
        server.once('exit', (code) => reject(new Error(`server exited with ${code}: ${log}`)));
      });
    }, 60_000);
    afterAll(async () => {
      if (server && server.exitCode === null) {
        const exited = new Promise((r) => server.once('exit', r));
        server.kill('SIGTERM');
        await exited;
      }
      await fs.rm(dir, { recursive: true, force: true });
    });

    it('searches the directory and gets typed answers', async () => {
      const tijori = createTijoriClient({ baseUrl: `${base}/` });
      const { data, error, response } = await tijori.GET('/api/v1/issuers', { params: { query: { q: 'Income Tax' } } });
      expect(error).toBeUndefined();
      expect(response.status).toBe(200);
      expect(data!.issuers.map((i) => i.orgId)).toEqual(['in.gov.pan']);
    });

    it('hands back the problem body of a refused request', async () => {
      const tijori = createTijoriClient({ baseUrl: base });
      const bad = await tijori.POST('/api/v1/verify', { body: { uri: 'in.gov.cbse-HSCER-NOPE', code: 'WRONG1' } });
      expect(bad.response.status).toBe(200);
      expect(bad.data).toMatchObject({ verdict: 'unknown' });
      const unauthorised = await createTijoriClient({ baseUrl: base, apiKey: 'not-a-real-key-0123456789' }).GET('/api/v1/me/documents');
      expect(unauthorised.response.status).toBe(401);
      expect(unauthorised.error).toMatchObject({ code: 'unauthenticated' });
    });
  });
});
