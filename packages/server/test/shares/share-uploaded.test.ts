import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDomainDeps } from '../../src/app.js';
import { createShare } from '../../src/domain/shares/create-share.js';
import { purgeBin } from '../../src/domain/uploads/purge-bin.js';
import { BIN_MS } from '../../src/domain/uploads/upload-deps.js';
import { DIALECTS } from '../support/dialects.js';
import { signUp, type SignedUp } from '../support/residents.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { pdfFile, pngFile } from '../support/upload-fixtures.js';
import { uploadRaw } from '../uploads/support.js';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

for (const dialect of DIALECTS) {
  describe(`sharing an uploaded file [${dialect}]`, () => {
    let t: TestApp;
    let asha: SignedUp;
    let ravi: SignedUp;
    beforeAll(async () => {
      t = await startTestApp(dialect);
      asha = await signUp(t);
      ravi = await signUp(t);
    });
    afterAll(async () => t?.close());

    const upload = async (who: SignedUp, bytes: Buffer, name: string) => {
      const res = await uploadRaw(t, who.cookie, bytes, { name });
      expect(res.statusCode, res.body).toBe(201);
      return res.json() as { id: string };
    };
    const share = (who: SignedUp, fileId: string, extra: Record<string, unknown> = {}) =>
      t.app.inject({ method: 'POST', url: '/api/v1/me/shares', headers: { cookie: who.cookie }, payload: { target: { kind: 'uploaded', fileId }, ...extra } });
    const open = (token: string) => t.app.inject({ method: 'POST', url: '/api/v1/public/shares/open', payload: { token } });
    const fetchFile = (grant: string, disposition?: 'inline' | 'attachment') =>
      t.app.inject({ method: 'POST', url: '/api/v1/public/shares/download', payload: { grant, ...(disposition ? { disposition } : {}) } });
    const activity = async (residentId: string) =>
      (await t.runtime.db.kysely.selectFrom('activity_events').select(['type', 'details']).where('resident_id', '=', residentId).orderBy('seq').execute()).map(
        (e): Record<string, unknown> => ({ type: e.type, ...(JSON.parse(e.details) as Record<string, unknown>) }),
      );

    it('shares an uploaded PDF without a PIN: opened publicly, downloaded byte for byte, the file named in the activity log', async () => {
      const pdf = pdfFile(2, 'rent agreement');
      const file = await upload(asha, pdf, 'Rent agreement.pdf');
      const created = await share(asha, file.id, { allowDownload: true });
      expect(created.statusCode, created.body).toBe(201);
      expect(created.json()).toMatchObject({ pinProtected: false, target: { kind: 'uploaded', version: 1, title: 'Rent agreement.pdf' } });

      const opened = await open(created.json().token);
      expect(opened.statusCode, opened.body).toBe(200);
      const body = opened.json();
      expect(body.document).toEqual({
        kind: 'uploaded',
        title: 'Rent agreement.pdf',
        name: 'Rent agreement.pdf',
        mediaType: 'application/pdf',
        size: pdf.length,
        pages: 2,
        version: 1,
      });
      expect(body.document.verification).toBeUndefined();
      expect(body.downloadGrant).toEqual(expect.any(String));

      const down = await fetchFile(body.downloadGrant);
      expect(down.statusCode).toBe(200);
      expect(down.headers['content-type']).toBe('application/pdf');
      expect(down.headers['content-disposition']).toBe(`attachment; filename="Rent agreement.pdf"; filename*=UTF-8''Rent%20agreement.pdf`);
      expect(down.headers['x-content-type-options']).toBe('nosniff');
      expect(sha(down.rawPayload)).toBe(sha(pdf));
      const inline = await fetchFile(body.previewGrant, 'inline');
      expect(inline.statusCode).toBe(200);
      expect(inline.headers['content-security-policy']).toContain('sandbox');
      expect(sha(inline.rawPayload)).toBe(sha(pdf));

      const log = await activity(asha.id);
      expect(log.find((e) => e.type === 'share_created')).toMatchObject({ shareId: created.json().id, document: 'Rent agreement.pdf' });
      expect(log.find((e) => e.type === 'share_opened')).toMatchObject({ shareId: created.json().id, document: 'Rent agreement.pdf' });
    });

    it('previews without download permission, but downloading is refused', async () => {
      const png = pngFile(4, 3);
      const file = await upload(asha, png, 'photo.png');
      const token = (await share(asha, file.id)).json().token as string;
      const body = (await open(token)).json();
      expect(body.downloadGrant).toBeNull();
      expect(body.document).toMatchObject({ kind: 'uploaded', mediaType: 'image/png', size: png.length });
      const inline = await fetchFile(body.previewGrant, 'inline');
      expect(inline.statusCode).toBe(200);
      expect(sha(inline.rawPayload)).toBe(sha(png));
      const refused = await fetchFile(body.previewGrant);
      expect(refused.statusCode).toBe(403);
      expect(refused.json().code).toBe('forbidden');
    });

    it('a rename and a new upload under the same name change nothing an old link shows', async () => {
      const first = pdfFile(1, 'first version');
      const file = await upload(asha, first, 'Salary slip.pdf');
      const token = (await share(asha, file.id, { allowDownload: true })).json().token as string;

      expect(
        (await t.app.inject({ method: 'PATCH', url: `/api/v1/me/files/${file.id}`, headers: { cookie: asha.cookie }, payload: { name: 'Renamed.pdf' } }))
          .statusCode,
      ).toBe(200);
      const second = pdfFile(3, 'second version');
      await upload(asha, second, 'Salary slip.pdf');

      const body = (await open(token)).json();
      expect(body.document).toMatchObject({ name: 'Salary slip.pdf', size: first.length, pages: 1 });
      expect(sha((await fetchFile(body.downloadGrant)).rawPayload)).toBe(sha(first));
    });

    it("refuses another resident's file exactly like a missing one, in the route and the use-case", async () => {
      const ravis = await upload(ravi, pdfFile(1, 'ravi'), 'Ravi.pdf');
      const theirs = await share(asha, ravis.id);
      const missing = await share(asha, '01900000-0000-7000-8000-000000000000');
      expect(theirs.statusCode).toBe(404);
      expect(missing.statusCode).toBe(404);
      expect(theirs.json().code).toBe('not_found');
      expect({ ...theirs.json(), requestId: null, instance: null }).toEqual({ ...missing.json(), requestId: null, instance: null });

      expect((await share(asha, '../etc/passwd')).json().code).toBe('validation_failed');

      const deps = createDomainDeps(t.runtime);
      const actor = { kind: 'resident' as const, residentId: asha.id, sessionId: 'test' };
      await expect(createShare(deps, actor, { ip: '127.0.0.1', device: 'test' }, { target: { kind: 'uploaded', fileId: ravis.id } })).rejects.toMatchObject({
        code: 'not_found',
      });
      const rows = await t.runtime.db.kysely.selectFrom('shares').select('id').where('target_id', '=', ravis.id).execute();
      expect(rows).toEqual([]);
    });

    it('binning the file makes the link answer share_file_removed (logged); after the purge the blob is kept but never served', async () => {
      const pdf = pdfFile(1, 'to be binned');
      const file = await upload(asha, pdf, 'Binned.pdf');
      const token = (await share(asha, file.id, { allowDownload: true })).json().token as string;
      const grant = (await open(token)).json().downloadGrant as string;

      expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/me/files/${file.id}`, headers: { cookie: asha.cookie } })).statusCode).toBeLessThan(300);
      const refused = await open(token);
      expect(refused.statusCode).toBe(410);
      expect(refused.json().code).toBe('share_file_removed');
      expect(JSON.stringify(refused.json())).not.toContain('Binned.pdf');
      expect((await fetchFile(grant)).json().code).toBe('share_file_removed');
      const log = await activity(asha.id);
      expect(log.some((e) => e.type === 'share_refused' && e.reason === 'file_removed' && e.document === 'Binned.pdf')).toBe(true);
      // Opening a removed file took no view.
      const list = (await t.app.inject({ method: 'GET', url: '/api/v1/me/shares', headers: { cookie: asha.cookie } })).json();
      expect([...list.live, ...list.past].find((s: { target: { title: string } }) => s.target.title === 'Binned.pdf').viewCount).toBe(1);

      // Restored, it shows again; binned and purged, it stays dead even though the link still holds the blob.
      await t.app.inject({ method: 'POST', url: `/api/v1/me/files/${file.id}/restore`, headers: { cookie: asha.cookie } });
      expect((await open(token)).statusCode).toBe(200);
      await t.app.inject({ method: 'DELETE', url: `/api/v1/me/files/${file.id}`, headers: { cookie: asha.cookie } });
      await purgeBin({ ...createDomainDeps(t.runtime), clock: { now: () => Date.now() + BIN_MS + 1000 } });
      expect((await t.app.inject({ method: 'GET', url: `/api/v1/me/files/${file.id}`, headers: { cookie: asha.cookie } })).statusCode).toBe(404);
      expect(await t.runtime.blobs.head(sha(pdf))).not.toBeNull(); // the share's blob reference kept it
      expect((await open(token)).json().code).toBe('share_file_removed');
      expect((await fetchFile(grant)).json().code).toBe('share_file_removed');
      // A new upload of the same name and bytes does not revive the dead link.
      await upload(asha, pdf, 'Binned.pdf');
      expect((await open(token)).json().code).toBe('share_file_removed');
    });
  });
}
