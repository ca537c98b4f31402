import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/dialects.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

for (const dialect of DIALECTS) {
  describe(`production mode [${dialect}]`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp(dialect, { env: { NODE_ENV: 'production', TIJORI_ALLOW_DEV_ADAPTERS: 'true' } });
    });
    afterAll(async () => t?.close());

    it('has no developer outbox or sandbox listing, even when stand-ins are allowed', async () => {
      for (const url of ['/api/v1/dev/sms-outbox', '/api/v1/dev/aadhaar-sandbox']) {
        const res = await t.app.inject({ method: 'GET', url });
        expect(res.statusCode).toBe(404);
        expect(res.json().code).toBe('route_not_found');
      }
      const start = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-up', payload: { mobile: '9123456780' } });
      expect(start.statusCode).toBe(202);
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/dev/sms-outbox?to=9123456780' })).statusCode).toBe(404);
    });
  });
}
