import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { eicarScanner } from '../../src/adapters/antivirus/eicar-scanner.js';
import { createDomainDeps } from '../../src/app.js';
import type { ResidentActor } from '../../src/domain/actors.js';
import { binUploadedFile } from '../../src/domain/uploads/bin-file.js';
import { startDriveWorker } from '../../src/domain/uploads/drive-worker.js';
import { createFolder, updateFolder } from '../../src/domain/uploads/folders.js';
import { getUploadedFileForOwner, openUploadedFile } from '../../src/domain/uploads/read-file.js';
import { updateUploadedFile } from '../../src/domain/uploads/update-file.js';
import type { UploadDeps } from '../../src/domain/uploads/upload-deps.js';
import { uploadFile } from '../../src/domain/uploads/upload-file.js';
import { AppError } from '../../src/lib/errors.js';
import { DIALECTS } from '../support/dialects.js';
import { signUp } from '../support/residents.js';
import { S3RVER_CREDENTIALS, startS3rver } from '../support/s3rver.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { pdfFile, pngFile } from '../support/upload-fixtures.js';
import { uploadMultipart } from './support.js';

const actorOf = (residentId: string): ResidentActor => ({ kind: 'resident', residentId, sessionId: 'test' });
const notFound = expect.objectContaining({ code: 'not_found' }) as unknown as AppError;

