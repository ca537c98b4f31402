import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/dialects.js';
import { signUp } from '../support/residents.js';
import { consent, pkce, REDIRECT, registerRequester, token } from '../support/requesters.js';
import { bearer, staffToken } from '../support/staff.js';
import type { TypedApp } from '../../src/http/types.js';
import { startSecondInstance, type SecondInstance } from '../support/second-instance.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Two server instances on one database (as two processes behind a load balancer): a
 * withdrawal, a revocation or a suspension made through one is refused by the other on its
 * very next request, because every token check reads the database.
 */
for (const dialect of DIALECTS) {
  describe(`token checks across server instances [${dialect}]`, () => {
    let t: TestApp;
    let other: SecondInstance;
    beforeAll(async () => {
      t = await startTestApp(dialect, { env: { TIJORI_SEED_DEMO: 'true' } });
      other = await startSecondInstance(t);
    });
    afterAll(async () => {
      await other?.close();
      await t?.close();
    });

    const user = (app: TypedApp, accessToken: string) =>
      app.inject({ method: 'GET', url: '/public/oauth2/1/user', headers: { authorization: `Bearer ${accessToken}` } });

    it('a withdrawal in one instance stops the token in the other at once', async () => {
      const client = await registerRequester(t);
      const r = await signUp(t);
      const { verifier, challenge } = pkce();
      const code = await consent(t, r, client.clientId, challenge, []);
      const tok = (await token(t, client, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier })).json();
      expect((await user(other.app, tok.access_token)).statusCode).toBe(200);
      const [c] = (await t.app.inject({ method: 'GET', url: '/api/v1/me/consents', headers: { cookie: r.cookie } })).json().consents;
      await t.app.inject({ method: 'DELETE', url: `/api/v1/me/consents/${c.id}`, headers: { cookie: r.cookie } });
      expect((await user(other.app, tok.access_token)).json().error).toBe('invalid_token');
    });

    it('a suspension in one instance stops the requester’s tokens in the other at once', async () => {
      const client = await registerRequester(t);
      const r = await signUp(t);
      const { verifier, challenge } = pkce();
      const code = await consent(t, r, client.clientId, challenge, []);
      const tok = (await token(t, client, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier })).json();
      expect((await user(other.app, tok.access_token)).statusCode).toBe(200);
      await t.app.inject({ method: 'POST', url: `/api/v1/requesters/${client.clientId}/suspend`, headers: bearer(await staffToken(t)) });
      expect((await user(other.app, tok.access_token)).statusCode).toBe(401);
    });
  });
}
