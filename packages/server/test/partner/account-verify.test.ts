import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/dialects.js';
import { freshMobile, linkAadhaar, sandboxResident, signUp } from '../support/residents.js';
import { authorizeUrl, pkce, REDIRECT, registerRequester } from '../support/requesters.js';
import { bearer, staffToken } from '../support/staff.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

for (const dialect of DIALECTS) {
  describe(`partner API: account/2/verify [${dialect}]`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp(dialect, { env: { TIJORI_SEED_DEMO: 'true' } });
    });
    afterAll(async () => t?.close());

    const verify = (client: { clientId: string; clientSecret: string }, fields: Record<string, string>) => {
      const now = Math.floor(Date.now() / 1000);
      const hmac = createHash('sha256').update(`${client.clientSecret}${client.clientId}${now}`).digest('hex');
      const payload = new URLSearchParams({ clientid: client.clientId, ts: String(now), hmac, ...fields }).toString();
      return t.app.inject({ method: 'POST', url: '/public/account/2/verify', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload });
    };

    it('answers registered and the locker id by mobile or Aadhaar, to a requester granted account.verify', async () => {
      const client = await registerRequester(t, { scopes: ['userdetails', 'account.verify'] });
      const resident = await signUp(t);
      const demo = await sandboxResident(t, 3);
      expect((await linkAadhaar(t, resident.cookie, demo.aadhaarNumber, demo.mobile)).statusCode).toBe(200);

      const byMobile = await verify(client, { mobile: resident.mobile });
      expect(byMobile.statusCode, byMobile.body).toBe(200);
      expect(byMobile.json()).toEqual({ registered: true, digilockerid: resident.id });
      expect(byMobile.headers['cache-control']).toBe('no-store');
      expect((await verify(client, { uid: demo.aadhaarNumber })).json()).toEqual({ registered: true, digilockerid: resident.id });

      expect((await verify(client, { mobile: freshMobile() })).json()).toEqual({ registered: false, digilockerid: '' });
      const unlinked = await sandboxResident(t, 4);
      expect((await verify(client, { uid: unlinked.aadhaarNumber })).json()).toEqual({ registered: false, digilockerid: '' });
    });

    it('refuses bad input with the documented codes and never echoes the number', async () => {
      const client = await registerRequester(t, { scopes: ['account.verify'] });
      const cases: [Record<string, string>, number, string][] = [
        [{}, 400, 'parameter_missing'],
        [{ uid: '', mobile: '' }, 400, 'parameter_missing'],
        [{ uid: '234567890124', mobile: '9876543210' }, 400, 'parameter_missing'],
        [{ uid: '123456789012' }, 400, 'invalid_parameter'],
        [{ uid: '23456789' }, 400, 'invalid_parameter'],
        [{ mobile: '12345' }, 400, 'invalid_parameter'],
      ];
      for (const [fields, status, error] of cases) {
        const res = await verify(client, fields);
        expect(res.statusCode, JSON.stringify(fields)).toBe(status);
        expect(Object.keys(res.json()).sort()).toEqual(['error', 'error_description']);
        expect(res.json().error).toBe(error);
        for (const v of Object.values(fields)) if (v) expect(res.body).not.toContain(v);
      }
      const bad = await t.app.inject({
        method: 'POST',
        url: '/public/account/2/verify',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({
          clientid: client.clientId,
          ts: String(Math.floor(Date.now() / 1000)),
          hmac: '0'.repeat(64),
          mobile: '9876543210',
        }).toString(),
      });
      expect(bad.statusCode).toBe(401);
      expect(bad.json().error).toBe('hmac_mismatch');
    });

    it('is refused to a requester the operator has not granted account.verify, and the grant never reaches a consent', async () => {
      const plain = await registerRequester(t);
      const refused = await verify(plain, { mobile: (await signUp(t)).mobile });
      expect(refused.statusCode).toBe(403);
      expect(refused.json().error).toBe('insufficient_scope');

      const granted = await registerRequester(t, { scopes: ['openid', 'account.verify'] });
      const { challenge } = pkce();
      const asked = await t.app.inject({ method: 'GET', url: authorizeUrl(granted.clientId, challenge, { scope: 'openid account.verify' }) });
      expect(asked.statusCode).toBe(302);
      const u = new URL(asked.headers.location as string);
      expect(`${u.origin}${u.pathname}`).toBe(REDIRECT);
      expect(u.searchParams.get('error')).toBe('invalid_scope');
    });

    it('writes every call to the operators’ audit log with the requester and the outcome, never the number', async () => {
      const client = await registerRequester(t, { scopes: ['account.verify'] });
      const plain = await registerRequester(t);
      const resident = await signUp(t);
      const stranger = freshMobile();
      const demo = await sandboxResident(t, 6);
      expect((await verify(client, { mobile: resident.mobile })).statusCode).toBe(200);
      expect((await verify(client, { mobile: stranger })).statusCode).toBe(200);
      expect((await verify(client, { uid: demo.aadhaarNumber })).statusCode).toBe(200);
      expect((await verify(client, { mobile: '12345' })).statusCode).toBe(400);
      expect((await verify(plain, { mobile: resident.mobile })).statusCode).toBe(403);

      const res = await t.app.inject({ method: 'GET', url: '/api/v1/audit-log?limit=1000', headers: bearer(await staffToken(t)) });
      expect(res.statusCode, res.body).toBe(200);
      const entries = (res.json().entries as { action: string; actor: { kind: string; name: string | null }; details: Record<string, unknown> }[]).filter(
        (e) => e.action === 'requester.account_verify' && (e.actor.name === client.clientId || e.actor.name === plain.clientId),
      );
      expect(entries.map((e) => [e.actor.kind, e.actor.name, e.details.by, e.details.outcome])).toEqual([
        ['requester', client.clientId, 'mobile', 'registered'],
        ['requester', client.clientId, 'mobile', 'not_registered'],
        ['requester', client.clientId, 'uid', 'not_registered'],
        ['requester', client.clientId, 'mobile', 'invalid_parameter'],
        ['requester', plain.clientId, 'mobile', 'insufficient_scope'],
      ]);
      const text = JSON.stringify(entries);
      for (const number of [resident.mobile, stranger, demo.aadhaarNumber, resident.id]) expect(text).not.toContain(number);
      const chain = await t.app.inject({ method: 'GET', url: '/api/v1/audit-log/verify', headers: bearer(await staffToken(t)) });
      expect(chain.json().valid).toBe(true);
    });

    it('limits each client to 300 look-ups an hour, counting refused ones', async () => {
      const client = await registerRequester(t, { scopes: ['account.verify'] });
      const other = await registerRequester(t, { scopes: ['account.verify'] });
      for (let i = 0; i < 300; i += 50) {
        const batch = await Promise.all(Array.from({ length: 50 }, (_, j) => verify(client, j % 2 ? { mobile: freshMobile() } : { mobile: '1' })));
        for (const res of batch) expect(res.statusCode).not.toBe(429);
      }
      const over = await verify(client, { mobile: freshMobile() });
      expect(over.statusCode).toBe(429);
      expect(over.json().error).toBe('rate_limited');
      expect((await verify(other, { mobile: freshMobile() })).statusCode).toBe(200);
    });
  });
}