for (const dialect of DIALECTS) {
  describe(`drive use-cases (${dialect})`, () => {
    let t: TestApp;
    let deps: UploadDeps;
    let owner: ResidentActor;
    let other: ResidentActor;
    beforeAll(async () => {
      t = await startTestApp(dialect);
      deps = { ...createDomainDeps(t.runtime), uploads: t.config.uploads, scanner: eicarScanner() };
      owner = actorOf((await signUp(t)).id);
      other = actorOf((await signUp(t)).id);
    });
    afterAll(async () => t?.close());

    it('refuses every action on a file or folder to anyone but its owner, as not found', async () => {
      const file = await uploadFile(deps, owner, { body: Readable.from([pdfFile(1)]), name: 'owned.pdf' }, null);
      const folder = await createFolder(deps, owner, { name: 'Owned' });
      await expect(getUploadedFileForOwner(deps, other, file.id)).rejects.toEqual(notFound);
      await expect(openUploadedFile(deps, other, file.id, null)).rejects.toEqual(notFound);
      await expect(updateUploadedFile(deps, other, file.id, { name: 'x' }, null)).rejects.toEqual(notFound);
      await expect(binUploadedFile(deps, other, file.id, null)).rejects.toEqual(notFound);
      await expect(updateFolder(deps, other, folder.id, { name: 'x' })).rejects.toEqual(notFound);
      await expect(uploadFile(deps, other, { body: Readable.from([pdfFile(1)]), name: 'x', folderId: folder.id }, null)).rejects.toEqual(notFound);
      // Moving one's own file into another resident's folder is refused the same way.
      const mine = await uploadFile(deps, other, { body: Readable.from([pdfFile(2)]), name: 'theirs.pdf' }, null);
      await expect(updateUploadedFile(deps, other, mine.id, { folderId: folder.id }, null)).rejects.toEqual(notFound);
      expect((await getUploadedFileForOwner(deps, owner, file.id)).name).toBe('owned.pdf');
    });

    it('runs housekeeping in one process at a time (lease)', async () => {
      const logger = pino({ level: 'silent' });
      const a = startDriveWorker(deps, logger, { intervalMs: 3_600_000 });
      const b = startDriveWorker(deps, logger, { intervalMs: 3_600_000 });
      try {
        expect((await a.runOnce()).ran).toBe(true);
        expect((await b.runOnce()).ran).toBe(false);
        expect((await a.runOnce()).ran).toBe(true); // the holder renews its lease
      } finally {
        await a.stop();
        await b.stop();
      }
    });

    /** A 400 KB PDF in 64 KB chunks, as a request body arrives. */
    const bigPdf = () => pdfFile(1, `% ${'x'.repeat(400_000)}\n`);
    const chunked = (bytes: Buffer) =>
      Readable.from(Array.from({ length: Math.ceil(bytes.length / 65_536) }, (_, i) => bytes.subarray(i * 65_536, (i + 1) * 65_536)));

    it('scans a file on its way in: the scanner sees every byte before the answer, and the store is not read back', async () => {
      const seen: Buffer[] = [];
      const spy = {
        kind: 'clamd' as const,
        scan: async (body: Readable) => {
          for await (const c of body) seen.push(c as Buffer);
          return { clean: true as const };
        },
      };
      let reads = 0;
      const blobs = new Proxy(deps.blobs, {
        get: (target, prop, receiver) =>
          prop === 'get' ? (...a: unknown[]) => (reads++, (target.get as (...x: unknown[]) => unknown)(...a)) : Reflect.get(target, prop, receiver),
      });
      const bytes = bigPdf();
      const file = await uploadFile({ ...deps, scanner: spy, blobs }, owner, { body: chunked(bytes), name: 'scanned.pdf' }, null);
      expect(file.status).toBe('clean');
      expect(Buffer.concat(seen).equals(bytes)).toBe(true);
      expect(reads).toBe(0);
    });

    it('stores the whole file when the scanner fails half-way or answers early, and never waits on it', async () => {
      const failing = {
        kind: 'clamd' as const,
        scan: async (body: Readable) => {
          for await (const _ of body) throw new AppError('scanner_unavailable', 'the socket closed');
          return { clean: true as const };
        },
      };
      const bytes = bigPdf();
      const half = await uploadFile({ ...deps, scanner: failing }, owner, { body: chunked(bytes), name: 'half.pdf' }, null);
      expect(half.status).toBe('scanning');
      const stored = await deps.blobs.get(createHash('sha256').update(bytes).digest('hex'));
      const back: Buffer[] = [];
      for await (const c of stored!.stream) back.push(c as Buffer);
      expect(Buffer.concat(back).equals(bytes)).toBe(true);
      // A scanner that stops reading once it has its verdict (it found something in the first chunk).
      const early = { kind: 'clamd' as const, scan: async () => ({ clean: false as const, signature: 'Test-Signature' }) };
      await expect(uploadFile({ ...deps, scanner: early }, owner, { body: chunked(bigPdf()), name: 'early.pdf' }, null)).rejects.toEqual(
        expect.objectContaining({ code: 'malware_found' }),
      );
    });

    it('scans later a file the scanner could not scan at upload', async () => {
      const down = { kind: 'clamd' as const, scan: async () => Promise.reject(new AppError('scanner_unavailable', 'down')) };
      const file = await uploadFile({ ...deps, scanner: down }, owner, { body: Readable.from([pdfFile(4)]), name: 'later.pdf' }, null);
      expect(file.status).toBe('scanning');
      await expect(getUploadedFileForOwner(deps, owner, file.id)).rejects.toEqual(expect.objectContaining({ code: 'file_not_ready' }));
      // An hour later: the previous test's lease has run out, and the file has waited long enough.
      const later = { ...deps, clock: { now: () => Date.now() + 3_600_000 } };
      const worker = startDriveWorker(later, pino({ level: 'silent' }), { intervalMs: 3_600_000 });
      try {
        expect((await worker.runOnce()).scanned).toBeGreaterThanOrEqual(1);
      } finally {
        await worker.stop();
      }
      expect((await getUploadedFileForOwner(deps, owner, file.id)).status).toBe('clean');
    });
  });

  describe(`drive on S3 through s3rver (${dialect})`, () => {
    let s3: Awaited<ReturnType<typeof startS3rver>>;
    let t: TestApp;
    const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
    beforeAll(async () => {
      s3 = await startS3rver('drive');
      process.env.AWS_ACCESS_KEY_ID = S3RVER_CREDENTIALS.accessKeyId;
      process.env.AWS_SECRET_ACCESS_KEY = S3RVER_CREDENTIALS.secretAccessKey;
      t = await startTestApp(dialect, { env: { BLOB_STORE_URL: 's3://drive/uploads', S3_ENDPOINT: s3.endpoint, S3_FORCE_PATH_STYLE: 'true' } });
    });
    afterAll(async () => {
      await t?.close();
      await s3?.close();
      process.env.AWS_ACCESS_KEY_ID = saved.id;
      process.env.AWS_SECRET_ACCESS_KEY = saved.secret;
    });

    it('uploads (multipart) and downloads the same bytes', async () => {
      expect(t.runtime.blobs.kind).toBe('s3');
      const r = await signUp(t);
      const png = pngFile(30, 20);
      const up = await uploadMultipart(t, r.cookie, png, 'photo.png');
      expect(up.statusCode, up.body).toBe(201);
      const down = await t.app.inject({ method: 'GET', url: `/api/v1/me/files/${up.json().id}/content`, headers: { cookie: r.cookie } });
      expect(down.statusCode).toBe(200);
      expect(createHash('sha256').update(down.rawPayload).digest('hex')).toBe(createHash('sha256').update(png).digest('hex'));
    });
  });
}
