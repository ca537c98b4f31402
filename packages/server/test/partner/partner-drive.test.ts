import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EICAR } from '../../src/adapters/antivirus/eicar-scanner.js';
import { DIALECTS } from '../support/dialects.js';
import { signUp, type SignedUp } from '../support/residents.js';
import { consent, issueTo, pkce, REDIRECT, registerRequester, token } from '../support/requesters.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { pdfFile, pngFile } from '../support/upload-fixtures.js';
import { makeFolder, uploadRaw } from '../uploads/support.js';

for (const dialect of DIALECTS) {
  describe(`partner API: the resident's uploaded drive [${dialect}]`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp(dialect, { env: { TIJORI_SEED_DEMO: 'true' } });
    });
    afterAll(async () => t?.close());

    const get = (url: string, accessToken: string) => t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${accessToken}` } });

    async function accessToken(r: SignedUp, scopes: string[], documents: string[] = []): Promise<string> {
      const client = await registerRequester(t, { scopes });
      const { verifier, challenge } = pkce();
      const code = await consent(t, r, client.clientId, challenge, documents);
      const res = await token(t, client, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier });
      expect(res.statusCode, res.body).toBe(200);
      return res.json().access_token;
    }

    const folder = (r: SignedUp, name: string, parentId?: string) => makeFolder(t, r.cookie, name, parentId);

    async function upload(r: SignedUp, bytes: Buffer, name: string, folderId?: string): Promise<{ id: string; statusCode: number }> {
      const res = await uploadRaw(t, r.cookie, bytes, { name, ...(folderId ? { folderId } : {}) });
      return { id: res.json().id ?? res.json().fileId, statusCode: res.statusCode };
    }

    it('lists folders and clean files with files.uploadeddocs, serves a file by its URI, and nothing outside', async () => {
      const r = await signUp(t);
      const kyc = await folder(r, 'KYC');
      const sub = await folder(r, 'Old', kyc);
      const top = await upload(r, pdfFile(2), 'Rent agreement.pdf');
      const photo = await upload(r, pngFile(), 'Photo.png', kyc);
      const binned = await upload(r, pdfFile(), 'Binned.pdf');
      expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/me/files/${binned.id}`, headers: { cookie: r.cookie } })).statusCode).toBe(200);
      const virus = await upload(r, pdfFile(1, `% ${EICAR}\n`), 'virus.pdf');
      expect(virus.statusCode).toBe(422);
      const issued = await issueTo(t, r.mobile);
      const at = await accessToken(r, ['files.uploadeddocs']);

      const root = await get('/public/oauth2/1/files/', at);
      expect(root.statusCode, root.body).toBe(200);
      expect(root.json().directory).toBe('/');
      const items = root.json().items;
      expect(items.map((i: { name: string }) => i.name)).toEqual(['KYC', 'Rent agreement.pdf']);
      expect(items[0]).toMatchObject({ id: kyc, type: 'dir', parent: '', uri: '' });
      expect(items[1]).toMatchObject({ id: top.id, type: 'file', mime: 'application/pdf', parent: '', issuer: '' });
      expect(items[1].date).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      expect(Number(items[1].size)).toBe(pdfFile(2).length);

      const inKyc = (await get(`/public/oauth2/1/files/${kyc}`, at)).json();
      expect(inKyc.directory).toBe('/KYC');
      expect(inKyc.items.map((i: { id: string }) => i.id)).toEqual([sub, photo.id]);
      expect(inKyc.items[1]).toMatchObject({ type: 'file', mime: 'image/png', parent: kyc });
      expect((await get(`/public/oauth2/1/files/${sub}`, at)).json()).toEqual({ directory: '/KYC/Old', items: [] });

      const file = await get(`/public/oauth2/1/file/${inKyc.items[1].uri}`, at);
      expect(file.statusCode).toBe(200);
      expect(file.headers['content-type']).toBe('image/png');
      expect(file.rawPayload.equals(pngFile())).toBe(true);

      // Another resident's folder and file, a binned file and made-up ids: as if they did not exist.
      const other = await signUp(t);
      const theirs = await folder(other, 'Theirs');
      const theirFile = await upload(other, pdfFile(), 'Theirs.pdf');
      for (const id of [theirs, '0190aaaa-bbbb-7ccc-8ddd-eeeeeeeeeeee', 'not-an-id', '..%2F..%2Fetc']) {
        const refused = await get(`/public/oauth2/1/files/${id}`, at);
        expect(refused.statusCode, id).toBe(404);
        expect(refused.json()).toEqual({ error: 'invalid_id', error_description: 'The folder does not exist' });
      }
      for (const id of [theirFile.id, binned.id]) {
        const refused = await get(`/public/oauth2/1/file/in.tijori.drive-UPLD-${id.replaceAll('-', '')}`, at);
        expect(refused.statusCode).toBe(404);
        expect(refused.json()).toEqual({ error: 'invalid_uri', error_description: 'No file found for given URI.' });
      }
      // Uploaded files have no certificate XML; the issued document is not in this consent.
      expect((await get(`/public/oauth2/1/xml/${inKyc.items[1].uri}`, at)).json().error).toBe('insufficient_scope');
      expect((await get(`/public/oauth2/1/file/${issued}`, at)).json().error).toBe('insufficient_scope');

      const activity = (await t.app.inject({ method: 'GET', url: '/api/v1/me/activity', headers: { cookie: r.cookie } })).json().events;
      expect(activity.filter((e: { type: string }) => e.type === 'requester_accessed').length).toBe(4);
    });

    it('refuses the drive to a consent without files.uploadeddocs', async () => {
      const r = await signUp(t);
      const f = await upload(r, pdfFile(), 'Mine.pdf');
      const uri = `in.tijori.drive-UPLD-${f.id.replaceAll('-', '')}`;
      const at = await accessToken(r, ['files.issueddocs']);
      for (const url of ['/public/oauth2/1/files/', `/public/oauth2/1/files/${f.id}`, `/public/oauth2/1/file/${uri}`]) {
        const refused = await get(url, at);
        expect(refused.statusCode, url).toBe(403);
        expect(refused.json().error).toBe('insufficient_scope');
      }
      const unauthenticated = await t.app.inject({ method: 'GET', url: '/public/oauth2/1/files/' });
      expect(unauthenticated.statusCode).toBe(401);
      expect(unauthenticated.json().error).toBe('invalid_token');
    });
  });
}
