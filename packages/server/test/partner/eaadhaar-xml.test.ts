import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCertificate, certificatePublicKey } from '../../src/signatures/x509.js';
import { verifyEnveloped } from '../../src/xml/xml-dsig.js';
import { DIALECTS } from '../support/dialects.js';
import { linkAadhaar, sandboxResident, signUp } from '../support/residents.js';
import { consent, pkce, REDIRECT, registerRequester, token } from '../support/requesters.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

for (const dialect of DIALECTS) {
  describe(`partner API: e-Aadhaar XML [${dialect}]`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp(dialect, { env: { TIJORI_SEED_DEMO: 'true' } });
    });
    afterAll(async () => t?.close());

    const get = (url: string, accessToken: string) => t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${accessToken}` } });
    const tokenFor = async (scopes: string[], cookieAndId: Awaited<ReturnType<typeof signUp>>) => {
      const client = await registerRequester(t, { scopes });
      const { verifier, challenge } = pkce();
      const code = await consent(t, cookieAndId, client.clientId, challenge, [], { scope: scopes.join(' ') });
      const res = await token(t, client, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier });
      expect(res.statusCode, res.body).toBe(200);
      return res.json().access_token as string;
    };

    it('answers KycRes with the profile, the number masked, signed by the published platform certificate', async () => {
      const r = await signUp(t);
      const demo = (await t.app.inject({ method: 'GET', url: '/api/v1/dev/aadhaar-sandbox' })).json().residents[5] as {
        aadhaarNumber: string;
        mobile: string;
        name: string;
        nameLocal: string;
        localScript: string;
      };
      expect((await linkAadhaar(t, r.cookie, demo.aadhaarNumber, demo.mobile)).statusCode).toBe(200);
      const access = await tokenFor(['userdetails', 'eaadhaar'], r);
      const tokens = new Set<string>();

      for (const version of [2, 3]) {
        const res = await get(`/public/oauth2/${version}/xml/eaadhaar`, access);
        expect(res.statusCode, res.body).toBe(200);
        expect(res.headers['content-type']).toContain('application/xml');
        expect(res.headers['cache-control']).toBe('no-store');
        expect(res.body).not.toContain(demo.aadhaarNumber);
        expect(res.body).toContain(`uid="XXXXXXXX${demo.aadhaarNumber.slice(-4)}"`);
        expect(res.body).toMatch(/<KycRes [^>]*ret="Y"/);
        expect(res.body).toContain(`name="${demo.name}"`);
        expect(res.body).toMatch(/<Poi [^>]*dob="\d{2}-\d{2}-\d{4}"/);
        expect(res.body).toMatch(/<Poa [^>]*pc="\d{6}"/);
        expect(res.body).toMatch(/<Pht>[A-Za-z0-9+/=]{100,}<\/Pht>/);
        // The local-language name and address as e-KYC gave them, and a printable PDF.
        expect(res.body).toMatch(new RegExp(`<LData [^>]*lang="${demo.localScript}"[^>]*name="${demo.nameLocal}"`));
        expect(res.body).toMatch(/<LData [^>]*pc="\d{6}"/);
        const prn = /<Prn type="pdf">([A-Za-z0-9+/=]+)<\/Prn>/.exec(res.body)?.[1];
        expect(
          Buffer.from(prn ?? '', 'base64')
            .subarray(0, 5)
            .toString('latin1'),
        ).toBe('%PDF-');
        // tkn: the same for this requester on every copy, and no form of the number.
        const tkn = /<UidData [^>]*tkn="([0-9a-f]{64})"/.exec(res.body)?.[1];
        expect(tkn).toBeDefined();
        tokens.add(tkn!);

        const pem = await t.app.inject({ method: 'GET', url: '/pki/tijori-xml-signing.pem' });
        expect(pem.statusCode).toBe(200);
        const der = (await t.app.inject({ method: 'GET', url: '/pki/tijori-xml-signing.cer' })).rawPayload;
        const verified = verifyEnveloped(res.body, certificatePublicKey(parseCertificate(der)), { rootName: 'KycRes' });
        expect(verified.root.name).toBe('KycRes');
        // An independent verifier: xmlsec1 with the published certificate.
        const dir = mkdtempSync(path.join(tmpdir(), 'eaadhaar-'));
        try {
          writeFileSync(path.join(dir, 'e.xml'), res.body);
          writeFileSync(path.join(dir, 'c.pem'), pem.body);
          execFileSync('xmlsec1', ['--verify', '--pubkey-cert-pem', path.join(dir, 'c.pem'), path.join(dir, 'e.xml')], { stdio: 'pipe' });
          writeFileSync(path.join(dir, 'bad.xml'), res.body.replace(`name="${demo.name}"`, 'name="Someone Else"'));
          expect(() =>
            execFileSync('xmlsec1', ['--verify', '--pubkey-cert-pem', path.join(dir, 'c.pem'), path.join(dir, 'bad.xml')], { stdio: 'pipe' }),
          ).toThrow();
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }
      const consents = (await t.app.inject({ method: 'GET', url: '/api/v1/me/consents', headers: { cookie: r.cookie } })).json().consents;
      expect(consents[0].accessCount).toBe(2);
      expect(tokens.size).toBe(1);
      // Another requester gets another token for the same Aadhaar, so they cannot join records on it.
      const other = await get('/public/oauth2/2/xml/eaadhaar', await tokenFor(['eaadhaar'], r));
      const otherTkn = /<UidData [^>]*tkn="([0-9a-f]{64})"/.exec(other.body)?.[1];
      expect(otherTkn).toMatch(/^[0-9a-f]{64}$/);
      expect(otherTkn).not.toBe([...tokens][0]);
    });

    it('answers 404 aadhaar_not_linked without Aadhaar, and 403 without the eaadhaar scope', async () => {
      const unlinked = await signUp(t);
      const res = await get('/public/oauth2/2/xml/eaadhaar', await tokenFor(['userdetails', 'eaadhaar'], unlinked));
      expect(res.statusCode).toBe(404);
      expect(res.json()).toEqual({ error: 'aadhaar_not_linked', error_description: expect.any(String) });

      const r = await signUp(t);
      const demo = await sandboxResident(t, 6);
      expect((await linkAadhaar(t, r.cookie, demo.aadhaarNumber, demo.mobile)).statusCode).toBe(200);
      const noScope = await get('/public/oauth2/2/xml/eaadhaar', await tokenFor(['userdetails'], r));
      expect(noScope.statusCode).toBe(403);
      expect(noScope.json().error).toBe('insufficient_scope');
      expect(noScope.body).not.toContain(demo.aadhaarNumber);
      expect((await get('/public/oauth2/2/xml/eaadhaar', 'not-a-token')).statusCode).toBe(401);
    });
  });
}
