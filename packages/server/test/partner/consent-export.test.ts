import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/dialects.js';
import { signUp } from '../support/residents.js';
import { consent, issueTo, pkce, REDIRECT, registerRequester, token } from '../support/requesters.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

for (const dialect of DIALECTS) {
  describe(`consent records export [${dialect}]`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp(dialect, { env: { TIJORI_SEED_DEMO: 'true' } });
    });
    afterAll(async () => t?.close());

    const exportFor = (cookie?: string) => t.app.inject({ method: 'GET', url: '/api/v1/me/consents/export', headers: cookie ? { cookie } : {} });

    it('exports every consent with its grant, each access and its withdrawal, as a JSON file of the resident’s own', async () => {
      const r = await signUp(t);
      const doc = await issueTo(t, r.mobile);
      const client = await registerRequester(t);
      const { verifier, challenge } = pkce();
      const code = await consent(t, r, client.clientId, challenge, [doc]);
      const access = (await token(t, client, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier })).json().access_token;
      const bearer = { authorization: `Bearer ${access}` };
      expect((await t.app.inject({ method: 'GET', url: '/public/oauth2/1/user', headers: bearer })).statusCode).toBe(200);
      expect((await t.app.inject({ method: 'GET', url: `/public/oauth2/1/file/${doc}`, headers: bearer })).statusCode).toBe(200);
      const id = (await t.app.inject({ method: 'GET', url: '/api/v1/me/consents', headers: { cookie: r.cookie } })).json().consents[0].id;
      expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/me/consents/${id}`, headers: { cookie: r.cookie } })).statusCode).toBe(204);

      const res = await exportFor(r.cookie);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-disposition']).toMatch(/^attachment; filename="tijori-consents-\d{4}-\d{2}-\d{2}\.json"$/);
      expect(res.headers['cache-control']).toContain('no-store');
      const body = res.json();
      expect(body).toMatchObject({ digilockerid: r.id, activityHead: expect.any(String) });
      expect(body.consents).toHaveLength(1);
      const c = body.consents[0];
      expect(c).toMatchObject({ id, status: 'withdrawn', documents: [doc], requester: { clientId: client.clientId, name: 'Example Bank' } });
      expect(c.events.map((e: { type: string }) => e.type)).toEqual(['consent_granted', 'requester_accessed', 'requester_accessed', 'consent_withdrawn']);
      expect(c.events[1]).toMatchObject({ what: 'userdetails' });
      expect(c.events[2]).toMatchObject({ what: 'file', uri: doc });
      for (const e of c.events) expect(e).toMatchObject({ at: expect.any(String), seq: expect.any(Number), hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
      expect(res.body).not.toContain(access);

      const stranger = await signUp(t);
      const theirs = (await exportFor(stranger.cookie)).json();
      expect(theirs).toMatchObject({ digilockerid: stranger.id, consents: [] });
      expect((await exportFor()).statusCode).toBe(401);
    });
  });
}
