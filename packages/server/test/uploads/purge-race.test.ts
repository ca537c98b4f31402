import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eicarScanner } from '../../src/adapters/antivirus/eicar-scanner.js';
import { createDomainDeps } from '../../src/app.js';
import type { BlobStore } from '../../src/blobs/blob-store.js';
import type { ResidentActor } from '../../src/domain/actors.js';
import type { Repositories } from '../../src/domain/context.js';
import type { DocumentRow } from '../../src/repositories/documents.repository.js';
import { keepIssuerOriginals } from '../../src/domain/documents/issuer-originals.js';
import { binUploadedFile } from '../../src/domain/uploads/bin-file.js';
import { purgeBin } from '../../src/domain/uploads/purge-bin.js';
import { BIN_MS, type UploadDeps } from '../../src/domain/uploads/upload-deps.js';
import { uploadFile } from '../../src/domain/uploads/upload-file.js';
import { DIALECTS } from '../support/dialects.js';
import { signUp, type SignedUp } from '../support/residents.js';
import { S3RVER_CREDENTIALS, startS3rver } from '../support/s3rver.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { pdfFile } from '../support/upload-fixtures.js';
import { uploadRaw } from './support.js';

/**
 * Issue 19: an upload of content identical to a blob being purged. The purge and the upload are
 * interleaved step by step (hooks in the blob store and in the transactions); whatever the order,
 * an upload either answers with its bytes readable or is refused (storage_busy) leaving nothing.
 */
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const actorOf = (r: SignedUp): ResidentActor => ({ kind: 'resident', residentId: r.id, sessionId: 'test' });
const later = { now: () => Date.now() + BIN_MS + 60_000 };
let unique = 0;
const freshPdf = () => pdfFile(1, `% purge race ${process.pid} ${Date.now()} ${unique++}\n`);

const STORES = [
  { name: 'file store', env: {} },
  { name: 'S3 store through s3rver', env: { BLOB_STORE_URL: 's3://purge/race', S3_FORCE_PATH_STYLE: 'true' } },
] as const;

