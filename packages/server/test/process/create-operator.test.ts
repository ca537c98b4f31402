import fs from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { runToExit, spawnServer } from '../support/child-server.js';
import { DIALECTS } from '../support/dialects.js';
import { serverDatabaseEnv } from '../support/server-database.js';
import { tempDir } from '../support/test-app.js';

for (const dialect of DIALECTS) {
  describe(`bootstrapping an operator from the command line (production mode) [${dialect}]`, () => {
    let dir = '';
    let drop: (() => Promise<void>) | undefined;
    afterAll(async () => {
      await drop?.();
      if (dir) await fs.rm(dir, { recursive: true, force: true });
    });

    // Server processes started from the sources (tsx, migrations, seeding) on a busy two-core machine.
    it('creates an operator with a password shown once, whose first console sign-in leads to setting up a second factor', { timeout: 120_000 }, async () => {
      dir = await tempDir();
      const database = await serverDatabaseEnv(dialect, dir);
      drop = database.drop;
      const env = {
        ...database.env,
        TIJORI_DATA_DIR: dir,
        NODE_ENV: 'production',
        TIJORI_ALLOW_DEV_ADAPTERS: 'true',
        TIJORI_MASTER_KEY: Buffer.alloc(32, 3).toString('base64'),
      };
      const made = await runToExit('src/cli/create-operator.ts', env, ['--username', 'ops.admin', '--name', 'Ops']);
      expect(made.code).toBe(0);
      const password = /password \(shown once\): (\S+)/.exec(made.output)?.[1];
      expect(password).toBeDefined();
      const again = await runToExit('src/cli/create-operator.ts', env, ['--username', 'ops.admin']);
      expect(again.code).toBe(1);
      expect(again.output).toContain('taken');
      const bad = await runToExit('src/cli/create-operator.ts', env, []);
      expect(bad.code).toBe(1);
      expect(bad.output).toContain('--username');

      const server = await spawnServer('src/main.ts', { ...env, PORT: '0', LOG_LEVEL: 'info' });
      try {
        const res = await fetch(`http://127.0.0.1:${server.port}/api/v1/staff/sign-in`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: 'ops.admin', password }),
        });
        expect(res.status).toBe(200);
        expect(await res.json()).toMatchObject({ role: 'operator', next: 'enrol_totp' });
        // The session opens the set-up of the second factor and nothing else.
        const cookie = res.headers.getSetCookie()[0]!.split(';')[0]!;
        const me = await fetch(`http://127.0.0.1:${server.port}/api/v1/staff/me`, { headers: { cookie } });
        expect(((await me.json()) as { code: string }).code).toBe('totp_enrolment_required');
        const status = await fetch(`http://127.0.0.1:${server.port}/api/v1/staff/totp`, { headers: { cookie } });
        expect(await status.json()).toEqual({ enrolled: false, required: true, recoveryCodesLeft: 0 });
        // Production mode seeds no demo accounts.
        const demo = await fetch(`http://127.0.0.1:${server.port}/api/v1/staff/sign-in`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: 'operator', password: 'tijori-operator-demo' }),
        });
        expect(demo.status).toBe(401);
      } finally {
        server.child.kill('SIGTERM');
        await server.exited;
      }
    });
  });
}
