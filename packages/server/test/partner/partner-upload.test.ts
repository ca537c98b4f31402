import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EICAR } from '../../src/adapters/antivirus/eicar-scanner.js';
import { DIALECTS } from '../support/dialects.js';
import { signUp, type SignedUp } from '../support/residents.js';
import { consent, pkce, REDIRECT, registerRequester, token, type Registered } from '../support/requesters.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { pdfFile, pngFile, tinyJpeg } from '../support/upload-fixtures.js';

const hmacOf = (bytes: Buffer, secret: string) => createHmac('sha256', secret).update(bytes).digest('base64');

for (const dialect of DIALECTS) {
  describe(`partner API: file upload with HMAC [${dialect}]`, () => {
    let t: TestApp;
    let r: SignedUp;
    let client: Registered;
    let at: string;
    beforeAll(async () => {
      t = await startTestApp(dialect, { env: { TIJORI_SEED_DEMO: 'true' } });
      r = await signUp(t);
      client = await registerRequester(t, { scopes: ['files.uploadeddocs', 'files.upload'] });
      at = await accessToken(client, r);
    });
    afterAll(async () => t?.close());

    async function accessToken(c: Registered, resident: SignedUp): Promise<string> {
      const { verifier, challenge } = pkce();
      const code = await consent(t, resident, c.clientId, challenge, []);
      const res = await token(t, c, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier });
      expect(res.statusCode, res.body).toBe(200);
      return res.json().access_token;
    }

    function upload(bytes: Buffer, headers: Record<string, string | undefined>, accessToken = at) {
      const h: Record<string, string> = { authorization: `Bearer ${accessToken}` };
      for (const [k, v] of Object.entries(headers)) if (v !== undefined) h[k] = v;
      return t.app.inject({ method: 'POST', url: '/public/oauth2/1/file/upload', headers: h, payload: bytes });
    }
    const good = (bytes: Buffer, path: string, contentType: string) => ({ path, 'content-type': contentType, hmac: hmacOf(bytes, client.clientSecret) });

    async function drive(resident: SignedUp) {
      return (await t.app.inject({ method: 'GET', url: '/api/v1/me/files?q=.', headers: { cookie: resident.cookie } })).json().files as {
        name: string;
        folderId: string | null;
      }[];
    }

    it('stores a PDF under the path, making the folders, and the requester reads it back', async () => {
      const pdf = pdfFile(2);
      const res = await upload(pdf, good(pdf, '/Bank/KYC/statement.pdf', 'application/pdf'));
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toEqual({ details: { path: '/Bank/KYC/statement.pdf', size: pdf.length } });
      const png = pngFile();
      const second = await upload(png, good(png, 'Bank/photo.png', 'image/png'));
      expect(second.json()).toEqual({ details: { path: '/Bank/photo.png', size: png.length } });
      const jpg = tinyJpeg();
      expect((await upload(jpg, good(jpg, 'scan.jpg', 'image/jpeg'))).statusCode).toBe(200);

      const folders = (await t.app.inject({ method: 'GET', url: '/api/v1/me/folders', headers: { cookie: r.cookie } })).json();
      const list = Array.isArray(folders) ? folders : folders.folders;
      expect(list.map((f: { path: string[] }) => f.path.join('/'))).toEqual(['Bank', 'Bank/KYC']);
      const listed = (await t.app.inject({ method: 'GET', url: '/public/oauth2/1/files/', headers: { authorization: `Bearer ${at}` } })).json();
      const bank = listed.items.find((i: { name: string }) => i.name === 'Bank');
      const kyc = (await t.app.inject({ method: 'GET', url: `/public/oauth2/1/files/${bank.id}`, headers: { authorization: `Bearer ${at}` } }))
        .json()
        .items.find((i: { name: string }) => i.name === 'KYC');
      const file = (await t.app.inject({ method: 'GET', url: `/public/oauth2/1/files/${kyc.id}`, headers: { authorization: `Bearer ${at}` } })).json().items[0];
      expect(file).toMatchObject({ name: 'statement.pdf', mime: 'application/pdf', size: String(pdf.length) });
      const back = await t.app.inject({ method: 'GET', url: `/public/oauth2/1/file/${file.uri}`, headers: { authorization: `Bearer ${at}` } });
      expect(back.rawPayload.equals(pdf)).toBe(true);
    });

    it('answers every error code the reference lists, and stores nothing for any of them', async () => {
      const pdf = pdfFile();
      const before = (await drive(r)).length;
      const cases: [string, Buffer, Record<string, string | undefined>][] = [
        ['path_missing', pdf, { ...good(pdf, '', 'application/pdf'), path: undefined }],
        ['contenttype_missing', pdf, { ...good(pdf, 'a.pdf', 'application/pdf'), 'content-type': undefined }],
        ['hmac_missing', pdf, { ...good(pdf, 'a.pdf', 'application/pdf'), hmac: undefined }],
        ['filename_missing', pdf, good(pdf, '/Refused/', 'application/pdf')],
        ['hmac_mismatch', pdf, { ...good(pdf, 'Refused/a.pdf', 'application/pdf'), hmac: hmacOf(pdf, 'not-the-secret') }],
        ['hmac_mismatch', pdf, { ...good(pdf, 'a.pdf', 'application/pdf'), hmac: 'not base64!' }],
        ['invalid_filename', pdf, good(pdf, 'no-extension', 'application/pdf')],
        ['invalid_filename', pdf, good(pdf, '.hidden.pdf', 'application/pdf')],
        [
          'invalid_filesize',
          Buffer.concat([pdfFile(1, '%'.repeat(10 * 1024 * 1024))]),
          good(pdfFile(1, '%'.repeat(10 * 1024 * 1024)), 'big.pdf', 'application/pdf'),
        ],
        ['invalid_filetype', pdf, good(pdf, 'a.docx', 'application/pdf')],
        ['invalid_filetype', pdf, good(pdf, 'a.pdf', 'text/plain')],
        ['invalid_filetype', Buffer.from('{not json'), good(Buffer.from('{not json'), 'a.pdf', 'application/json')],
        ['invalid_filetype', Buffer.from('GIF89a not really a pdf'), good(Buffer.from('GIF89a not really a pdf'), 'a.pdf', 'application/pdf')],
        ['invalid_path', pdf, good(pdf, '/../etc/a.pdf', 'application/pdf')],
        ['invalid_path', pdf, good(pdf, '/a//b/a.pdf', 'application/pdf')],
        ['invalid_path', pdf, good(pdf, '/%E0%A4/a.pdf', 'application/pdf')],
        ['file_data_missing', Buffer.alloc(0), good(Buffer.alloc(0), 'a.pdf', 'application/pdf')],
        ['mimetype_mismatch', pdf, good(pdf, 'a.png', 'application/pdf')],
        ['mimetype_mismatch', pngFile(), good(pngFile(), 'a.pdf', 'application/pdf')],
      ];
      for (const [code, bytes, headers] of cases) {
        const res = await upload(bytes, headers);
        expect(res.json().error, `${code} ${JSON.stringify(headers.path)}`).toBe(code);
        expect(res.statusCode, code).toBe(code === 'hmac_mismatch' ? 401 : 400);
        expect(res.json().error_description).toEqual(expect.any(String));
      }
      expect((await drive(r)).length).toBe(before);
      const folders = (await t.app.inject({ method: 'GET', url: '/api/v1/me/folders', headers: { cookie: r.cookie } })).json();
      expect(JSON.stringify(folders)).not.toContain('Refused');
    });

    it('keeps a malware upload refused in the drive, and needs files.upload, a token and the resident’s own drive', async () => {
      const virus = pdfFile(1, `% ${EICAR}\n`);
      const res = await upload(virus, good(virus, 'virus.pdf', 'application/pdf'));
      expect(res.statusCode).toBe(422);
      expect(res.json().error).toBe('malware_found');

      const readOnly = await registerRequester(t, { scopes: ['files.uploadeddocs'] });
      const other = await signUp(t);
      const readToken = await accessToken(readOnly, other);
      const pdf = pdfFile();
      const refused = await upload(pdf, { path: 'a.pdf', 'content-type': 'application/pdf', hmac: hmacOf(pdf, readOnly.clientSecret) }, readToken);
      expect(refused.statusCode).toBe(403);
      expect(refused.json().error).toBe('insufficient_scope');
      expect(
        (await t.app.inject({ method: 'POST', url: '/public/oauth2/1/file/upload', headers: good(pdf, 'a.pdf', 'application/pdf'), payload: pdf })).json()
          .error,
      ).toBe('invalid_token');
      expect(await drive(other)).toEqual([]);
    });
  });
}