for (const dialect of DIALECTS) {
  for (const store of STORES) {
    describe(`purging a blob while identical bytes are uploaded (${dialect}, ${store.name})`, () => {
      let t: TestApp;
      let deps: UploadDeps;
      let asha: SignedUp;
      let ravi: SignedUp;
      let s3: Awaited<ReturnType<typeof startS3rver>> | undefined;
      const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
      beforeAll(async () => {
        let env: Record<string, string> = { ...store.env };
        if ('BLOB_STORE_URL' in store.env) {
          s3 = await startS3rver('purge');
          process.env.AWS_ACCESS_KEY_ID = S3RVER_CREDENTIALS.accessKeyId;
          process.env.AWS_SECRET_ACCESS_KEY = S3RVER_CREDENTIALS.secretAccessKey;
          env = { ...env, S3_ENDPOINT: s3.endpoint };
        }
        t = await startTestApp(dialect, { env });
        deps = { ...createDomainDeps(t.runtime), uploads: t.config.uploads, scanner: eicarScanner() };
        asha = await signUp(t);
        ravi = await signUp(t);
      });
      afterAll(async () => {
        await t?.close();
        await s3?.close();
        process.env.AWS_ACCESS_KEY_ID = saved.id;
        process.env.AWS_SECRET_ACCESS_KEY = saved.secret;
      });

      /** Asha uploads `bytes` and bins the file: 30 days later (`later`) its blob is due for purging. */
      async function binned(bytes: Buffer): Promise<void> {
        const file = await uploadFile(deps, actorOf(asha), { body: Readable.from([bytes]), name: 'old.pdf' }, null);
        await binUploadedFile(deps, actorOf(asha), file.id, null);
      }

      /** Every file the resident's drive lists reads back whole; the names and hashes of those files. */
      async function listedFiles(r: SignedUp): Promise<{ name: string; sha256: string }[]> {
        const res = await t.app.inject({ method: 'GET', url: '/api/v1/me/files', headers: { cookie: r.cookie } });
        expect(res.statusCode, res.body).toBe(200);
        const out = [];
        for (const f of res.json().files as { id: string; name: string }[]) {
          const down = await t.app.inject({ method: 'GET', url: `/api/v1/me/files/${f.id}/content`, headers: { cookie: r.cookie } });
          expect(down.statusCode, `${f.name}: ${down.body}`).toBe(200);
          out.push({ name: f.name, sha256: sha(down.rawPayload) });
        }
        return out;
      }

      /** Ravi's upload of `bytes` named `name`: listed and readable, or refused as storage_busy and not listed. */
      async function expectWholeOrRefused(upload: Promise<unknown>, name: string, bytes: Buffer): Promise<'stored' | 'refused'> {
        const outcome = await upload.then(
          () => 'stored' as const,
          (err: unknown) => {
            expect(err).toMatchObject({ code: 'storage_busy' });
            return 'refused' as const;
          },
        );
        const mine = (await listedFiles(ravi)).filter((f) => f.name === name);
        expect(mine).toEqual(outcome === 'stored' ? [{ name, sha256: sha(bytes) }] : []);
        return outcome;
      }

      /** Waits until a statement starting with `statement` waits for a row lock (PostgreSQL), or until `running` settles. */
      async function blockedOn(statement: string, running: Promise<unknown>): Promise<void> {
        let settled = false;
        running.then(
          () => (settled = true),
          () => (settled = true),
        );
        if (dialect === 'sqlite') {
          // One connection per process: the other side's transaction waits for this one.
          for (let i = 0; i < 20 && !settled; i++) await new Promise((r) => setImmediate(r));
          return;
        }
        const until = Date.now() + 10_000;
        while (!settled && Date.now() < until) {
          const waiting = await sql`select 1 from pg_stat_activity where wait_event_type = 'Lock' and query like ${statement + '%'}`.execute(
            t.runtime.db.kysely,
          );
          if (waiting.rows.length > 0) return;
          await new Promise((r) => setTimeout(r, 5));
        }
      }

      /** The blob store, with `afterPut` run once a put has stored (or found) the bytes and before it answers. */
      const storeWith = (afterPut: () => Promise<void>): BlobStore => ({
        ...deps.blobs,
        put: async (...args: Parameters<BlobStore['put']>) => {
          const stored = await deps.blobs.put(...args);
          await afterPut();
          return stored;
        },
      });

      /** The purge (30 days later) commits its first transaction, and its process stops before deleting the bytes. */
      async function purgeStoppingBeforeTheBytes(): Promise<void> {
        const stops = { ...deps, clock: later, blobs: { ...deps.blobs, delete: async () => Promise.reject(new Error('the process stopped')) } };
        await expect(purgeBin(stops)).rejects.toThrow('the process stopped');
      }

      const purgeRows = async (bytes: Buffer) =>
        t.runtime.db.kysely.selectFrom('blob_purges').select(['started_at', 'done_at']).where('sha256', '=', sha(bytes)).execute();

      it('refuses an upload whose bytes a purge deletes after the put found them; the same upload then succeeds', async () => {
        const bytes = freshPdf();
        await binned(bytes);
        // The put finds the bytes stored; before the upload records them, the whole purge runs.
        let purged = { files: 0, blobs: 0 };
        const racing = storeWith(async () => void (purged = await purgeBin({ ...deps, clock: later })));
        const outcome = await expectWholeOrRefused(
          uploadFile({ ...deps, blobs: racing }, actorOf(ravi), { body: Readable.from([bytes]), name: 'a.pdf' }, null),
          'a.pdf',
          bytes,
        );
        expect(outcome).toBe('refused');
        expect(purged.blobs).toBe(1);
        expect(await deps.blobs.head(sha(bytes))).toBeNull();
        const usage = await t.app.inject({ method: 'GET', url: '/api/v1/me/files', headers: { cookie: ravi.cookie } });
        expect(usage.json().usage.usedBytes).toBe(0);

        // Tried again, the put writes the bytes anew and the upload records them.
        expect(await expectWholeOrRefused(uploadFile(deps, actorOf(ravi), { body: Readable.from([bytes]), name: 'a.pdf' }, null), 'a.pdf', bytes)).toBe(
          'stored',
        );
        expect(await purgeRows(bytes)).toEqual([]);
      });

      it('finishes a purge its process left between forgetting the blob and deleting the bytes; later uploads of the bytes work', async () => {
        const bytes = freshPdf();
        await binned(bytes);
        // The purge commits its first transaction and the process stops before deleting the bytes.
        await purgeStoppingBeforeTheBytes();
        expect(await purgeRows(bytes)).toEqual([{ started_at: expect.any(Number), done_at: null }]);
        expect(await deps.blobs.head(sha(bytes))).not.toBeNull();
        // Meanwhile an upload of the same bytes is refused, and asked to come back.
        const res = await uploadRaw(t, ravi.cookie, bytes, { name: 'c.pdf' });
        expect(res.statusCode, res.body).toBe(503);
        expect(res.headers['retry-after']).toBe('5');
        expect(res.json()).toMatchObject({ code: 'storage_busy', detail: "This file's storage is being tidied up; try again in a moment." });
        expect((await listedFiles(ravi)).map((f) => f.name)).not.toContain('c.pdf');

        // Within the lease the next run leaves it (its process may still be working on it)…
        await purgeBin(deps);
        expect((await purgeRows(bytes))[0]?.done_at).toBeNull();
        // …after it, the run deletes the bytes and marks the purge done.
        const run = await purgeBin({ ...deps, clock: { now: () => later.now() + 10 * 60_000 } });
        expect(run.blobs).toBeGreaterThanOrEqual(1);
        expect(await deps.blobs.head(sha(bytes))).toBeNull();
        expect((await purgeRows(bytes))[0]?.done_at).toEqual(expect.any(Number));

        const again = await uploadRaw(t, ravi.cookie, bytes, { name: 'c.pdf' });
        expect(again.statusCode, again.body).toBe(201);
        expect(await listedFiles(ravi)).toContainEqual({ name: 'c.pdf', sha256: sha(bytes) });
        expect(await purgeRows(bytes)).toEqual([]);
      });

      it("issues a document without the issuer's original whose identical bytes are being purged, rather than failing", async () => {
        const bytes = freshPdf();
        await binned(bytes);
        await purgeStoppingBeforeTheBytes();
        const doc = { id: 'a-document-issued-just-now', version: 1 } as DocumentRow;
        await keepIssuerOriginals(deps, doc, { pdf: bytes });
        expect(await t.runtime.db.kysely.selectFrom('document_renderings').select('sha256').where('document_id', '=', doc.id).execute()).toEqual([]);
        await purgeBin({ ...deps, clock: { now: () => later.now() + 10 * 60_000 } });
        expect(await deps.blobs.head(sha(bytes))).toBeNull();
      });

      it('leaves the blob when an upload recorded it before the purge checked (the purge waits for the upload)', async () => {
        const bytes = freshPdf();
        await binned(bytes);
        let purge: Promise<{ files: number; blobs: number }> | undefined;
        // Inside the upload's transaction, once it has recorded the blob and before it records the
        // file: the purge starts, and must wait for the upload.
        const writer: UploadDeps = {
          ...deps,
          transaction: (fn) =>
            deps.transaction((repos) =>
              fn({
                ...repos,
                blobs: {
                  ...repos.blobs,
                  insertMany: async (rows) => {
                    const purges = await repos.blobs.insertMany(rows);
                    purge = purgeBin({ ...deps, clock: later });
                    await blockedOn('update "blobs"', purge);
                    return purges;
                  },
                },
              }),
            ),
        };
        expect(await expectWholeOrRefused(uploadFile(writer, actorOf(ravi), { body: Readable.from([bytes]), name: 'd.pdf' }, null), 'd.pdf', bytes)).toBe(
          'stored',
        );
        expect((await purge!).files).toBeGreaterThanOrEqual(1);
        expect(await deps.blobs.head(sha(bytes))).not.toBeNull();
        expect(await listedFiles(ravi)).toContainEqual({ name: 'd.pdf', sha256: sha(bytes) });
        expect(await purgeRows(bytes)).toEqual([]);
      });

      it('refuses an upload that records the blob while the purge holds it, or stores it whole', async () => {
        const bytes = freshPdf();
        await binned(bytes);
        let upload: Promise<unknown> | undefined;
        // Inside the purge's first transaction, once it has forgotten the blob: the upload runs,
        // and its transaction waits for the purge's.
        const purger = {
          ...deps,
          clock: later,
          transaction: <T>(fn: (repos: Repositories) => Promise<T>) =>
            deps.transaction(async (repos) => {
              const result = await fn(repos);
              if (result === true && !upload) {
                upload = uploadFile(deps, actorOf(ravi), { body: Readable.from([bytes]), name: 'e.pdf' }, null);
                await blockedOn('insert into "blobs"', upload);
              }
              return result;
            }),
        };
        expect((await purgeBin(purger)).blobs).toBe(1);
        expect(upload).toBeDefined();
        await expectWholeOrRefused(upload!, 'e.pdf', bytes);
      });
    });
  }
}
