import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTijoriClient } from '../src/index.js';
import { renderSchema, SCHEMA_FILE } from '../scripts/render-schema.js';
import { spawnServer, type ChildServer } from '../../server/test/support/child-server.js';
import { DIALECTS } from '../../server/test/support/dialects.js';
import { serverDatabaseEnv } from '../../server/test/support/server-database.js';

describe('the SDK', () => {
  it('is generated from the server’s current OpenAPI document (run `npm run generate -w @tijori/sdk` after `npm run openapi`)', async () => {
    expect(await fs.readFile(SCHEMA_FILE, 'utf8')).toBe(await renderSchema());
  });

  it('refuses a base URL that is not http(s)', () => {
    expect(() => createTijoriClient({ baseUrl: 'locker.example.in' })).toThrow(/http\(s\)/);
  });

  for (const dialect of DIALECTS)
    describe(`against a running server [${dialect}]`, () => {
      let dir: string;
      let server: ChildServer;
      let base: string;
      let dropDatabase: () => Promise<void> = async () => undefined;
      beforeAll(async () => {
        dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tijori-sdk-'));
        const database = await serverDatabaseEnv(dialect, dir);
        dropDatabase = database.drop;
        server = await spawnServer(
          'src/main.ts',
          { TIJORI_DATA_DIR: path.join(dir, 'data'), PORT: '0', LOG_LEVEL: 'info', TIJORI_SEED_DEMO: 'true', ...database.env },
          60_000,
        );
        base = `http://127.0.0.1:${server.port}`;
      }, 60_000);
      afterAll(async () => {
        if (server && server.child.exitCode === null) {
          server.child.kill('SIGTERM');
          await server.exited;
        }
        await dropDatabase();
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
