import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/dialects.js';
import { signUp, type SignedUp } from '../support/residents.js';
import { answerConsent, authorizeUrl, pkce, REDIRECT, registerRequester, token, type Registered } from '../support/requesters.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { pdfFile, pngFile } from '../support/upload-fixtures.js';
import { makeFolder, uploadRaw } from '../uploads/support.js';

const hmacOf = (bytes: Buffer, secret: string) => createHmac('sha256', secret).update(bytes).digest('base64');
const uriOf = (fileId: string) => `in.tijori.drive-UPLD-${fileId.replaceAll('-', '')}`;

interface ListedConsent {
  id: string;
  requester: { clientId: string };
  drive: 'whole' | 'picked' | 'none';
  driveItems: { id: string; kind: 'folder' | 'file'; name: string | null; grantedAt: string }[];
  grantedAt: string;
}

for (const dialect of DIALECTS) {
  describe(`consent of picked drive items: the resident's list, the export, and the requester's uploads [${dialect}]`, () => {
    let t: TestApp;
    let now = Date.now();
    beforeAll(async () => {
      t = await startTestApp(dialect, { env: { TIJORI_SEED_DEMO: 'true' }, clock: { now: () => now } });
    });
    afterAll(async () => t?.close());

    const later = (ms: number) => {
      now += ms;
    };
    async function upload(r: SignedUp, bytes: Buffer, name: string, folderId?: string): Promise<string> {
      const res = await uploadRaw(t, r.cookie, bytes, { name, ...(folderId ? { folderId } : {}) });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id;
    }
    /** A consent of `client` answered with `uploads` (absent: the whole drive); its access token. */
    async function grant(r: SignedUp, client: Registered, uploads?: { files: string[]; folders: string[] }): Promise<string> {
      const { verifier, challenge } = pkce();
      const start = await t.app.inject({ method: 'GET', url: authorizeUrl(client.clientId, challenge) });
      const id = /^\/app\/consent\/([A-Za-z0-9_-]+)/.exec(start.headers.location as string)![1]!;
      const code = await answerConsent(t, r, id, [], 'st-123', uploads);
      const res = await token(t, client, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier });
      expect(res.statusCode, res.body).toBe(200);
      return res.json().access_token;
    }
    const consents = async (r: SignedUp) =>
      (await t.app.inject({ method: 'GET', url: '/api/v1/me/consents', headers: { cookie: r.cookie } })).json().consents as ListedConsent[];
    const get = (url: string, at: string) => t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${at}` } });
    function partnerUpload(client: Registered, at: string, bytes: Buffer, path: string, contentType = 'application/pdf') {
      return t.app.inject({
        method: 'POST',
        url: '/public/oauth2/1/file/upload',
        headers: { authorization: `Bearer ${at}`, path, 'content-type': contentType, hmac: hmacOf(bytes, client.clientSecret) },
        payload: bytes,
      });
    }
    const driveFiles = async (r: SignedUp) =>
      (await t.app.inject({ method: 'GET', url: '/api/v1/me/files?q=.', headers: { cookie: r.cookie } })).json().files as {
        id: string;
        name: string;
        folderId: string | null;
      }[];
    const driveFolders = async (r: SignedUp) => {
      const body = (await t.app.inject({ method: 'GET', url: '/api/v1/me/folders', headers: { cookie: r.cookie } })).json();
      return (Array.isArray(body) ? body : body.folders) as { id: string; name: string; parentId: string | null }[];
    };

    it('lists and exports each granted folder and file with its name, kind and when it was granted, beside whole-drive and no-drive consents', async () => {
      const r = await signUp(t);
      const priv = await makeFolder(t, r.cookie, 'Private');
      const kyc = await makeFolder(t, r.cookie, 'KYC', priv);
      const lease = await upload(r, pdfFile(1), 'Rent agreement.pdf');
      const reader = await registerRequester(t, { scopes: ['files.uploadeddocs'] });
      const other = await registerRequester(t, { scopes: ['userdetails'] });
      await grant(r, reader, { folders: [kyc], files: [lease] });
      later(60_000);
      await grant(r, reader);
      later(60_000);
      await grant(r, other, { files: [], folders: [] });

      const [none, whole, picked] = await consents(r);
      expect(none).toMatchObject({ requester: { clientId: other.clientId }, drive: 'none', driveItems: [] });
      expect(whole).toMatchObject({ requester: { clientId: reader.clientId }, drive: 'whole', driveItems: [] });
      expect(picked!.drive).toBe('picked');
      expect(picked!.driveItems).toEqual([
        { id: kyc, kind: 'folder', name: 'KYC', grantedAt: picked!.grantedAt },
        { id: lease, kind: 'file', name: 'Rent agreement.pdf', grantedAt: picked!.grantedAt },
      ]);

      const exported = (await t.app.inject({ method: 'GET', url: '/api/v1/me/consents/export', headers: { cookie: r.cookie } })).json();
      const inExport = exported.consents.find((c: ListedConsent) => c.id === picked!.id);
      expect(inExport).toMatchObject({ drive: 'picked', driveItems: picked!.driveItems });

      // A granted file moved to the bin stays in the record (the requester no longer sees it).
      expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/me/files/${lease}`, headers: { cookie: r.cookie } })).statusCode).toBe(200);
      expect((await consents(r)).find((c) => c.id === picked!.id)!.driveItems).toEqual(picked!.driveItems);

      // Nobody else's list names them.
      const stranger = await signUp(t);
      expect(JSON.stringify(await consents(stranger))).not.toContain('Rent agreement.pdf');
    });

    it('puts an upload in a shared folder or at the requester’s top, visible to it, and refuses any other folder', async () => {
      const r = await signUp(t);
      const priv = await makeFolder(t, r.cookie, 'Private');
      const kyc = await makeFolder(t, r.cookie, 'KYC', priv);
      const otherFolder = await makeFolder(t, r.cookie, 'Other');
      const diary = await upload(r, pdfFile(7), 'Diary.pdf');
      const client = await registerRequester(t, { scopes: ['files.uploadeddocs', 'files.upload'] });
      const at = await grant(r, client, { folders: [kyc], files: [] });
      const consentId = (await consents(r))[0]!.id;

      // Into the shared folder, making a folder inside it: the folder's grant covers both.
      const statement = pdfFile(11);
      const into = await partnerUpload(client, at, statement, '/KYC/Statements/march.pdf');
      expect(into.statusCode, into.body).toBe(200);
      expect(into.json()).toEqual({ details: { path: '/KYC/Statements/march.pdf', size: statement.length } });
      const statements = (await driveFolders(r)).find((f) => f.name === 'Statements')!;
      expect(statements.parentId).toBe(kyc);
      const inKyc = (await get(`/public/oauth2/1/files/${kyc}`, at)).json();
      expect(inKyc.items.map((i: { name: string }) => i.name)).toEqual(['Statements']);
      const march = (await get(`/public/oauth2/1/files/${statements.id}`, at)).json().items[0];
      expect(march).toMatchObject({ name: 'march.pdf', type: 'file' });
      expect((await get(`/public/oauth2/1/file/${march.uri}`, at)).statusCode).toBe(200);

      // A bare file name: the top of the drive, added to this consent alone.
      later(5 * 60_000);
      const png = pngFile();
      const top = await partnerUpload(client, at, png, '/receipt.png', 'image/png');
      expect(top.statusCode, top.body).toBe(200);
      expect(top.json()).toEqual({ details: { path: '/receipt.png', size: png.length } });
      const receipt = (await driveFiles(r)).find((f) => f.name === 'receipt.png')!;
      expect(receipt.folderId).toBeNull();
      const root = (await get('/public/oauth2/1/files/', at)).json();
      expect(root.items.map((i: { name: string }) => i.name)).toEqual(['KYC', 'receipt.png']);
      expect((await get(`/public/oauth2/1/file/${uriOf(receipt.id)}`, at)).statusCode).toBe(200);
      // Still nothing else of the drive.
      expect((await get(`/public/oauth2/1/file/${uriOf(diary)}`, at)).json().error).toBe('invalid_uri');
      expect((await get(`/public/oauth2/1/files/${otherFolder}`, at)).json().error).toBe('invalid_id');
      const listed = (await consents(r)).find((c) => c.id === consentId)!;
      expect(listed.driveItems.map((i) => [i.kind, i.name])).toEqual([
        ['folder', 'KYC'],
        ['file', 'receipt.png'],
      ]);
      expect(Date.parse(listed.driveItems[1]!.grantedAt) - Date.parse(listed.grantedAt)).toBeGreaterThanOrEqual(5 * 60_000);

      // A folder the requester cannot see — beside, above, or new — is refused, and nothing is stored.
      const before = { files: (await driveFiles(r)).length, folders: (await driveFolders(r)).length };
      for (const path of ['/Other/x.pdf', '/Private/x.pdf', '/Private/KYC/x.pdf', '/Bank/x.pdf']) {
        const bytes = pdfFile(13);
        const refused = await partnerUpload(client, at, bytes, path);
        expect(refused.statusCode, path).toBe(403);
        expect(refused.json()).toEqual({ error: 'path_not_granted', error_description: expect.stringContaining('shared no folder of that name') });
      }
      expect({ files: (await driveFiles(r)).length, folders: (await driveFolders(r)).length }).toEqual(before);
    });

    it('under a consent that shares no folder, a file goes to the requester’s top and a folder path is refused', async () => {
      const r = await signUp(t);
      await makeFolder(t, r.cookie, 'Bank');
      const client = await registerRequester(t, { scopes: ['files.uploadeddocs', 'files.upload'] });
      const at = await grant(r, client, { files: [], folders: [] });
      expect((await get('/public/oauth2/1/files/', at)).json().items).toEqual([]);

      const bytes = pdfFile(17);
      const refused = await partnerUpload(client, at, bytes, '/Bank/statement.pdf');
      expect(refused.statusCode).toBe(403);
      expect(refused.json().error).toBe('path_not_granted');
      expect((await driveFiles(r)).map((f) => f.name)).toEqual([]);

      const ok = await partnerUpload(client, at, bytes, 'statement.pdf');
      expect(ok.statusCode, ok.body).toBe(200);
      expect((await get('/public/oauth2/1/files/', at)).json().items.map((i: { name: string }) => i.name)).toEqual(['statement.pdf']);
      // Another consent of the same requester does not gain it.
      const second = await grant(r, client, { files: [], folders: [] });
      expect((await get('/public/oauth2/1/files/', second)).json().items).toEqual([]);
    });
  });
}
