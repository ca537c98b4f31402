import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDomainDeps } from '../../src/app.js';
import type { DomainDeps } from '../../src/domain/context.js';
import { authenticateRequesterToken, requesterFile, requesterXml } from '../../src/domain/consents/requester-access.js';
import { withdrawConsent } from '../../src/domain/consents/resident-consents.js';
import { fixedClock } from '../../src/lib/clock.js';
import { DIALECTS } from '../support/dialects.js';
import { signUp } from '../support/residents.js';
import { authorizeUrl, consent, issueTo, pkce, REDIRECT, registerRequester, token } from '../support/requesters.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { bearer, staffToken } from '../support/staff.js';
import { createHash } from 'node:crypto';

const MINUTE = 60_000;
const ctx = { ip: '127.0.0.1', device: 'test' };

for (const dialect of DIALECTS) {
  describe(`consent rules on a real database [${dialect}]`, () => {
    let t: TestApp;
    let deps: DomainDeps;
    const clock = fixedClock(Date.now());
    beforeAll(async () => {
      t = await startTestApp(dialect, { env: { TIJORI_SEED_DEMO: 'true' }, clock });
      deps = createDomainDeps(t.runtime);
    });
    afterAll(async () => t?.close());

    it('a code is good for 10 minutes; an unanswered consent request ends after 10 minutes', async () => {
      const client = await registerRequester(t);
      const r = await signUp(t);
      const { verifier, challenge } = pkce();
      const code = await consent(t, r, client.clientId, challenge, []);
      clock.advance(10 * MINUTE);
      const late = await token(t, client, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier });
      expect(late.statusCode).toBe(400);
      expect(late.json().error).toBe('invalid_grant');

      const start = await t.app.inject({ method: 'GET', url: authorizeUrl(client.clientId, challenge) });
      const requestId = /^\/app\/consent\/(.+)$/.exec(start.headers.location as string)![1]!;
      clock.advance(10 * MINUTE);
      const stale = await t.app.inject({ method: 'GET', url: `/api/v1/consent-requests/${requestId}`, headers: { cookie: (await signUp(t)).cookie } });
      expect(stale.statusCode).toBe(410);
      expect(stale.json().code).toBe('consent_request_expired');
    });

    it('a consent ends at its validity: its tokens and refresh tokens stop', async () => {
      const client = await registerRequester(t, { consentDays: 1 });
      const r = await signUp(t);
      const { verifier, challenge } = pkce();
      const code = await consent(t, r, client.clientId, challenge, []);
      const tok = (await token(t, client, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier })).json();
      clock.advance(24 * 60 * MINUTE);
      const user = await t.app.inject({ method: 'GET', url: '/public/oauth2/1/user', headers: { authorization: `Bearer ${tok.access_token}` } });
      expect(user.json().error).toBe('invalid_token');
      expect((await token(t, client, { grant_type: 'refresh_token', refresh_token: tok.refresh_token })).json().error).toBe('invalid_grant');
    });

    it('a rotated secret with an overlap window: both secrets work until it ends, then only the new one', async () => {
      const client = await registerRequester(t);
      const rotated = await t.app.inject({
        method: 'POST',
        url: `/api/v1/requesters/${client.clientId}/rotate-secret?overlapMinutes=60`,
        headers: bearer(await staffToken(t)),
      });
      expect(rotated.statusCode, rotated.body).toBe(200);
      const fresh = { clientId: client.clientId, clientSecret: rotated.json().clientSecret as string };
      const meta = (secret: string) => {
        const ts = String(Math.floor(clock.now() / 1000));
        const hmac = createHash('sha256').update(`${secret}${client.clientId}${ts}`).digest('hex');
        return t.app.inject({ method: 'POST', url: '/public/oauth2/1/pull/issuers', payload: { clientid: client.clientId, ts, hmac } });
      };
      // A made-up refresh token: a right secret gets past client authentication to invalid_grant.
      const tokenWith = async (who: typeof client) => (await token(t, who, { grant_type: 'refresh_token', refresh_token: 'x'.repeat(43) })).json().error;
      expect(await tokenWith(client)).toBe('invalid_grant');
      expect(await tokenWith(fresh)).toBe('invalid_grant');
      expect((await meta(client.clientSecret)).statusCode).toBe(200);
      clock.advance(61 * MINUTE);
      expect(await tokenWith(client)).toBe('invalid_client');
      expect(await tokenWith(fresh)).toBe('invalid_grant');
      expect((await meta(client.clientSecret)).json().error).toBe('hmac_mismatch');
      expect((await meta(fresh.clientSecret)).statusCode).toBe(200);
    });

    it('use-cases refuse the wrong actor: another resident cannot withdraw; a requester gets nothing outside its consent', async () => {
      const client = await registerRequester(t);
      const owner = await signUp(t);
      const granted = await issueTo(t, owner.mobile);
      const notGranted = await issueTo(t, owner.mobile, 'SSCER');
      const { verifier, challenge } = pkce();
      const code = await consent(t, owner, client.clientId, challenge, [granted]);
      const tok = (await token(t, client, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier })).json();
      const access = await authenticateRequesterToken(deps, tok.access_token);
      expect(access).toMatchObject({ residentId: owner.id, documents: [granted] });

      await expect(requesterFile(deps, access, notGranted)).rejects.toMatchObject({ code: 'invalid_uri' });
      await expect(requesterXml(deps, access, notGranted)).rejects.toMatchObject({ code: 'invalid_uri' });
      expect((await requesterFile(deps, access, granted)).size).toBeGreaterThan(0);

      const stranger = await signUp(t);
      const strangerActor = { kind: 'resident' as const, residentId: stranger.id, sessionId: 'x' };
      await expect(withdrawConsent(deps, strangerActor, access.consentId, ctx)).rejects.toMatchObject({ code: 'not_found' });
      expect((await authenticateRequesterToken(deps, tok.access_token)).consentId).toBe(access.consentId);

      await withdrawConsent(deps, { kind: 'resident', residentId: owner.id, sessionId: 'x' }, access.consentId, ctx);
      await expect(authenticateRequesterToken(deps, tok.access_token)).rejects.toMatchObject({ code: 'invalid_token' });

      // Nothing secret reached a log line: not the tokens, the code, nor the client secret.
      const logged = JSON.stringify(t.logs);
      for (const secret of [tok.access_token, tok.refresh_token, code, client.clientSecret, verifier]) expect(logged).not.toContain(secret);
    });
  });
}
