import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/dialects.js';
import { signUp } from '../support/residents.js';
import { consent, pkce, REDIRECT, registerRequester } from '../support/requesters.js';
import { bearer, staffToken } from '../support/staff.js';
import { startSecondInstance, type SecondInstance } from '../support/second-instance.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

interface KeyClient {
  clientId: string;
  privateKey: CryptoKey;
  alg: 'ES256' | 'RS256';
}

/** `private_key_jwt` (RFC 7523) at the token and revoke endpoints, with assertions signed by `jose`. */
for (const dialect of DIALECTS) {
  describe(`private_key_jwt client authentication [${dialect}]`, () => {
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

    const tokenUrl = () => `${t.config.publicUrl}/public/oauth2/1/token`;

    async function registerKeyClient(alg: 'ES256' | 'RS256' = 'ES256'): Promise<KeyClient> {
      const { publicKey, privateKey } = await generateKeyPair(alg);
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/requesters',
        headers: bearer(await staffToken(t)),
        payload: {
          names: { en: 'Key Bank' },
          purpose: { en: 'Open a savings account (KYC)' },
          redirectUris: [REDIRECT],
          scopes: ['openid', 'userdetails', 'files.issueddocs'],
          docTypes: [],
          consentDays: 30,
          publicJwk: { ...(await exportJWK(publicKey)), kid: 'k1' },
        },
      });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({ authMethod: 'private_key_jwt', publicJwk: { alg, kid: 'k1' } });
      expect(res.json().clientSecret).toBeUndefined();
      return { clientId: res.json().clientId, privateKey, alg };
    }

    function assertion(
      c: KeyClient,
      claims: { iss?: string; sub?: string; aud?: string; expIn?: number; jti?: string; key?: CryptoKey } = {},
    ): Promise<string> {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ jti: claims.jti ?? randomUUID() })
        .setProtectedHeader({ alg: c.alg, kid: 'k1' })
        .setIssuer(claims.iss ?? c.clientId)
        .setSubject(claims.sub ?? c.clientId)
        .setAudience(claims.aud ?? tokenUrl())
        .setIssuedAt(now)
        .setExpirationTime(now + (claims.expIn ?? 60))
        .sign(claims.key ?? c.privateKey);
    }

    const post = (form: Record<string, string>, url = '/public/oauth2/1/token', app = t.app) =>
      app.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(form).toString() });
    const withAssertion = (a: string, form: Record<string, string> = {}) => ({ client_assertion_type: ASSERTION_TYPE, client_assertion: a, ...form });

    async function codeFor(c: KeyClient): Promise<{ code: string; verifier: string }> {
      const r = await signUp(t);
      const { verifier, challenge } = pkce();
      return { code: await consent(t, r, c.clientId, challenge, []), verifier };
    }

    it('discovery advertises private_key_jwt and its algorithms', async () => {
      const discovery = (await t.app.inject({ method: 'GET', url: '/.well-known/openid-configuration' })).json();
      expect(discovery.token_endpoint_auth_methods_supported).toContain('private_key_jwt');
      expect(discovery.token_endpoint_auth_signing_alg_values_supported).toEqual(['RS256', 'ES256']);
      expect(discovery.revocation_endpoint_auth_methods_supported).toContain('private_key_jwt');
    });

    for (const alg of ['ES256', 'RS256'] as const) {
      it(`a ${alg} client exchanges a code, refreshes and revokes with signed assertions`, async () => {
        const c = await registerKeyClient(alg);
        const { code, verifier } = await codeFor(c);
        const res = await post(withAssertion(await assertion(c), { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier }));
        expect(res.statusCode, res.body).toBe(200);
        const tok = res.json();
        expect(tok.token_type).toBe('Bearer');

        // aud may also be the issuer; client_id may be sent alongside when it is the same.
        const refreshed = await post(
          withAssertion(await assertion(c, { aud: t.config.publicUrl }), {
            client_id: c.clientId,
            grant_type: 'refresh_token',
            refresh_token: tok.refresh_token,
          }),
        );
        expect(refreshed.statusCode, refreshed.body).toBe(200);

        const revoked = await post(withAssertion(await assertion(c), { token: refreshed.json().access_token }), '/public/oauth2/1/revoke');
        expect(revoked.statusCode, revoked.body).toBe(200);
        const user = await t.app.inject({ method: 'GET', url: '/public/oauth2/1/user', headers: { authorization: `Bearer ${refreshed.json().access_token}` } });
        expect(user.json().error).toBe('invalid_token');
      });
    }

    it('refuses a replayed jti, also in another server instance on the same database', async () => {
      const c = await registerKeyClient();
      const a = await assertion(c);
      const first = await codeFor(c);
      expect(
        (await post(withAssertion(a, { grant_type: 'authorization_code', code: first.code, redirect_uri: REDIRECT, code_verifier: first.verifier })))
          .statusCode,
      ).toBe(200);
      const second = await codeFor(c);
      const form = { grant_type: 'authorization_code', code: second.code, redirect_uri: REDIRECT, code_verifier: second.verifier };
      for (const app of [t.app, other.app]) {
        const replay = await post(withAssertion(a, form), '/public/oauth2/1/token', app);
        expect(replay.statusCode).toBe(401);
        expect(replay.json()).toEqual({ error: 'invalid_client', error_description: 'This client_assertion (its jti) has been used already.' });
      }
      // The same jti in a freshly signed assertion is a replay too.
      const sameJti = await post(
        withAssertion(await assertion(c, { jti: (JSON.parse(Buffer.from(a.split('.')[1]!, 'base64url').toString()) as { jti: string }).jti }), form),
      );
      expect(sameJti.json().error_description).toContain('used already');
      // The code was never spent by the refused attempts.
      expect((await post(withAssertion(await assertion(c), form), '/public/oauth2/1/token', other.app)).statusCode).toBe(200);
    });

    it('refuses a wrong aud, an expired or too long-lived assertion, another client’s key, and mismatched names', async () => {
      const c = await registerKeyClient();
      const stranger = await registerKeyClient();
      const { code, verifier } = await codeFor(c);
      const form = { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier };
      const cases: [string, Record<string, string>, string][] = [
        ['wrong aud', withAssertion(await assertion(c, { aud: 'https://evil.example/token' }), form), "aud must be Tijori's issuer or token endpoint URL"],
        ['expired', withAssertion(await assertion(c, { expIn: -120 }), form), 'it has expired'],
        ['exp too far', withAssertion(await assertion(c, { expIn: 3600 }), form), 'at most 5 minutes'],
        ['another client’s key', withAssertion(await assertion(c, { key: stranger.privateKey }), form), 'signature does not match'],
        ['sub not the client', withAssertion(await assertion(c, { sub: stranger.clientId }), form), 'sub claim'],
        ['client_id not iss', withAssertion(await assertion(c), { ...form, client_id: stranger.clientId }), 'must name the client'],
        ['unknown client', withAssertion(await assertion(c, { iss: 'NOSUCHCLIENT0000', sub: 'NOSUCHCLIENT0000' }), form), 'not registered'],
        ['wrong type', { ...withAssertion(await assertion(c), form), client_assertion_type: 'urn:other' }, 'client_assertion_type must be'],
        ['not a JWT', withAssertion('not.a.jwt', form), 'not a JWT'],
      ];
      for (const [name, body, description] of cases) {
        const res = await post(body);
        expect(res.statusCode, name).toBe(401);
        expect(res.json().error, name).toBe('invalid_client');
        expect(res.json().error_description, name).toContain(description);
      }
      // None of that spent the code.
      expect((await post(withAssertion(await assertion(c), form))).statusCode).toBe(200);
    });

    it('a key client cannot use a secret, and a secret client cannot use an assertion', async () => {
      const c = await registerKeyClient();
      const bySecret = await post({ client_id: c.clientId, client_secret: 'anything', grant_type: 'refresh_token', refresh_token: 'x' });
      expect(bySecret.statusCode).toBe(401);
      expect(bySecret.json().error_description).toContain('private_key_jwt');
      const both = await post(withAssertion(await assertion(c), { client_secret: 'anything', grant_type: 'refresh_token', refresh_token: 'x' }));
      expect(both.json()).toMatchObject({ error: 'invalid_client', error_description: 'Send either a client_assertion or a client secret, not both.' });

      const secretClient = await registerRequester(t);
      const { privateKey } = await generateKeyPair('ES256');
      const forged = await assertion({ clientId: secretClient.clientId, privateKey, alg: 'ES256' });
      const byAssertion = await post(withAssertion(forged, { grant_type: 'refresh_token', refresh_token: 'x' }));
      expect(byAssertion.statusCode).toBe(401);
      expect(byAssertion.json().error_description).toBe('This client authenticates with its client secret, not with private_key_jwt.');
    });

    it('a suspended key client is refused; a private key or a weak key is not registrable; there is no secret to rotate', async () => {
      const c = await registerKeyClient();
      const staff = bearer(await staffToken(t));
      expect((await t.app.inject({ method: 'POST', url: `/api/v1/requesters/${c.clientId}/rotate-secret`, headers: staff })).statusCode).toBe(409);
      await t.app.inject({ method: 'POST', url: `/api/v1/requesters/${c.clientId}/suspend`, headers: staff });
      const res = await post(withAssertion(await assertion(c), { grant_type: 'refresh_token', refresh_token: 'x' }));
      expect(res.json()).toEqual({ error: 'invalid_client', error_description: 'This requester is suspended.' });

      const { privateKey } = await generateKeyPair('ES256', { extractable: true });
      const small = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'jwk' });
      for (const [publicJwk, message] of [
        [await exportJWK(privateKey), 'private key'],
        [small, '2048 bits'],
        [{ kty: 'EC', crv: 'P-256', x: 'AAAA', y: 'AAAA' }, 'cannot be read'],
      ] as const) {
        const bad = await t.app.inject({
          method: 'POST',
          url: '/api/v1/requesters',
          headers: staff,
          payload: { names: { en: 'Bad' }, purpose: { en: 'x' }, redirectUris: [REDIRECT], scopes: ['openid'], docTypes: [], consentDays: 1, publicJwk },
        });
        expect(bad.statusCode, bad.body).toBe(400);
        expect(bad.body).toContain(message);
      }
    });
  });
}
