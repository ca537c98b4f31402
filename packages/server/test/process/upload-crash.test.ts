import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { startRuntime } from '../../src/runtime.js';
import { spawnServer, type ChildServer } from '../support/child-server.js';
import { DIALECTS } from '../support/dialects.js';
import { freshMobile } from '../support/residents.js';
import { serverDatabaseEnv } from '../support/server-database.js';
import { tempDir } from '../support/test-app.js';
import { pdfFile } from '../support/upload-fixtures.js';

const UPLOADS = 200;
const IN_FLIGHT = 16;
/** The server is killed when this many uploads have been acknowledged, the rest still running or waiting. */
const KILL_AFTER = 60;

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

for (const dialect of DIALECTS) {
  /**
   * Jepsen-style, for the drive: 200 uploads, the server SIGKILLed in the middle of them, then
   * started again on the same data. Every upload answered 201 is listed and reads back byte for
   * byte; every file listed is whole (its stored bytes are exactly one of the bodies sent); the
   * usage equals the sum of the sizes listed.
   */
  describe(`uploads survive kill -9 (${dialect})`, () => {
    const servers: ChildServer[] = [];
    let dataDir = '';
    let drop: (() => Promise<void>) | undefined;
    afterAll(async () => {
      for (const s of servers) if (s.child.exitCode === null) s.child.kill('SIGKILL');
      await Promise.all(servers.map((s) => s.exited));
      await drop?.();
      if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
    });

    it('keeps every acknowledged upload intact and lists nothing half-written', async () => {
      dataDir = await tempDir();
      const database = await serverDatabaseEnv(dialect, dataDir);
      drop = database.drop;
      const masterKey = randomBytes(32).toString('base64');
      const env = { ...database.env, TIJORI_DATA_DIR: dataDir, TIJORI_MASTER_KEY: masterKey, PORT: '0', LOG_LEVEL: 'info', TIJORI_SEED_DEMO: 'false' };
      const first = await spawnServer('src/main.ts', env, 100_000);
      servers.push(first);
      let base = `http://127.0.0.1:${first.port}`;

      const post = (path: string, body: unknown) =>
        fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const mobile = freshMobile();
      const { challengeId } = (await (await post('/api/v1/auth/sign-up', { mobile })).json()) as { challengeId: string };
      const { messages } = (await (await fetch(`${base}/api/v1/dev/sms-outbox?to=${mobile}`)).json()) as { messages: { body: string }[] };
      const otp = /\b(\d{6})\b/.exec(messages[0]!.body)![1]!;
      const { signupTicket } = (await (await post('/api/v1/auth/sign-up/verify', { challengeId, otp })).json()) as { signupTicket: string };
      const complete = await post('/api/v1/auth/sign-up/complete', { signupTicket, pin: '482913' });
      expect(complete.status).toBe(201);
      const cookie = complete.headers.get('set-cookie')!.split(';')[0]!;

      // Distinct PDFs of 20–150 KB, so that no two share a blob.
      const bodies = Array.from({ length: UPLOADS }, (_, i) => pdfFile(1, `% ${randomBytes(10_000 + ((i * 7919) % 65_000)).toString('hex')}\n`));
      const expected = new Map(bodies.map((b, i) => [`u${i}.pdf`, { sha: sha256(b), size: b.length }]));
      const acknowledged = new Map<string, string>(); // file id → name
      let killed: Promise<unknown> | undefined;
      let next = 0;
      const worker = async () => {
        while (next < UPLOADS) {
          const i = next++;
          const name = `u${i}.pdf`;
          try {
            const res = await fetch(`${base}/api/v1/me/files?name=${name}`, {
              method: 'POST',
              headers: { cookie, 'content-type': 'application/pdf' },
              body: bodies[i],
            });
            if (res.status !== 201) continue;
            const { id } = (await res.json()) as { id: string };
            acknowledged.set(id, name);
            if (acknowledged.size === KILL_AFTER) {
              first.child.kill('SIGKILL');
              killed = first.exited;
            }
          } catch {
            // The connection died with the server: not acknowledged.
          }
        }
      };
      await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
      await killed;
      expect(acknowledged.size).toBeGreaterThanOrEqual(KILL_AFTER);
      expect(acknowledged.size).toBeLessThan(UPLOADS);

      const second = await spawnServer('src/main.ts', env, 100_000);
      servers.push(second);
      base = `http://127.0.0.1:${second.port}`;
      const listing = await fetch(`${base}/api/v1/me/files`, { headers: { cookie } });
      expect(listing.status).toBe(200);
      const { files, usage } = (await listing.json()) as {
        files: { id: string; name: string; sizeBytes: number; status: string }[];
        usage: { usedBytes: number };
      };

      // Every acknowledged upload is listed, clean, and reads back byte for byte.
      const listed = new Map(files.map((f) => [f.id, f]));
      for (const [id, name] of acknowledged) {
        expect(listed.get(id), name).toMatchObject({ name, status: 'clean', sizeBytes: expected.get(name)!.size });
        const content = await fetch(`${base}/api/v1/me/files/${id}/content`, { headers: { cookie } });
        expect(content.status, name).toBe(200);
        expect(sha256(Buffer.from(await content.arrayBuffer())), name).toBe(expected.get(name)!.sha);
      }
      // Nothing half-written: each file listed (acknowledged or committed just before the kill)
      // is one of the bodies sent, whole, in the blob store under its recorded hash.
      const runtime = await startRuntime(loadConfig(env, dataDir), pino({ level: 'silent' }));
      try {
        for (const file of files) {
          const want = expected.get(file.name);
          expect(want, file.name).toBeDefined();
          expect(file.sizeBytes, file.name).toBe(want!.size);
          const row = await runtime.db.kysely.selectFrom('uploaded_files').select(['sha256']).where('id', '=', file.id).executeTakeFirstOrThrow();
          expect(row.sha256, file.name).toBe(want!.sha);
          const blob = await runtime.blobs.get(row.sha256);
          const chunks: Buffer[] = [];
          for await (const chunk of blob!.stream) chunks.push(chunk as Buffer);
          expect(sha256(Buffer.concat(chunks)), file.name).toBe(want!.sha);
        }
      } finally {
        await runtime.close();
      }
      expect(usage.usedBytes).toBe(files.reduce((sum, f) => sum + f.sizeBytes, 0));

      // And the drive still takes uploads.
      const after = await fetch(`${base}/api/v1/me/files?name=after.pdf`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/pdf' },
        body: pdfFile(1),
      });
      expect(after.status).toBe(201);
      second.child.kill('SIGTERM');
      await second.exited;
    }, 240_000);
  });
}
