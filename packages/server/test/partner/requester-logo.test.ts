import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/dialects.js';
import { signUp } from '../support/residents.js';
import { authorizeUrl, pkce, registerRequester } from '../support/requesters.js';
import { bearer, staffToken } from '../support/staff.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { pdfFile, pngFile, tinyJpeg } from '../support/upload-fixtures.js';

const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');

/** Requester logos: the operator sets them, anyone fetches them, the consent screen's data names them. */
for (const dialect of DIALECTS) {
  describe(`requester logos [${dialect}]`, () => {
    let t: TestApp;
    let auth: Record<string, string>;
    beforeAll(async () => {
      t = await startTestApp(dialect, { env: { TIJORI_SEED_DEMO: 'true' } });
      auth = bearer(await staffToken(t));
    });
    afterAll(async () => {
      await t?.close();
    });

    const postLogo = (clientId: string, body: Buffer, contentType = 'image/png', headers = auth) =>
      t.app.inject({ method: 'POST', url: `/api/v1/requesters/${clientId}/logo`, headers: { ...headers, 'content-type': contentType }, payload: body });
    const listed = async (clientId: string) => {
      const res = await t.app.inject({ method: 'GET', url: '/api/v1/requesters', headers: auth });
      return res.json().requesters.find((r: { clientId: string }) => r.clientId === clientId);
    };

    it('stores a PNG, lists it, serves it with its type, nosniff and a long cache, and the consent screen names it', async () => {
      const bank = await registerRequester(t);
      expect((await listed(bank.clientId)).logoUrl).toBeNull();
      const png = pngFile(64, 48);
      const res = await postLogo(bank.clientId, png);
      expect(res.statusCode, res.body).toBe(200);
      const { logoUrl } = res.json();
      expect(logoUrl).toMatch(/^\/api\/v1\/requester-logos\/[0-9a-f]{64}$/);
      expect((await listed(bank.clientId)).logoUrl).toBe(logoUrl);

      const served = await t.app.inject({ method: 'GET', url: logoUrl });
      expect(served.statusCode).toBe(200);
      expect(served.headers['content-type']).toBe('image/png');
      expect(served.headers['x-content-type-options']).toBe('nosniff');
      expect(served.headers['cache-control']).toContain('immutable');
      expect(served.rawPayload.equals(png)).toBe(true);

      const r = await signUp(t);
      const start = await t.app.inject({ method: 'GET', url: authorizeUrl(bank.clientId, pkce().challenge) });
      const requestId = /^\/app\/consent\/([A-Za-z0-9_-]+)/.exec(start.headers.location as string)![1]!;
      const view = await t.app.inject({ method: 'GET', url: `/api/v1/consent-requests/${requestId}`, headers: { cookie: r.cookie } });
      expect(view.statusCode, view.body).toBe(200);
      expect(view.json().requester).toMatchObject({ name: 'Example Bank', logoUrl });
    });

    it('decides the type from the bytes, and a replaced or removed logo is gone', async () => {
      const bank = await registerRequester(t);
      const first = (await postLogo(bank.clientId, pngFile(10, 10))).json().logoUrl;
      const res = await postLogo(bank.clientId, tinyJpeg(), 'application/octet-stream');
      expect(res.statusCode, res.body).toBe(200);
      const served = await t.app.inject({ method: 'GET', url: res.json().logoUrl });
      expect(served.headers['content-type']).toBe('image/jpeg');
      expect((await t.app.inject({ method: 'GET', url: first })).statusCode).toBe(404);

      const del = await t.app.inject({ method: 'DELETE', url: `/api/v1/requesters/${bank.clientId}/logo`, headers: auth });
      expect(del.statusCode).toBe(204);
      expect((await listed(bank.clientId)).logoUrl).toBeNull();
      expect((await t.app.inject({ method: 'GET', url: res.json().logoUrl })).statusCode).toBe(404);
    });

    it('a logo shared by two requesters stays while one of them shows it', async () => {
      const a = await registerRequester(t);
      const b = await registerRequester(t);
      const png = pngFile(7, 7);
      const url = (await postLogo(a.clientId, png)).json().logoUrl;
      expect((await postLogo(b.clientId, png)).json().logoUrl).toBe(url);
      await t.app.inject({ method: 'DELETE', url: `/api/v1/requesters/${a.clientId}/logo`, headers: auth });
      expect((await t.app.inject({ method: 'GET', url })).statusCode).toBe(200);
    });

    it('refuses too big, not an image, SVG, a PDF, a pixel bomb, strangers and unknown requesters', async () => {
      const bank = await registerRequester(t);
      const big = Buffer.concat([pngFile(8, 8), Buffer.alloc(100 * 1024)]);
      const cases: [Buffer, string, number, string][] = [
        [big, 'image/png', 413, 'payload_too_large'],
        [Buffer.from('hello, not an image'), 'application/octet-stream', 415, 'file_type_refused'],
        [SVG, 'image/svg+xml', 415, 'unsupported_media_type'],
        [SVG, 'image/png', 415, 'file_type_refused'],
        [pdfFile(), 'application/octet-stream', 415, 'file_type_refused'],
        [pngFile(4, 4, { width: 4000, height: 4000 }), 'image/png', 422, 'image_too_large'],
        [Buffer.alloc(0), 'image/png', 400, ''],
      ];
      for (const [body, type, status, code] of cases) {
        const res = await postLogo(bank.clientId, body, type);
        expect(res.statusCode, `${type} ${res.body}`).toBe(status);
        if (code) expect(res.json().code).toBe(code);
      }
      expect((await listed(bank.clientId)).logoUrl).toBeNull();

      const r = await signUp(t);
      expect((await postLogo(bank.clientId, pngFile(), 'image/png', { cookie: r.cookie })).statusCode).toBe(401);
      expect((await postLogo(bank.clientId, pngFile(), 'image/png', {})).statusCode).toBe(401);
      expect((await postLogo('0123456789ABCDEF', pngFile())).statusCode).toBe(404);
      expect((await t.app.inject({ method: 'GET', url: `/api/v1/requester-logos/${'0'.repeat(64)}` })).statusCode).toBe(404);
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/requester-logos/nothex' })).statusCode).toBe(400);
    });
  });
}
