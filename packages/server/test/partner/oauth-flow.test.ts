import { createHash } from 'node:crypto';
import { compactVerify, createLocalJWKSet } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/dialects.js';
import { latestOtp, signUp } from '../support/residents.js';
import { answerConsent, authorizeUrl, consent, issueTo, pkce, REDIRECT, registerRequester, token } from '../support/requesters.js';
import { bearer, staffToken } from '../support/staff.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

for (const dialect of DIALECTS) {
  describe(`partner API: OAuth 2.0 + PKCE, consent, resources [${dialect}]`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp(dialect, { env: { TIJORI_SEED_DEMO: 'true' } });
    });
    afterAll(async () => t?.close());

    const get = (url: string, accessToken: string) => t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${accessToken}` } });

    it('runs the whole flow: consent with a consent OTP, tokens with both spellings, id_token, and only the chosen document', async () => {
      const client = await registerRequester(t);
      const r = await signUp(t);
      const chosen = await issueTo(t, r.mobile);
      const other = await issueTo(t, r.mobile, 'SSCER');
      const { verifier, challenge } = pkce();
      const code = await consent(t, r, client.clientId, challenge, [chosen], { nonce: 'n-1' });

      const res = await token(t, client, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier });
      expect(res.statusCode, res.body).toBe(200);
      const tok = res.json();
      expect(tok).toMatchObject({ token_type: 'Bearer', expires_in: 3600, digilockerid: r.id, digilocker_id: r.id, eaadhaar: 'N', eaadhar: 'N' });
      expect(tok.scope.split(' ')).toEqual(expect.arrayContaining(['openid', 'userdetails', 'files.issueddocs', `issued/${chosen}`]));
      expect(tok.scope).not.toContain(other);
      expect(res.headers['cache-control']).toBe('no-store');

      const jwks = (await t.app.inject({ method: 'GET', url: '/.well-known/jwks.json' })).json();
      const { payload } = await compactVerify(tok.id_token, createLocalJWKSet(jwks));
      expect(JSON.parse(Buffer.from(payload).toString())).toMatchObject({ sub: r.id, aud: client.clientId, iss: t.config.publicUrl, nonce: 'n-1' });
      const discovery = (await t.app.inject({ method: 'GET', url: '/.well-known/openid-configuration' })).json();
      expect(discovery).toMatchObject({
        issuer: t.config.publicUrl,
        code_challenge_methods_supported: ['S256'],
        token_endpoint: `${t.config.publicUrl}/public/oauth2/1/token`,
      });

      expect((await get('/public/oauth2/1/user', tok.access_token)).json()).toMatchObject({ digilockerid: r.id, digilocker_id: r.id, eaadhaar: 'N' });
      const v1 = (await get('/public/oauth2/1/files/issued', tok.access_token)).json();
      expect(v1.items.map((i: { uri: string }) => i.uri)).toEqual([chosen]);
      expect(v1.items[0]).toMatchObject({ type: 'file', mime: 'application/pdf', doctype: 'HSCER', issuerid: 'in.gov.cbse', parent: '', size: '' });
      expect((await get('/public/oauth2/2/files/issued', tok.access_token)).json().items[0].mime).toEqual(['application/pdf', 'application/xml']);

      const pdf = await get(`/public/oauth2/1/file/${chosen}`, tok.access_token);
      expect(pdf.statusCode).toBe(200);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
      const xml = await get(`/public/oauth2/1/xml/${chosen}`, tok.access_token);
      expect(xml.statusCode).toBe(200);
      expect(xml.body).toContain('<Signature');

      // The document the resident did not choose is refused by every document endpoint.
      for (const url of [`/public/oauth2/1/file/${other}`, `/public/oauth2/1/xml/${other}`]) {
        const refused = await get(url, tok.access_token);
        expect(refused.statusCode).toBe(404);
        expect(refused.json()).toEqual({ error: 'invalid_uri', error_description: 'No file found for given URI.' });
      }
      // So is another resident's document.
      const stranger = await signUp(t);
      const strangers = await issueTo(t, stranger.mobile);
      expect((await get(`/public/oauth2/1/file/${strangers}`, tok.access_token)).json().error).toBe('invalid_uri');

      const activity = (await t.app.inject({ method: 'GET', url: '/api/v1/me/activity', headers: { cookie: r.cookie } })).json().events;
      const accessed = activity.filter((e: { type: string }) => e.type === 'requester_accessed');
      expect(accessed.length).toBe(5);
      expect(activity.some((e: { type: string }) => e.type === 'consent_granted')).toBe(true);
      const [listed] = (await t.app.inject({ method: 'GET', url: '/api/v1/me/consents', headers: { cookie: r.cookie } })).json().consents;
      expect(listed).toMatchObject({ requester: { name: 'Example Bank', clientId: client.clientId }, documents: [chosen], status: 'active', accessCount: 5 });
      expect(listed.lastUsedAt).not.toBeNull();
    });

    it('records every one of many lists sent at once: counters, chained activity events and inbox notices', async () => {
      // On SQLite the access records of concurrent requests share transactions (access-records.ts).
      const client = await registerRequester(t);
      const holders = [await signUp(t), await signUp(t)];
      const tokens: string[] = [];
      for (const r of holders) {
        const doc = await issueTo(t, r.mobile);
        const { verifier, challenge } = pkce();
        const code = await consent(t, r, client.clientId, challenge, [doc]);
        tokens.push((await token(t, client, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier })).json().access_token);
      }
      const answers = await Promise.all(
        Array.from({ length: 40 }, (_, i) => get(`/public/oauth2/${(i % 4 < 2 ? 1 : 2) as number}/files/issued`, tokens[i % 2]!)),
      );
      expect(answers.map((a) => a.statusCode)).toEqual(answers.map(() => 200));
      for (const r of holders) {
        const events = (await t.app.inject({ method: 'GET', url: '/api/v1/me/activity?limit=100', headers: { cookie: r.cookie } })).json().events;
        expect(events.filter((e: { type: string }) => e.type === 'requester_accessed')).toHaveLength(20);
        expect((await t.app.inject({ method: 'GET', url: '/api/v1/me/activity/verify', headers: { cookie: r.cookie } })).json()).toMatchObject({ valid: true });
        const [listed] = (await t.app.inject({ method: 'GET', url: '/api/v1/me/consents', headers: { cookie: r.cookie } })).json().consents;
        expect(listed.accessCount).toBe(20);
        const inbox = (await t.app.inject({ method: 'GET', url: '/api/v1/me/notifications?limit=100', headers: { cookie: r.cookie } })).json();
        expect(inbox.notifications.filter((n: { kind: string }) => n.kind === 'consent_used')).toHaveLength(20);
      }
    });

    it('refuses the user endpoint and documents when the consent lacks the scope', async () => {
      const client = await registerRequester(t, { scopes: ['files.issueddocs'] });
      const r = await signUp(t);
      const uri = await issueTo(t, r.mobile);
      const { verifier, challenge } = pkce();
      const code = await consent(t, r, client.clientId, challenge, [uri]);
      const tok = (await token(t, client, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier })).json();
      expect(tok.name).toBeUndefined();
      expect(tok.id_token).toBeUndefined();
      const user = await get('/public/oauth2/1/user', tok.access_token);
      expect(user.statusCode).toBe(403);
      expect(user.json().error).toBe('insufficient_scope');
      const uploaded = await get('/public/oauth2/1/files/', tok.access_token);
      expect(uploaded.json().error).toBe('insufficient_scope');
      expect((await get('/public/oauth2/1/files/issued', tok.access_token)).statusCode).toBe(200);
    });

    it('a replayed code fails and revokes the tokens issued from it', async () => {
      const client = await registerRequester(t);
      const r = await signUp(t);
      const { verifier, challenge } = pkce();
      const code = await consent(t, r, client.clientId, challenge, []);
      const form = { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier };
      const first = (await token(t, client, form)).json();
      expect((await get('/public/oauth2/1/user', first.access_token)).statusCode).toBe(200);
      const replay = await token(t, client, form);
      expect(replay.statusCode).toBe(400);
      expect(replay.json().error).toBe('invalid_grant');
      const dead = await get('/public/oauth2/1/user', first.access_token);
      expect(dead.statusCode).toBe(401);
      expect(dead.json().error).toBe('invalid_token');
      expect((await token(t, client, { grant_type: 'refresh_token', refresh_token: first.refresh_token })).json().error).toBe('invalid_grant');
    });

    it('binds the code to its client, redirect URI and verifier', async () => {
      const client = await registerRequester(t);
      const intruder = await registerRequester(t);
      const r = await signUp(t);
      const { verifier, challenge } = pkce();
      const code = await consent(t, r, client.clientId, challenge, []);
      const cases: [Record<string, string>, typeof client, string, number][] = [
        [{ code_verifier: verifier }, intruder, 'invalid_grant', 400],
        [{ code_verifier: pkce().verifier }, client, 'invalid_grant', 400],
        [{}, client, 'invalid_grant', 400],
        [{ code_verifier: verifier, redirect_uri: `${REDIRECT}/x` }, client, 'invalid_grant', 400],
        [{ code_verifier: verifier }, { ...client, clientSecret: 'wrong' }, 'invalid_client', 401],
        [{ code_verifier: verifier }, { clientId: 'NOSUCHCLIENT0000', clientSecret: 'x' }, 'invalid_client', 401],
        [{ code_verifier: verifier, grant_type: 'password' }, client, 'unsupported_grant_type', 400],
      ];
      for (const [extra, who, error, status] of cases) {
        const res = await token(t, who, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, ...extra });
        expect(res.statusCode, JSON.stringify(extra)).toBe(status);
        expect(res.json().error).toBe(error);
      }
      // None of those used the code up: the right client with the right verifier still succeeds (HTTP Basic this time).
      const basic = Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64');
      const ok = await t.app.inject({
        method: 'POST',
        url: '/public/oauth2/2/token',
        headers: { authorization: `Basic ${basic}`, 'content-type': 'application/json' },
        payload: { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier },
      });
      expect(ok.statusCode, ok.body).toBe(200);
    });

    it('rotates refresh tokens and detects reuse', async () => {
      const client = await registerRequester(t);
      const r = await signUp(t);
      const { verifier, challenge } = pkce();
      const code = await consent(t, r, client.clientId, challenge, []);
      const first = (await token(t, client, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier })).json();
      const second = await token(t, client, { grant_type: 'refresh_token', refresh_token: first.refresh_token });
      expect(second.statusCode, second.body).toBe(200);
      expect(second.json().refresh_token).not.toBe(first.refresh_token);
      expect((await get('/public/oauth2/1/user', second.json().access_token)).statusCode).toBe(200);
      const reuse = await token(t, client, { grant_type: 'refresh_token', refresh_token: first.refresh_token });
      expect(reuse.json().error).toBe('invalid_grant');
      expect((await get('/public/oauth2/1/user', second.json().access_token)).json().error).toBe('invalid_token');
      expect((await token(t, client, { grant_type: 'refresh_token', refresh_token: second.json().refresh_token })).json().error).toBe('invalid_grant');
    });

    it('revoke stops the grant; withdrawal stops every token at once; only the owner can withdraw', async () => {
      const client = await registerRequester(t);
      const r = await signUp(t);
      const pair = async () => {
        const { verifier, challenge } = pkce();
        const code = await consent(t, r, client.clientId, challenge, []);
        return (await token(t, client, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier })).json();
      };
      const a = await pair();
      const revoked = await t.app.inject({
        method: 'POST',
        url: '/public/oauth2/1/revoke',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({
          client_id: client.clientId,
          client_secret: client.clientSecret,
          token: a.refresh_token,
          token_type_hint: 'refresh_token',
        }).toString(),
      });
      expect(revoked.statusCode).toBe(200);
      expect((await get('/public/oauth2/1/user', a.access_token)).json().error).toBe('invalid_token');

      const b = await pair();
      const [latest] = (await t.app.inject({ method: 'GET', url: '/api/v1/me/consents', headers: { cookie: r.cookie } })).json().consents;
      const other = await signUp(t);
      const foreign = await t.app.inject({ method: 'DELETE', url: `/api/v1/me/consents/${latest.id}`, headers: { cookie: other.cookie } });
      expect(foreign.statusCode).toBe(404);
      expect((await get('/public/oauth2/1/user', b.access_token)).statusCode).toBe(200);
      const withdraw = await t.app.inject({ method: 'DELETE', url: `/api/v1/me/consents/${latest.id}`, headers: { cookie: r.cookie } });
      expect(withdraw.statusCode).toBe(204);
      expect((await get('/public/oauth2/1/user', b.access_token)).json().error).toBe('invalid_token');
      expect((await token(t, client, { grant_type: 'refresh_token', refresh_token: b.refresh_token })).json().error).toBe('invalid_grant');
      const listed = (await t.app.inject({ method: 'GET', url: '/api/v1/me/consents', headers: { cookie: r.cookie } })).json().consents;
      expect(listed[0]).toMatchObject({ id: latest.id, status: 'withdrawn' });
    });

    it('suspending a requester kills its tokens and its authorisation page; a rotated secret replaces the old one', async () => {
      const client = await registerRequester(t);
      const r = await signUp(t);
      const { verifier, challenge } = pkce();
      const code = await consent(t, r, client.clientId, challenge, []);
      const tok = (await token(t, client, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier })).json();
      const op = bearer(await staffToken(t));
      const rotated = await t.app.inject({ method: 'POST', url: `/api/v1/requesters/${client.clientId}/rotate-secret`, headers: op });
      expect(rotated.statusCode, rotated.body).toBe(200);
      expect(rotated.statusCode).toBe(200);
      expect((await token(t, client, { grant_type: 'refresh_token', refresh_token: tok.refresh_token })).json().error).toBe('invalid_client');
      const fresh = { clientId: client.clientId, clientSecret: rotated.json().clientSecret };
      const refreshed = (await token(t, fresh, { grant_type: 'refresh_token', refresh_token: tok.refresh_token })).json();
      expect((await t.app.inject({ method: 'POST', url: `/api/v1/requesters/${client.clientId}/suspend`, headers: op })).json().status).toBe('suspended');
      expect((await get('/public/oauth2/1/user', refreshed.access_token)).json().error).toBe('invalid_token');
      const page = await t.app.inject({ method: 'GET', url: authorizeUrl(client.clientId, challenge) });
      expect(page.statusCode).toBe(400);
      expect(page.headers.location).toBeUndefined();
      // Residents' own sessions cannot manage requesters.
      expect((await t.app.inject({ method: 'POST', url: `/api/v1/requesters/${client.clientId}/resume`, headers: { cookie: r.cookie } })).statusCode).toBe(401);
    });

    it('dl_flow=signup sends the browser to sign-up first, with the consent screen of that request to come back to', async () => {
      const client = await registerRequester(t);
      const { verifier, challenge } = pkce();
      const start = await t.app.inject({ method: 'GET', url: authorizeUrl(client.clientId, challenge, { dl_flow: 'signup' }) });
      expect(start.statusCode).toBe(302);
      const location = new URL(start.headers.location as string, 'http://portal.test');
      expect(location.pathname).toBe('/sign-up');
      const requestId = /^\/app\/consent\/([A-Za-z0-9_-]+)$/.exec(location.searchParams.get('next') ?? '')![1]!;
      // The new resident signs up, then answers that very request.
      const r = await signUp(t);
      const code = await answerConsent(t, r, requestId, []);
      const res = await token(t, client, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().digilockerid).toBe(r.id);
      // dl_flow=signin (or none) goes straight to the consent screen.
      const signin = await t.app.inject({ method: 'GET', url: authorizeUrl(client.clientId, challenge, { dl_flow: 'signin' }) });
      expect(signin.headers.location).toMatch(/^\/app\/consent\/[A-Za-z0-9_-]+$/);
    });

    it('a sign-in OTP cannot confirm a consent', async () => {
      const client = await registerRequester(t);
      const r = await signUp(t);
      const { challenge } = pkce();
      const start = await t.app.inject({ method: 'GET', url: authorizeUrl(client.clientId, challenge) });
      const requestId = /^\/app\/consent\/(.+)$/.exec(start.headers.location as string)![1]!;
      const signIn = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { login: r.mobile, pin: r.pin } });
      expect(signIn.statusCode).toBe(202);
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/consent-requests/${requestId}/verify`,
        headers: { cookie: r.cookie },
        payload: { challengeId: signIn.json().challengeId, otp: await latestOtp(t, r.mobile) },
      });
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('challenge_not_found');
      // A wrong PIN opens no consent OTP at all.
      const wrongPin = await t.app.inject({
        method: 'POST',
        url: `/api/v1/consent-requests/${requestId}/confirm`,
        headers: { cookie: r.cookie },
        payload: { pin: '000000', documents: [] },
      });
      expect(wrongPin.statusCode).toBe(401);
      // Somebody else's document cannot be put into the consent.
      const stranger = await signUp(t);
      const theirs = await issueTo(t, stranger.mobile);
      const smuggled = await t.app.inject({
        method: 'POST',
        url: `/api/v1/consent-requests/${requestId}/confirm`,
        headers: { cookie: r.cookie },
        payload: { pin: r.pin, documents: [theirs] },
      });
      expect(smuggled.statusCode).toBe(400);
    });

    it('shows client and redirect errors on its own page, and redirects the rest as OAuth errors', async () => {
      const client = await registerRequester(t);
      const { challenge } = pkce();
      for (const redirect of [
        'https://app.example.com.evil.test/callback',
        'https://app.example.com@evil.test/callback',
        'https://a@b@evil/callback',
        'https://app.example.com/callback/..;/evil',
        'https://app.example.com/callback/../x',
        'HTTPS://APP.EXAMPLE.COM/callback',
        'https://app.example.com/callback?x=1',
        'JaVaScRiPt:alert(1)//https://app.example.com/callback',
      ]) {
        const res = await t.app.inject({ method: 'GET', url: authorizeUrl(client.clientId, challenge, { redirect_uri: redirect }) });
        expect(res.statusCode, redirect).toBe(400);
        expect(res.headers.location, redirect).toBeUndefined();
        expect(res.headers['content-type']).toContain('text/html');
        expect(res.body).toContain('invalid_redirect_uri');
      }
      const unknown = await t.app.inject({ method: 'GET', url: authorizeUrl('0000000000000000', challenge) });
      expect(unknown.statusCode).toBe(400);
      expect(unknown.body).toContain('invalid_client_id');

      const redirected = async (extra: Record<string, string>) => {
        const res = await t.app.inject({ method: 'GET', url: authorizeUrl(client.clientId, challenge, extra) });
        expect(res.statusCode).toBe(302);
        const u = new URL(res.headers.location as string);
        expect(`${u.origin}${u.pathname}`).toBe(REDIRECT);
        return u.searchParams;
      };
      expect((await redirected({ response_type: 'token' })).get('error')).toBe('unsupported_response_type');
      expect((await redirected({ state: '' })).get('error')).toBe('invalid_request');
      expect((await redirected({ code_challenge_method: 'plain' })).get('error')).toBe('invalid_request');
      expect((await redirected({ code_challenge: 'short' })).get('error')).toBe('invalid_request');
      const escalated = await redirected({ scope: 'openid files.uploadeddocs' });
      expect(escalated.get('error')).toBe('invalid_scope');
      expect(escalated.get('state')).toBe('st-123');
    });

    it('refuses look-alike and unsafe redirect URIs at registration', async () => {
      const op = bearer(await staffToken(t));
      for (const uri of [
        'JaVaScRiPt:alert(1)',
        'http://app.example.com/cb',
        'https://a@b@evil/cb',
        'https://app.example.com/cb/..;/x',
        'https://app.example.com/cb#frag',
        'https://app.example.com/a/../cb',
      ]) {
        const res = await t.app.inject({
          method: 'POST',
          url: '/api/v1/requesters',
          headers: op,
          payload: { names: { en: 'X' }, purpose: { en: 'Y' }, redirectUris: [uri], scopes: ['openid'], docTypes: [], consentDays: 1 },
        });
        expect(res.statusCode, uri).toBe(400);
        expect(res.json().code).toBe('validation_failed');
      }
    });

    it('authenticates the meta APIs by client id, fresh ts and HMAC', async () => {
      const client = await registerRequester(t);
      const now = Math.floor(Date.now() / 1000);
      const call = (fields: Record<string, string>, path = 'issuers') =>
        t.app.inject({
          method: 'POST',
          url: `/public/oauth2/1/pull/${path}`,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload: new URLSearchParams(fields).toString(),
        });
      const hmac = (ts: number, secret = client.clientSecret) => createHash('sha256').update(`${secret}${client.clientId}${ts}`).digest('hex');
      const ok = await call({ clientid: client.clientId, ts: String(now), hmac: hmac(now) });
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json().issuers.map((i: { orgid: string }) => i.orgid)).toContain('in.gov.cbse');
      const types = await call({ clientid: client.clientId, ts: String(now), hmac: hmac(now), orgid: 'in.gov.cbse' }, 'doctype');
      expect(types.json().documents.map((d: { doctype: string }) => d.doctype)).toContain('HSCER');
      const stale = now - 31 * 60;
      const cases: [Record<string, string>, number, string][] = [
        [{ clientid: client.clientId, ts: String(now), hmac: hmac(now, 'wrong') }, 401, 'hmac_mismatch'],
        [{ clientid: client.clientId, ts: String(now), hmac: 'zz' }, 401, 'hmac_mismatch'],
        [{ clientid: client.clientId, ts: String(stale), hmac: hmac(stale) }, 401, 'invalid_ts'],
        [{ clientid: client.clientId, ts: 'yesterday', hmac: hmac(now) }, 401, 'invalid_ts'],
        [{ clientid: 'NOPE', ts: String(now), hmac: hmac(now) }, 401, 'invalid_client_id'],
        [{ clientid: client.clientId, ts: String(now) }, 400, 'parameter_missing'],
      ];
      for (const [fields, status, error] of cases) {
        const res = await call(fields);
        expect(res.statusCode, JSON.stringify(fields)).toBe(status);
        expect(res.json().error).toBe(error);
      }
    });

    it('answers statistics/1/counts from the statistics counters, to an authenticated requester only', async () => {
      const client = await registerRequester(t);
      const counts = async (fields?: Record<string, string>) => {
        const now = Math.floor(Date.now() / 1000);
        const hmac = createHash('sha256').update(`${client.clientSecret}${client.clientId}${now}`).digest('hex');
        const payload = new URLSearchParams(fields ?? { clientid: client.clientId, ts: String(now), hmac }).toString();
        return t.app.inject({ method: 'POST', url: '/public/statistics/1/counts', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload });
      };
      const before = await counts();
      expect(before.statusCode, before.body).toBe(200);
      const b = before.json();
      expect(Object.keys(b).sort()).toEqual([
        'authentic_documents',
        'count_as_on',
        'issuers',
        'monthwise_registations',
        'requestors',
        'users',
        'yearwise_authentic_documents',
      ]);
      expect(b.issuers).toBeGreaterThanOrEqual(4);
      expect(b.requestors).toBeGreaterThanOrEqual(1);
      expect(b.count_as_on).toMatch(/^\d{4}-\d{2}-\d{2}$/);

      const resident = await signUp(t);
      await issueTo(t, resident.mobile);
      const after = (await counts()).json();
      const month = String(after.count_as_on).slice(0, 7);
      const year = String(after.count_as_on).slice(0, 4);
      expect(after.users).toBe(b.users + 1);
      expect(after.monthwise_registations[month]).toBe((b.monthwise_registations[month] ?? 0) + 1);
      expect(after.authentic_documents).toBe(b.authentic_documents + 1);
      expect(after.yearwise_authentic_documents[year]).toBe((b.yearwise_authentic_documents[year] ?? 0) + 1);

      const refused = await counts({ clientid: client.clientId, ts: String(Math.floor(Date.now() / 1000)), hmac: '0'.repeat(64) });
      expect(refused.statusCode).toBe(401);
      expect(refused.json().error).toBe('hmac_mismatch');
    });

    it('answers missing or bad bearer tokens with invalid_token, never a 500', async () => {
      for (const url of [
        '/public/oauth2/1/user',
        '/public/oauth2/1/files/issued',
        '/public/oauth2/2/files/issued',
        '/public/oauth2/1/files/',
        '/public/oauth2/1/file/in.gov.cbse-HSCER-1',
        '/public/oauth2/1/xml/in.gov.cbse-HSCER-1',
      ]) {
        const none = await t.app.inject({ method: 'GET', url });
        expect(none.statusCode, url).toBe(401);
        expect(none.json().error).toBe('invalid_token');
        const bad = await get(url, 'A'.repeat(43));
        expect(bad.statusCode, url).toBe(401);
      }
      const bodyless = await t.app.inject({
        method: 'POST',
        url: '/public/oauth2/1/token',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'garbage=%%%',
      });
      expect(bodyless.statusCode).toBe(401);
      expect(bodyless.json().error).toBe('invalid_client');
      const odd: [string, Record<string, string>, string][] = [
        [
          '/public/oauth2/1/token',
          { authorization: `Basic ${Buffer.from('%zz:%zz').toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
          'grant_type=refresh_token&refresh_token=x',
        ],
        ['/public/oauth2/1/token', { 'content-type': 'application/json' }, JSON.stringify({ client_id: { $ne: 1 }, client_secret: [1], grant_type: 7 })],
        ['/public/oauth2/1/revoke', { 'content-type': 'application/json' }, JSON.stringify([1, 2])],
        ['/public/oauth2/1/pull/issuers', { 'content-type': 'application/json' }, JSON.stringify({ clientid: { a: 1 }, ts: 5, hmac: [] })],
        ['/public/oauth2/1/token', { 'content-type': 'text/plain' }, 'hello'],
      ];
      for (const [url, headers, payload] of odd) {
        const res = await t.app.inject({ method: 'POST', url, headers, payload });
        expect(res.statusCode, `${url} ${payload}`).toBeGreaterThanOrEqual(400);
        expect(res.statusCode, `${url} ${payload}`).toBeLessThan(500);
        expect(typeof res.json().error).toBe('string');
      }
      const twice = await t.app.inject({ method: 'GET', url: '/public/oauth2/1/authorize?client_id=a&client_id=b&redirect_uri=x' });
      expect(twice.statusCode).toBe(400);
    });
  });
}
