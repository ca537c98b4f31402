import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/dialects.js';
import { linkAadhaar, sandboxResident, signUp } from '../support/residents.js';
import { bearer, staffToken } from '../support/staff.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * ISSUER_ENDPOINT_ALLOWLIST set to an empty value allows no host: a pull from an issuer whose
 * endpoint is on loopback never leaves Tijori, where the unset variable (the development
 * default, 127.0.0.1 and localhost) lets the same pull reach the endpoint.
 */
for (const dialect of DIALECTS) {
  describe(`an empty issuer endpoint allow list [${dialect}]`, () => {
    let endpoint: http.Server;
    let hits = 0;
    beforeAll(async () => {
      endpoint = http.createServer((req, res) => {
        hits++;
        res.writeHead(500).end();
      });
      await new Promise<void>((resolve) => endpoint.listen(0, '127.0.0.1', resolve));
    });
    afterAll(async () => new Promise<void>((resolve) => endpoint.close(() => resolve())));

    /** A server with a remote-pull issuer at the loopback endpoint; answers a resident's pull from it. */
    async function pullWith(env: Record<string, string>): Promise<{ code: string; hits: number }> {
      const t: TestApp = await startTestApp(dialect, { env: { TIJORI_SEED_DEMO: 'true', ...env } });
      try {
        const op = bearer(await staffToken(t));
        const url = `http://127.0.0.1:${(endpoint.address() as AddressInfo).port}/pull-uri`;
        const issuer = await t.app.inject({
          method: 'POST',
          url: '/api/v1/issuers',
          headers: op,
          payload: { orgId: 'in.ac.loopback', names: { en: 'Loopback University' }, category: 'Education', pullMode: 'remote', endpointUrl: url },
        });
        expect(issuer.statusCode, issuer.body).toBe(201);
        const type = await t.app.inject({
          method: 'POST',
          url: '/api/v1/issuers/in.ac.loopback/document-types',
          headers: op,
          payload: {
            code: 'DGCER',
            names: { en: 'Degree' },
            template: 'certificate',
            fields: [{ key: 'x', label: { en: 'X' } }],
            parameters: [{ name: 'RollNo', label: { en: 'Roll number' } }],
          },
        });
        expect(type.statusCode, type.body).toBe(201);
        // The key Tijori signs its requests to the endpoint with.
        expect(
          (
            await t.app.inject({
              method: 'POST',
              url: '/api/v1/issuers/in.ac.loopback/credentials',
              headers: op,
              payload: { kind: 'digilocker', label: 'pull endpoint' },
            })
          ).statusCode,
        ).toBe(201);
        const r = await signUp(t);
        const demo = await sandboxResident(t, 4);
        expect((await linkAadhaar(t, r.cookie, demo.aadhaarNumber, demo.mobile)).statusCode).toBe(200);
        const before = hits;
        const res = await t.app.inject({
          method: 'POST',
          url: '/api/v1/me/pull',
          headers: { cookie: r.cookie },
          payload: { orgId: 'in.ac.loopback', docType: 'DGCER', parameters: { RollNo: 'R1' }, consent: true },
        });
        return { code: res.json().code as string, hits: hits - before };
      } finally {
        await t.close();
      }
    }

    it('refuses a loopback endpoint without connecting, where the unset variable lets the pull reach it', async () => {
      const unset = await pullWith({});
      expect(unset, JSON.stringify(unset)).toMatchObject({ hits: 1 });
      const empty = await pullWith({ ISSUER_ENDPOINT_ALLOWLIST: '' });
      expect(empty).toEqual({ code: 'repository_service_configerror', hits: 0 });
    }, 60_000);
  });
}
