import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../server/test/support/dialects.js';
import { serverDatabaseEnv } from '../../server/test/support/server-database.js';

const REPO = path.resolve(import.meta.dirname, '../../..');

function run(args: string[], env: Record<string, string>, cwd = REPO): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
      cwd,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => resolve({ code, out }));
  });
}

for (const dialect of DIALECTS)
  describe(`tijori issue [${dialect}]`, () => {
    let dir: string;
    let dropDatabase: () => Promise<void> = async () => undefined;
    let server: ReturnType<typeof spawn>;
    let base: string;
    let apiKey: string;

    beforeAll(async () => {
      dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tijori-cli-'));
      const database = await serverDatabaseEnv(dialect, dir);
      dropDatabase = database.drop;
      server = spawn(process.execPath, ['--import', 'tsx', 'packages/server/src/main.ts'], {
        cwd: REPO,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '',
          TIJORI_DATA_DIR: path.join(dir, 'data'),
          PORT: '0',
          LOG_LEVEL: 'info',
          TIJORI_SEED_DEMO: 'true',
          ...database.env,
        },
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
        server.on('exit', () => reject(new Error(log)));
      });
      // The board's own console user mints the key (operators would need their second factor).
      const signIn = await fetch(`${base}/api/v1/staff/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'cbse', password: 'tijori-issuer-demo', sessionType: 'bearer' }),
      });
      const { token } = (await signIn.json()) as { token: string };
      const key = await fetch(`${base}/api/v1/issuers/in.gov.cbse/credentials`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ kind: 'api_key', label: 'cli test' }),
      });
      apiKey = ((await key.json()) as { secret: string }).secret;
    }, 60_000);
    afterAll(async () => {
      if (server && server.exitCode === null) {
        const exited = new Promise((resolve) => server.once('exit', resolve));
        server.kill('SIGTERM');
        await exited;
      }
      await dropDatabase();
      await fs.rm(dir, { recursive: true, force: true });
    });

    it('uploads a CSV, follows the job, and lists rejected rows', async () => {
      const csv = path.join(dir, 'marks.csv');
      const lines = ['docType,docId,mobile,name,issuedOn,examination,rollNo,result,subject1'];
      for (let i = 1; i <= 500; i++)
        lines.push(
          `HSCER,2026${String(10000000 + i)},9${String(600000000 + i)},Student ${i},2026-05-12,Senior School Certificate Examination 2026,${10000000 + i},PASS,English Core: ${50 + (i % 50)}`,
        );
      lines.push('HSCER,2026BAD!,9600000999,Bad Row,2026-05-12,X,1,PASS,');
      lines.push('HSCER,202699999999,9600000998,No Result,2026-05-12,X,1,,');
      await fs.writeFile(csv, lines.join('\n'));
      const rejections = path.join(dir, 'rejected.csv');
      const { code, out } = await run(['packages/cli/src/main.ts', 'issue', '--file', csv, '--org', 'in.gov.cbse', '--rejections-out', rejections], {
        TIJORI_SERVER: base,
        TIJORI_API_KEY: apiKey,
      });
      expect(out).toContain('done: 500 issued, 2 rejected, 502 rows');
      expect(out).toMatch(/row 501: invalid_row/);
      expect(out).toMatch(/row 502: invalid_row — Field result is required/);
      expect(code).toBe(2);
      expect((await fs.readFile(rejections, 'utf8')).trim().split('\n')).toHaveLength(3);
    }, 60_000);

    it('explains a wrong key, a missing file and bad usage', async () => {
      const csv = path.join(dir, 'one.csv');
      await fs.writeFile(csv, 'docType,docId\n');
      const wrongKey = await run(['packages/cli/src/main.ts', 'issue', '--file', csv, '--org', 'in.gov.cbse'], {
        TIJORI_SERVER: base,
        TIJORI_API_KEY: 'tjk_nope.nope',
      });
      expect(wrongKey.code).toBe(1);
      expect(wrongKey.out).toContain('401 unauthenticated');
      const noKey = await run(['packages/cli/src/main.ts', 'issue', '--file', csv, '--org', 'in.gov.cbse'], { TIJORI_SERVER: base });
      expect(noKey.code).toBe(1);
      expect(noKey.out).toContain('API key');
      const usage = await run(['packages/cli/src/main.ts'], {});
      expect(usage.out).toContain('tijori issue --file');
    }, 60_000);
  });
