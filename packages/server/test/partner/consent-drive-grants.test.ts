import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EICAR } from '../../src/adapters/antivirus/eicar-scanner.js';
import { DIALECTS } from '../support/dialects.js';
import { signUp, type SignedUp } from '../support/residents.js';
import { answerConsent, authorizeUrl, issueTo, pkce, REDIRECT, registerRequester, token, type Registered } from '../support/requesters.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { pdfFile, pngFile } from '../support/upload-fixtures.js';
import { makeFolder, uploadRaw } from '../uploads/support.js';

const uriOf = (fileId: string) => `in.tijori.drive-UPLD-${fileId.replaceAll('-', '')}`;
const MISSING_FILE = { error: 'invalid_uri', error_description: 'No file found for given URI.' };
const MISSING_FOLDER = { error: 'invalid_id', error_description: 'The folder does not exist' };

for (const dialect of DIALECTS) {
  describe(`consent: single drive files and folders, uploads for asked types [${dialect}]`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp(dialect, { env: { TIJORI_SEED_DEMO: 'true' } });
    });
    afterAll(async () => t?.close());

    const get = (url: string, accessToken: string) => t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${accessToken}` } });

    const folder = (r: SignedUp, name: string, parentId?: string) => makeFolder(t, r.cookie, name, parentId);
    async function upload(r: SignedUp, bytes: Buffer, name: string, folderId?: string): Promise<string> {
      const res = await uploadRaw(t, r.cookie, bytes, { name, ...(folderId ? { folderId } : {}) });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id;
    }
    /** Starts an authorisation request; its id and PKCE verifier. */
    async function start(client: Registered, extra: Record<string, string> = {}): Promise<{ id: string; verifier: string }> {
      const { verifier, challenge } = pkce();
      const res = await t.app.inject({ method: 'GET', url: authorizeUrl(client.clientId, challenge, extra) });
      expect(res.statusCode, res.body).toBe(302);
      return { id: /^\/app\/consent\/([A-Za-z0-9_-]+)/.exec(res.headers.location as string)![1]!, verifier };
    }
    async function exchange(client: Registered, code: string, verifier: string) {
      const res = await token(t, client, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier });
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as { access_token: string; scope: string };
    }
    const confirm = (r: SignedUp, id: string, body: Record<string, unknown>) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/consent-requests/${id}/confirm`,
        headers: { cookie: r.cookie },
        payload: { pin: r.pin, documents: [], ...body },
      });
    const view = (r: SignedUp, id: string) => t.app.inject({ method: 'GET', url: `/api/v1/consent-requests/${id}`, headers: { cookie: r.cookie } });

    it('shows and serves only the picked files and folders; everything else answers as missing', async () => {
      const r = await signUp(t);
      const priv = await folder(r, 'Private');
      const kyc = await folder(r, 'KYC', priv);
      const old = await folder(r, 'Old', kyc);
      const other = await folder(r, 'Other');
      const inKyc = await upload(r, pngFile(), 'Photo.png', kyc);
      const inOld = await upload(r, pdfFile(1), 'Old lease.pdf', old);
      const inPriv = await upload(r, pdfFile(2), 'Diary.pdf', priv);
      const inOther = await upload(r, pdfFile(3), 'Loose in other.pdf', other);
      const loose = await upload(r, pdfFile(4), 'Rent agreement.pdf');
      const notPicked = await upload(r, pdfFile(5), 'Salary.pdf');
      const client = await registerRequester(t, { scopes: ['files.uploadeddocs'] });
      const { id, verifier } = await start(client);

      const screen = (await view(r, id)).json();
      expect(screen.drive.folders.map((f: { name: string }) => f.name).sort()).toEqual(['KYC', 'Old', 'Other', 'Private']);
      expect(screen.drive.files.map((f: { id: string }) => f.id).sort()).toEqual([inKyc, inOld, inPriv, inOther, loose, notPicked].sort());

      const code = await answerConsent(t, r, id, [], 'st-123', { folders: [kyc], files: [loose, inOther] });
      const at = (await exchange(client, code, verifier)).access_token;

      const root = (await get('/public/oauth2/1/files/', at)).json();
      expect(root.directory).toBe('/');
      // The granted folder is the top as the requester sees it: no parent, no "Private" above it.
      expect(root.items.map((i: { name: string }) => i.name)).toEqual(['KYC', 'Loose in other.pdf', 'Rent agreement.pdf']);
      expect(root.items.every((i: { parent: string }) => i.parent === '')).toBe(true);
      const kycList = (await get(`/public/oauth2/1/files/${kyc}`, at)).json();
      expect(kycList.directory).toBe('/KYC');
      expect(kycList.items.map((i: { id: string }) => i.id)).toEqual([old, inKyc]);
      expect((await get(`/public/oauth2/1/files/${old}`, at)).json()).toMatchObject({ directory: '/KYC/Old', items: [{ id: inOld, parent: old }] });
      for (const fileId of [inKyc, inOld, loose, inOther]) expect((await get(`/public/oauth2/1/file/${uriOf(fileId)}`, at)).statusCode, fileId).toBe(200);

      // Outside the grant: the folder above, a sibling folder, their files, an unpicked file.
      for (const f of [priv, other]) {
        const res = await get(`/public/oauth2/1/files/${f}`, at);
        expect(res.statusCode).toBe(404);
        expect(res.json()).toEqual(MISSING_FOLDER);
      }
      for (const fileId of [inPriv, notPicked]) {
        const res = await get(`/public/oauth2/1/file/${uriOf(fileId)}`, at);
        expect(res.statusCode).toBe(404);
        expect(res.json()).toEqual(MISSING_FILE);
      }

      // A file added later to a granted folder is covered; a binned picked file is gone.
      const later = await upload(r, pdfFile(6), 'Later.pdf', kyc);
      expect((await get(`/public/oauth2/1/file/${uriOf(later)}`, at)).statusCode).toBe(200);
      expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/me/files/${loose}`, headers: { cookie: r.cookie } })).statusCode).toBe(200);
      expect((await get(`/public/oauth2/1/file/${uriOf(loose)}`, at)).json()).toEqual(MISSING_FILE);
      expect((await get('/public/oauth2/1/files/', at)).json().items.map((i: { name: string }) => i.name)).toEqual(['KYC', 'Loose in other.pdf']);
    });

    it('grants no drive file when the resident picks none, and the whole drive when the answer names none (as before)', async () => {
      const r = await signUp(t);
      const f = await upload(r, pdfFile(), 'Mine.pdf');
      const client = await registerRequester(t, { scopes: ['files.uploadeddocs'] });
      const picked = await start(client);
      const none = await exchange(client, await answerConsent(t, r, picked.id, [], 'st-123', { files: [], folders: [] }), picked.verifier);
      expect((await get('/public/oauth2/1/files/', none.access_token)).json()).toEqual({ directory: '/', items: [] });
      expect((await get(`/public/oauth2/1/file/${uriOf(f)}`, none.access_token)).json()).toEqual(MISSING_FILE);

      const old = await start(client);
      const whole = await exchange(client, await answerConsent(t, r, old.id, []), old.verifier);
      expect((await get(`/public/oauth2/1/file/${uriOf(f)}`, whole.access_token)).statusCode).toBe(200);
    });

    it('refuses to grant what is not the resident’s, not clean, or not asked for', async () => {
      const r = await signUp(t);
      const other = await signUp(t);
      const theirs = await upload(other, pdfFile(), 'Theirs.pdf');
      const theirFolder = await folder(other, 'Theirs');
      const virus = await uploadRaw(t, r.cookie, pdfFile(1, `% ${EICAR}\n`), { name: 'virus.pdf' });
      expect(virus.statusCode).toBe(422);
      const mine = await upload(r, pdfFile(), 'Mine.pdf');
      const myFolder = await folder(r, 'Mine');
      const drive = await registerRequester(t, { scopes: ['files.uploadeddocs'] });
      const { id } = await start(drive);
      const virusId = (await t.app.inject({ method: 'GET', url: '/api/v1/me/files', headers: { cookie: r.cookie } }))
        .json()
        .files.find((f: { name: string }) => f.name === 'virus.pdf')?.id;
      for (const uploads of [
        { files: [theirs], folders: [] },
        { files: [], folders: [theirFolder] },
        { files: [virusId ?? theirs], folders: [] },
        { files: ['0190aaaa-bbbb-7ccc-8ddd-eeeeeeeeeeee'], folders: [] },
      ]) {
        const res = await confirm(r, id, { uploads });
        expect(res.statusCode, JSON.stringify(uploads)).toBe(400);
        expect(res.json().code).toBe('validation_failed');
      }
      expect((await confirm(r, id, { uploads: { files: ['not-a-uuid'], folders: [] } })).statusCode).toBe(400);

      // Without files.uploadeddocs (and no document type it lacks) the drive is not the requester's to ask for.
      const issuedOnly = await registerRequester(t, { scopes: ['files.issueddocs'] });
      const second = await start(issuedOnly);
      expect((await view(r, second.id)).json()).toMatchObject({ drive: null, missingDocTypes: [] });
      for (const uploads of [
        { files: [mine], folders: [] },
        { files: [], folders: [myFolder] },
      ])
        expect((await confirm(r, second.id, { uploads })).json().code).toBe('validation_failed');
    });

    it('offers to upload a document type asked for that the resident lacks, and grants the uploaded copy only', async () => {
      const r = await signUp(t);
      const unrelated = await upload(r, pdfFile(7), 'Unrelated.pdf');
      const client = await registerRequester(t, { scopes: ['files.issueddocs'], docTypes: ['in.gov.cbse-HSCER', 'in.gov.cbse-SSCER'] });
      // Registered types alone are not "asked for": nothing to upload is offered.
      const plain = await start(client);
      expect((await view(r, plain.id)).json().missingDocTypes).toEqual([]);

      await issueTo(t, r.mobile, 'SSCER');
      const { id, verifier } = await start(client, { req_doctype: 'in.gov.cbse-HSCER,in.gov.cbse-SSCER' });
      const screen = (await view(r, id)).json();
      expect(screen.missingDocTypes).toEqual([{ docType: 'in.gov.cbse-HSCER', name: 'Class XII Marksheet' }]);
      expect(screen.drive).toBeNull();

      const copy = await upload(r, pdfFile(8), 'Class XII Marksheet.pdf');
      const code = await answerConsent(t, r, id, [], 'st-123', { files: [copy], folders: [] });
      const tokens = await exchange(client, code, verifier);
      expect(tokens.scope.split(' ')).toContain('files.uploadeddocs');
      const file = await get(`/public/oauth2/1/file/${uriOf(copy)}`, tokens.access_token);
      expect(file.statusCode).toBe(200);
      expect(file.rawPayload.equals(pdfFile(8))).toBe(true);
      expect((await get('/public/oauth2/1/files/', tokens.access_token)).json().items.map((i: { id: string }) => i.id)).toEqual([copy]);
      expect((await get(`/public/oauth2/1/file/${uriOf(unrelated)}`, tokens.access_token)).json()).toEqual(MISSING_FILE);
      // Folders are never granted this way.
      const again = await start(client, { req_doctype: 'in.gov.cbse-HSCER' });
      expect((await confirm(r, again.id, { uploads: { files: [], folders: [await folder(r, 'KYC')] } })).json().code).toBe('validation_failed');
      // Holding the type, nothing is offered.
      await issueTo(t, r.mobile, 'HSCER');
      expect((await view(r, again.id)).json().missingDocTypes).toEqual([]);
    });

    it('refuses every drive call under a consent without files.uploadeddocs even with an upload granted elsewhere', async () => {
      const r = await signUp(t);
      const f = await upload(r, pdfFile(), 'Mine.pdf');
      const client = await registerRequester(t, { scopes: ['files.issueddocs'], docTypes: ['in.gov.cbse-HSCER'] });
      const { id, verifier } = await start(client, { req_doctype: 'in.gov.cbse-HSCER' });
      const tokens = await exchange(client, await answerConsent(t, r, id, []), verifier);
      expect(tokens.scope.split(' ')).not.toContain('files.uploadeddocs');
      expect((await get(`/public/oauth2/1/file/${uriOf(f)}`, tokens.access_token)).json().error).toBe('insufficient_scope');
    });
  });
}
