import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/dialects.js';
import { signUp, type SignedUp } from '../support/residents.js';
import { answerConsent, authorizeUrl, pkce, registerRequester, type Registered } from '../support/requesters.js';
import { bearer, staffToken } from '../support/staff.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

for (const dialect of DIALECTS) {
  describe(`verified_mobile: only for a requester the operator trusts [${dialect}]`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp(dialect, { env: { TIJORI_SEED_DEMO: 'true' } });
    });
    afterAll(async () => t?.close());

    async function start(client: Registered, extra: Record<string, string>) {
      const res = await t.app.inject({ method: 'GET', url: authorizeUrl(client.clientId, pkce().challenge, extra) });
      expect(res.statusCode, res.body).toBe(302);
      return res.headers.location as string;
    }
    const requestIdOf = (location: string) => /\/app\/consent\/([A-Za-z0-9_-]+)/.exec(location)![1]!;
    const hint = async (id: string) => (await t.app.inject({ method: 'GET', url: `/api/v1/consent-requests/${id}/sign-in` })).json();
    const view = (r: SignedUp, id: string) => t.app.inject({ method: 'GET', url: `/api/v1/consent-requests/${id}`, headers: { cookie: r.cookie } });
    const trust = async (client: Registered, trusted: boolean, headers: Record<string, string>) =>
      t.app.inject({ method: 'POST', url: `/api/v1/requesters/${client.clientId}/verified-mobile-trust`, headers, payload: { trusted } });

    it('an untrusted requester’s verified_mobile changes nothing', async () => {
      const named = await signUp(t);
      const someoneElse = await signUp(t);
      const client = await registerRequester(t);
      const id = requestIdOf(await start(client, { verified_mobile: named.mobile }));
      expect(await hint(id)).toEqual({ mobile: null });
      const screen = await view(someoneElse, id);
      expect(screen.statusCode, screen.body).toBe(200);
      expect(screen.json().forMobile).toBeNull();
      expect(await answerConsent(t, someoneElse, id, [])).toMatch(/./);
      // A malformed one is ignored too.
      const other = requestIdOf(await start(client, { verified_mobile: 'not a number' }));
      expect(await hint(other)).toEqual({ mobile: null });
    });

    it('a trusted requester fixes sign-in to the number it names; only that resident may answer; the OTP is still asked', async () => {
      const named = await signUp(t);
      const someoneElse = await signUp(t);
      const client = await registerRequester(t, { trustVerifiedMobile: true });
      const location = await start(client, { verified_mobile: `+91 ${named.mobile}` });
      const id = requestIdOf(location);
      expect(location).not.toContain(named.mobile);
      expect(await hint(id)).toEqual({ mobile: named.mobile });

      const refused = await view(someoneElse, id);
      expect(refused.statusCode).toBe(403);
      expect(refused.json().code).toBe('consent_request_other_mobile');
      expect(refused.body).not.toContain(named.mobile);
      expect(refused.body).toContain(named.mobile.slice(-4));
      const deny = await t.app.inject({ method: 'POST', url: `/api/v1/consent-requests/${id}/deny`, headers: { cookie: someoneElse.cookie } });
      expect(deny.json().code).toBe('consent_request_other_mobile');

      // Signing in is the usual PIN + OTP: no session without the OTP.
      const started = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { login: named.mobile, pin: named.pin } });
      expect(started.statusCode).toBe(202);
      expect(started.json().challengeId).toBeTruthy();
      expect(started.headers['set-cookie']).toBeUndefined();

      expect((await view(named, id)).json().forMobile).toBe(`XXXXXX${named.mobile.slice(-4)}`);
      expect(await answerConsent(t, named, id, [])).toMatch(/./);
      // Answered: the hint is gone.
      expect(await hint(id)).toEqual({ mobile: null });

      const malformed = await t.app.inject({ method: 'GET', url: authorizeUrl(client.clientId, pkce().challenge, { verified_mobile: '12345' }) });
      expect(malformed.statusCode).toBe(302);
      const back = new URL(malformed.headers.location as string);
      expect(back.searchParams.get('error')).toBe('invalid_request');
      expect(back.searchParams.get('state')).toBe('st-123');
    });

    it('the operator turns the trust on and off; nobody else can', async () => {
      const named = await signUp(t);
      const client = await registerRequester(t);
      const listed = async () =>
        (await t.app.inject({ method: 'GET', url: '/api/v1/requesters', headers: bearer(await staffToken(t)) }))
          .json()
          .requesters.find((r: { clientId: string }) => r.clientId === client.clientId);
      expect((await listed()).trustVerifiedMobile).toBe(false);
      const on = await trust(client, true, bearer(await staffToken(t)));
      expect(on.statusCode, on.body).toBe(200);
      expect(on.json().trustVerifiedMobile).toBe(true);
      expect((await listed()).trustVerifiedMobile).toBe(true);
      expect(await hint(requestIdOf(await start(client, { verified_mobile: named.mobile })))).toEqual({ mobile: named.mobile });

      expect((await trust(client, false, bearer(await staffToken(t)))).json().trustVerifiedMobile).toBe(false);
      expect(await hint(requestIdOf(await start(client, { verified_mobile: named.mobile })))).toEqual({ mobile: null });

      expect((await trust(client, true, { cookie: named.cookie })).statusCode).toBeGreaterThanOrEqual(401);
      expect((await trust(client, true, {})).statusCode).toBe(401);
      expect((await listed()).trustVerifiedMobile).toBe(false);
      const unknown = await t.app.inject({
        method: 'POST',
        url: '/api/v1/requesters/0123456789ABCDEF/verified-mobile-trust',
        headers: bearer(await staffToken(t)),
        payload: { trusted: true },
      });
      expect(unknown.statusCode).toBe(404);
      const bad = await t.app.inject({
        method: 'POST',
        url: `/api/v1/requesters/${client.clientId}/verified-mobile-trust`,
        headers: bearer(await staffToken(t)),
        payload: { trusted: 'yes' },
      });
      expect(bad.statusCode).toBe(400);
    });
  });
}
