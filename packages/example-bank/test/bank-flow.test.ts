import net from 'node:net';
import type http from 'node:http';
import { ResponseBodyError } from 'oauth4webapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../server/test/support/dialects.js';
import { latestOtp, signUp, type SignedUp } from '../../server/test/support/residents.js';
import { issueTo, registerRequester } from '../../server/test/support/requesters.js';
import { startTestApp, type TestApp } from '../../server/test/support/test-app.js';
import { createBankServer } from '../src/bank-server.js';
import { createTijoriClient, type TijoriClient } from '../src/tijori-client.js';

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((resolve) => s.close(resolve));
  return port;
}

/**
 * The example bank against a real, listening Tijori: every OAuth/OIDC step on the bank's side is
 * done by oauth4webapi (discovery, PKCE, state, nonce, id_token signature via JWKS, refresh,
 * revocation); only the resident's consent is driven through Tijori's own API.
 */
for (const dialect of DIALECTS) {
  describe(`example bank with an independent OAuth library [${dialect}]`, () => {
    let t: TestApp;
    let tijoriUrl: string;
    let bankUrl: string;
    let bank: http.Server;
    let client: TijoriClient;
    let clientId: string;

    beforeAll(async () => {
      const port = await freePort();
      tijoriUrl = `http://127.0.0.1:${port}`;
      t = await startTestApp(dialect, { env: { TIJORI_SEED_DEMO: 'true', TIJORI_PUBLIC_URL: tijoriUrl } });
      await t.app.listen({ port, host: '127.0.0.1' });
      const bankPort = await freePort();
      bankUrl = `http://127.0.0.1:${bankPort}`;
      const registered = await registerRequester(t, { redirectUris: [`${bankUrl}/callback`] });
      clientId = registered.clientId;
      client = await createTijoriClient({ issuer: tijoriUrl, clientId, clientSecret: registered.clientSecret, redirectUri: `${bankUrl}/callback` });
      bank = createBankServer(client);
      await new Promise<void>((resolve) => bank.listen(bankPort, '127.0.0.1', resolve));
    });
    afterAll(async () => {
      await new Promise((resolve) => bank?.close(resolve));
      await t?.close();
    });

    /** The resident follows the authorisation URL, consents to `documents` with PIN + consent OTP; the callback URL. */
    async function residentConsents(authorizeUrl: string, r: SignedUp, documents: string[]): Promise<string> {
      const atTijori = await fetch(authorizeUrl, { redirect: 'manual' });
      expect(atTijori.status).toBe(302);
      const requestId = /^\/app\/consent\/([A-Za-z0-9_-]+)/.exec(atTijori.headers.get('location')!)![1]!;
      const screen = await t.app.inject({ method: 'GET', url: `/api/v1/consent-requests/${requestId}`, headers: { cookie: r.cookie } });
      expect(screen.json()).toMatchObject({ requester: { name: 'Example Bank', clientId }, profileFields: ['name', 'dob', 'gender'] });
      const confirm = await t.app.inject({
        method: 'POST',
        url: `/api/v1/consent-requests/${requestId}/confirm`,
        headers: { cookie: r.cookie },
        payload: { pin: r.pin, documents },
      });
      expect(confirm.statusCode, confirm.body).toBe(202);
      const verify = await t.app.inject({
        method: 'POST',
        url: `/api/v1/consent-requests/${requestId}/verify`,
        headers: { cookie: r.cookie },
        payload: { challengeId: confirm.json().challengeId, otp: await latestOtp(t, r.mobile) },
      });
      expect(verify.statusCode, verify.body).toBe(200);
      return verify.json().redirectTo;
    }

    async function login(r: SignedUp, documents: string[] = []) {
      const { url, pending } = await client.startLogin();
      const callback = await residentConsents(url.toString(), r, documents);
      return { callback: new URL(callback), pending };
    }

    it('from the bank’s button to the bank holding the document; a withdrawal shows on its next call', async () => {
      const r = await signUp(t);
      const uri = await issueTo(t, r.mobile);
      await issueTo(t, r.mobile, 'SSCER');
      const home = await fetch(bankUrl);
      expect(await home.text()).toContain('Fetch from Tijori');
      const start = await fetch(`${bankUrl}/login`, { redirect: 'manual' });
      expect(start.status).toBe(302);
      const cookie = start.headers.get('set-cookie')!.split(';')[0]!;
      const authorize = new URL(start.headers.get('location')!);
      expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
      const callback = await residentConsents(authorize.toString(), r, [uri]);
      const back = await fetch(callback, { headers: { cookie }, redirect: 'manual' });
      expect(back.status, await back.clone().text()).toBe(302);
      const account = await (await fetch(`${bankUrl}/account`, { headers: { cookie } })).text();
      expect(account).toContain(`data-uri="${uri}"`);
      expect(account.match(/data-uri=/g)).toHaveLength(1);
      expect(account).toContain(`<code id="locker">${r.id}</code>`);

      const [consent] = (await t.app.inject({ method: 'GET', url: '/api/v1/me/consents', headers: { cookie: r.cookie } })).json().consents;
      expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/me/consents/${consent.id}`, headers: { cookie: r.cookie } })).statusCode).toBe(204);
      const after = await (await fetch(`${bankUrl}/account`, { headers: { cookie } })).text();
      expect(after).toContain('Tijori refused: <code>invalid_token</code>');
    });

    it('validates the id_token and refuses a replayed code, revoking its tokens', async () => {
      const r = await signUp(t);
      const { callback, pending } = await login(r);
      const tokens = await client.finishLogin(callback, pending);
      expect(tokens.idTokenClaims).toMatchObject({ sub: r.id, aud: clientId, iss: tijoriUrl });
      expect(tokens.raw).toMatchObject({ digilockerid: r.id, digilocker_id: r.id, eaadhaar: 'N', eaadhar: 'N' });
      expect((await client.get(tokens.accessToken, '/public/oauth2/1/user')).status).toBe(200);
      const replay = await client.finishLogin(callback, pending).catch((e: unknown) => e);
      expect(replay).toBeInstanceOf(ResponseBodyError);
      expect((replay as ResponseBodyError).error).toBe('invalid_grant');
      expect(await client.get(tokens.accessToken, '/public/oauth2/1/user')).toMatchObject({ status: 401, body: { error: 'invalid_token' } });
    });

    it('rotates refresh tokens; reusing an old one revokes the grant', async () => {
      const r = await signUp(t);
      const { callback, pending } = await login(r);
      const first = await client.finishLogin(callback, pending);
      const second = await client.refresh(first.refreshToken);
      expect(second.refreshToken).not.toBe(first.refreshToken);
      expect((await client.get(second.accessToken, '/public/oauth2/1/user')).status).toBe(200);
      const reuse = await client.refresh(first.refreshToken).catch((e: unknown) => e);
      expect((reuse as ResponseBodyError).error).toBe('invalid_grant');
      expect((await client.get(second.accessToken, '/public/oauth2/1/user')).status).toBe(401);
    });

    it('revocation stops the grant', async () => {
      const r = await signUp(t);
      const { callback, pending } = await login(r);
      const tokens = await client.finishLogin(callback, pending);
      await client.revoke(tokens.refreshToken);
      expect((await client.get(tokens.accessToken, '/public/oauth2/1/files/issued')).status).toBe(401);
      expect(((await client.refresh(tokens.refreshToken).catch((e: unknown) => e)) as ResponseBodyError).error).toBe('invalid_grant');
    });
  });
}
