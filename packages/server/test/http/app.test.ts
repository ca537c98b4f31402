import { Type } from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latestMigration } from '../../src/db/migrate.js';
import { DIALECTS } from '../support/dialects.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

for (const dialect of DIALECTS) {
  describe(`HTTP foundation [${dialect}]`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp(dialect, {
        env: { TIJORI_BODY_LIMIT_BYTES: '2048' },
        routes: (app) => {
          app.post(
            '/api/v1/_test/echo',
            {
              schema: {
                body: Type.Object(
                  { mobile: Type.String({ pattern: '^[6-9][0-9]{9}$' }), profile: Type.Object({ age: Type.Integer({ minimum: 0 }) }) },
                  { additionalProperties: false },
                ),
              },
            },
            async (req) => req.body,
          );
          app.get('/api/v1/_test/boom', async () => {
            throw new Error('secret internal detail: table residents is locked');
          });
          app.get('/public/_test/boom', async () => {
            throw new Error('compat failure detail');
          });
        },
      });
    });
    afterAll(async () => t?.close());

    it('answers /healthz and /readyz', async () => {
      const health = await t.app.inject({ method: 'GET', url: '/healthz' });
      expect(health.statusCode).toBe(200);
      expect(health.json()).toEqual({ status: 'ok' });
      const ready = await t.app.inject({ method: 'GET', url: '/readyz' });
      expect(ready.statusCode).toBe(200);
      expect(ready.json()).toEqual({ status: 'ready', checks: { database: 'ok', blobStore: 'ok' } });
    });

    it('reports the migrated schema version from the database', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/api/v1/platform' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ name: 'Tijori', apiVersion: 'v1', schemaVersion: latestMigration() });
    });

    it('answers unknown routes with a problem document carrying the request id', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/api/v1/nothing-here?x=1' });
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toContain('application/problem+json');
      const body = res.json();
      expect(body).toMatchObject({ status: 404, code: 'route_not_found', requestId: res.headers['x-request-id'] });
      expect(body.detail).toContain('/api/v1/nothing-here');
    });

    it('keeps a sane incoming request id and replaces an unsafe one', async () => {
      const kept = await t.app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'lb-1234.abc' } });
      expect(kept.headers['x-request-id']).toBe('lb-1234.abc');
      const replaced = await t.app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'evil\r\nSet-Cookie: x' } });
      expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('sets security headers', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/healthz' });
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(res.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
    });

    it('rejects invalid JSON with 400 invalid_json', async () => {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/_test/echo', headers: { 'content-type': 'application/json' }, payload: '{"mobile": ' });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'invalid_json' });
    });

    it('names every bad field with its path', async () => {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/_test/echo', payload: { mobile: '12345', profile: { age: -1 }, extra: 1 } });
      expect(res.statusCode).toBe(400);
      const body = res.json();
      expect(body.code).toBe('validation_failed');
      const paths = body.errors.map((e: { path: string }) => e.path).sort();
      expect(paths).toEqual(['/body/extra', '/body/mobile', '/body/profile/age']);
    });

    it('refuses bodies over the limit with 413 before reading them whole', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/_test/echo',
        payload: { mobile: '9876543210', profile: { age: 1 }, pad: 'x'.repeat(5000) },
      });
      expect(res.statusCode).toBe(413);
      expect(res.json()).toMatchObject({ code: 'payload_too_large' });
    });

    it('refuses unknown content types with 415', async () => {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/_test/echo', headers: { 'content-type': 'application/x-foo' }, payload: 'x' });
      expect(res.statusCode).toBe(415);
      expect(res.json()).toMatchObject({ code: 'unsupported_media_type' });
    });

    it('hides the details of a server error from the client but logs them with the request id', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/api/v1/_test/boom' });
      expect(res.statusCode).toBe(500);
      const body = res.json();
      expect(body.code).toBe('internal_error');
      expect(res.body).not.toContain('residents is locked');
      const logged = t.logs.find((l) => l.requestId === body.requestId && l.level === 'error');
      expect(JSON.stringify(logged)).toContain('residents is locked');
    });

    it('answers the DigiLocker-compatible surface with {error, error_description}', async () => {
      const missing = await t.app.inject({ method: 'GET', url: '/public/oauth2/1/nothing' });
      expect(missing.statusCode).toBe(404);
      expect(Object.keys(missing.json()).sort()).toEqual(['error', 'error_description']);
      const boom = await t.app.inject({ method: 'GET', url: '/public/_test/boom' });
      expect(boom.statusCode).toBe(500);
      expect(boom.json()).toEqual({ error: 'unexpected_error', error_description: expect.any(String) });
      expect(boom.body).not.toContain('compat failure detail');
    });

    it('serves the API documentation', async () => {
      const docs = await t.app.inject({ method: 'GET', url: '/docs' });
      expect(docs.statusCode).toBe(200);
      expect(docs.body).toContain('swagger-ui');
      const spec = await t.app.inject({ method: 'GET', url: '/openapi.json' });
      expect(spec.json().paths['/readyz']).toBeDefined();
    });

    it('does not log query strings or authorization headers', async () => {
      await t.app.inject({ method: 'GET', url: '/api/v1/platform?token=abc123secret', headers: { authorization: 'Bearer sekrit-token-value' } });
      const text = JSON.stringify(t.logs);
      expect(text).not.toContain('abc123secret');
      expect(text).not.toContain('sekrit-token-value');
    });
  });
}
