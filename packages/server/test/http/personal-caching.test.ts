import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPENAPI_FILE } from '../../scripts/openapi-document.js';
import { DIALECTS } from '../support/dialects.js';
import { signUp } from '../support/residents.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** Every personal GET without a path parameter, from the checked-in OpenAPI document (a new one is checked without editing the test). */
const PERSONAL = Object.entries(JSON.parse(fs.readFileSync(OPENAPI_FILE, 'utf8')).paths as Record<string, Record<string, unknown>>)
  .filter(([path, ops]) => path.startsWith('/api/v1/me') && ops.get && !path.includes('{'))
  .map(([path]) => path);

for (const dialect of DIALECTS) {
  describe(`caching and browser permissions [${dialect}]`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp(dialect);
    });
    afterAll(async () => t?.close());

    it('marks every personal GET of the OpenAPI document Cache-Control: no-store, errors included', async () => {
      expect(PERSONAL).toEqual(
        expect.arrayContaining(['/api/v1/me', '/api/v1/me/documents', '/api/v1/me/activity', '/api/v1/me/activity/verify', '/api/v1/me/sessions']),
      );
      const r = await signUp(t);
      for (const url of PERSONAL) {
        const res = await t.app.inject({ method: 'GET', url, headers: { cookie: r.cookie } });
        // A new account has no photo yet: 404, which must not be cached either.
        expect(res.statusCode, url).toBe(url === '/api/v1/me/photo' ? 404 : 200);
        expect(res.headers['cache-control'], url).toBe('no-store');
      }
      const signedOut = await t.app.inject({ method: 'GET', url: '/api/v1/me' });
      expect(signedOut.statusCode).toBe(401);
      expect(signedOut.headers['cache-control']).toBe('no-store');
      const missing = await t.app.inject({ method: 'GET', url: '/api/v1/me/documents/in.gov.cbse-HSCER-1', headers: { cookie: r.cookie } });
      expect(missing.statusCode).toBe(404);
      expect(missing.headers['cache-control']).toBe('no-store');
    });

    it('sends a Permissions-Policy that turns off camera, microphone and location on every answer', async () => {
      for (const url of ['/healthz', '/api/v1/me', '/api/v1/issuers', '/public/oauth2/1/authorize']) {
        const res = await t.app.inject({ method: 'GET', url });
        const policy = String(res.headers['permissions-policy']);
        for (const feature of ['camera=()', 'microphone=()', 'geolocation=()']) expect(policy, url).toContain(feature);
      }
      // The portal's pages may use this origin's camera (the verify page's QR scanner), nothing more.
      for (const url of ['/verify', '/no-such-page']) {
        const res = await t.app.inject({ method: 'GET', url, headers: { accept: 'text/html' } });
        const policy = String(res.headers['permissions-policy']);
        for (const feature of ['camera=(self)', 'microphone=()', 'geolocation=()']) expect(policy, url).toContain(feature);
      }
    });
  });
}
