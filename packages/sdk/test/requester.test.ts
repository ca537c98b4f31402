import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRequesterClient, RequesterApiError, type RequesterClient } from '../src/index.js';
import { DIALECTS } from '../../server/test/support/dialects.js';
import { signUp } from '../../server/test/support/residents.js';
import { answerConsent, issueTo, REDIRECT, registerRequester } from '../../server/test/support/requesters.js';
import { freePort } from '../../server/test/signatures/pdf-helpers.js';
import { startTestApp, type TestApp } from '../../server/test/support/test-app.js';

/** The SDK's requester client over real HTTP against a listening Tijori; the resident's consent is driven through Tijori's API. */
for (const dialect of DIALECTS) {
  describe(`the SDK's requester client [${dialect}]`, () => {
    let t: TestApp;
    let bank: RequesterClient;
    let baseUrl: string;
    beforeAll(async () => {
      const port = await freePort();
      baseUrl = `http://127.0.0.1:${port}`;
      t = await startTestApp(dialect, { env: { TIJORI_SEED_DEMO: 'true', TIJORI_PUBLIC_URL: baseUrl } });
      await t.app.listen({ port, host: '127.0.0.1' });
      const { clientId, clientSecret } = await registerRequester(t);
      bank = createRequesterClient({ baseUrl: `${baseUrl}/`, clientId, clientSecret, redirectUri: REDIRECT });
    }, 60_000);
    afterAll(async () => t?.close());

    /** The resident opens the URL and consents to `documents`; the callback URL Tijori sends them back to. */
    async function consentAt(url: string, documents: string[], r: Awaited<ReturnType<typeof signUp>>): Promise<string> {
      const start = await fetch(url, { redirect: 'manual' });
      expect(start.status).toBe(302);
      const requestId = /^\/app\/consent\/([A-Za-z0-9_-]+)/.exec(start.headers.get('location')!)![1]!;
      const state = new URL(url).searchParams.get('state')!;
      const code = await answerConsent(t, r, requestId, documents, state);
      return `${REDIRECT}?${new URLSearchParams({ code, state })}`;
    }

    it('logs in with PKCE S256 and state, reads the resident and the consented document, refreshes and revokes', async () => {
      const r = await signUp(t);
      const uri = await issueTo(t, r.mobile);
      await issueTo(t, r.mobile, 'SSCER');
      const { url, state, codeVerifier } = await bank.authorizationUrl({ scope: 'openid userdetails files.issueddocs' });
      const q = new URL(url).searchParams;
      expect(q.get('code_challenge_method')).toBe('S256');
      expect(q.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(q.get('state')).toBe(state);
      expect(url).not.toContain(codeVerifier);
      const callbackUrl = await consentAt(url, [uri], r);

      const forged = await bank.exchangeCode({ callbackUrl, state: 'another-state', codeVerifier }).catch((e: unknown) => e);
      expect(forged).toBeInstanceOf(RequesterApiError);
      expect((forged as RequesterApiError).error).toBe('state_mismatch');
      const tokens = await bank.exchangeCode({ callbackUrl, state, codeVerifier });
      expect(tokens).toMatchObject({ token_type: 'Bearer', digilockerid: r.id, digilocker_id: r.id, eaadhaar: 'N' });
      expect(tokens.scope).toContain(`issued/${uri}`);

      expect(await bank.user(tokens.access_token)).toMatchObject({ digilockerid: r.id });
      const files = await bank.issuedFiles(tokens.access_token);
      expect(files.map((f) => f.uri)).toEqual([uri]);
      expect(files[0]!.mime).toEqual(['application/pdf', 'application/xml']);
      const file = await bank.downloadFile(tokens.access_token, uri);
      expect(file.contentType).toContain('application/pdf');
      expect(new TextDecoder().decode(file.bytes.subarray(0, 5))).toBe('%PDF-');
      const outside = await bank.downloadFile(tokens.access_token, 'in.gov.cbse-HSCER-999999999999').catch((e: unknown) => e);
      expect(outside).toMatchObject({ status: 404, error: 'invalid_uri' });

      const next = await bank.refresh(tokens.refresh_token!);
      expect(next.refresh_token).not.toBe(tokens.refresh_token);
      await bank.revoke(next.refresh_token!, 'refresh_token');
      const refused = await bank.user(next.access_token).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(RequesterApiError);
      expect(refused).toMatchObject({ status: 401, error: 'invalid_token' });
    }, 30_000);

    it('throws the refusal: a replayed code, an error callback, a wrong secret', async () => {
      const r = await signUp(t);
      const { url, state, codeVerifier } = await bank.authorizationUrl({ scope: 'userdetails' });
      const callbackUrl = await consentAt(url, [], r);
      await bank.exchangeCode({ callbackUrl, state, codeVerifier });
      expect(await bank.exchangeCode({ callbackUrl, state, codeVerifier }).catch((e: unknown) => e)).toMatchObject({ status: 400, error: 'invalid_grant' });
      const denied = `${REDIRECT}?${new URLSearchParams({ error: 'access_denied', error_description: 'The resident said no.', state })}`;
      expect(await bank.exchangeCode({ callbackUrl: denied, state, codeVerifier }).catch((e: unknown) => e)).toMatchObject({ error: 'access_denied' });
      const { clientId } = await registerRequester(t);
      const impostor = createRequesterClient({ baseUrl, clientId, clientSecret: 'wrong', redirectUri: REDIRECT });
      expect(await impostor.refresh('x'.repeat(43)).catch((e: unknown) => e)).toMatchObject({ status: 401, error: 'invalid_client' });
      expect(() => createRequesterClient({ baseUrl: 'locker.example.in', clientId, clientSecret: 's', redirectUri: REDIRECT })).toThrow(/http\(s\)/);
    }, 30_000);
  });
}
