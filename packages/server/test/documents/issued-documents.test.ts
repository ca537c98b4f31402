import { compactVerify, createLocalJWKSet } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_RECORDS } from '../../src/seed/demo-records.js';
import { DIALECTS } from '../support/dialects.js';
import { freshMobile, linkAadhaar, sandboxResident, signUp } from '../support/residents.js';
import { bearer, staffToken } from '../support/staff.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

for (const dialect of DIALECTS) {
  describe(`issued documents, pull and verification [${dialect}]`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp(dialect, { env: { TIJORI_SEED_DEMO: 'true' } });
    });
    afterAll(async () => t?.close());

    const get = (url: string, cookie: string) => t.app.inject({ method: 'GET', url, headers: { cookie } });

    it('hands a document pushed by Aadhaar to the resident who links that Aadhaar', async () => {
      const demo = await sandboxResident(t, 10);
      const pan = DEMO_RECORDS.find((r) => r.aadhaarNumber === demo.aadhaarNumber && r.docType === 'PANCR')!;
      const r = await signUp(t);
      expect((await get('/api/v1/me/documents', r.cookie)).json().documents).toEqual([]);
      expect((await linkAadhaar(t, r.cookie, demo.aadhaarNumber, demo.mobile)).statusCode).toBe(200);
      const list = (await get('/api/v1/me/documents', r.cookie)).json().documents;
      expect(list).toHaveLength(1);
      expect(list[0]).toMatchObject({ uri: `in.gov.pan-PANCR-${pan.docId}`, docType: 'PANCR', status: 'active', issuer: { orgId: 'in.gov.pan' } });
      const activity = (await get('/api/v1/me/activity', r.cookie)).json().events.map((e: { type: string }) => e.type);
      expect(activity.slice(0, 2)).toEqual(['documents_received', 'aadhaar_linked']);
    });

    it('pulls a hosted record that matches the Aadhaar profile, once, and refuses one that does not', async () => {
      const demo = await sandboxResident(t, 8);
      const record = DEMO_RECORDS.find((x) => x.aadhaarNumber === demo.aadhaarNumber && x.docType === 'HSCER')!;
      const other = DEMO_RECORDS.find((x) => x.aadhaarNumber !== demo.aadhaarNumber && x.docType === 'HSCER')!;
      const r = await signUp(t);
      const pull = (parameters: Record<string, string>, docType = 'HSCER') =>
        t.app.inject({
          method: 'POST',
          url: '/api/v1/me/pull',
          headers: { cookie: r.cookie },
          payload: { orgId: 'in.gov.cbse', docType, parameters, consent: true },
        });

      const early = await pull(record.parameters);
      expect(early.statusCode).toBe(409);
      expect(early.json().code).toBe('aadhaar_not_linked');
      await linkAadhaar(t, r.cookie, demo.aadhaarNumber, demo.mobile);

      const typed = { RollNo: ` ${record.parameters.RollNo} `, Year: record.parameters.Year! };
      const ok = await pull(typed);
      expect(ok.statusCode, ok.body).toBe(201);
      expect(ok.json()).toEqual({ status: 'issued', uri: `in.gov.cbse-HSCER-${record.docId}`, alreadyHeld: false });
      const again = await pull(record.parameters);
      expect(again.json()).toMatchObject({ status: 'issued', alreadyHeld: true });

      const someoneElses = await pull(other.parameters);
      expect(someoneElses.statusCode).toBe(404);
      expect(someoneElses.json().code).toBe('record_not_found');
      const malformed = await pull({ RollNo: '12', Year: '2014' });
      expect(malformed.statusCode).toBe(400);
      expect(malformed.json().errors[0].path).toBe('/body/parameters/RollNo');
      const noConsent = await t.app.inject({
        method: 'POST',
        url: '/api/v1/me/pull',
        headers: { cookie: r.cookie },
        payload: { orgId: 'in.gov.cbse', docType: 'HSCER', parameters: record.parameters, consent: false },
      });
      expect(noConsent.json().code).toBe('consent_required');
      const unknownIssuer = await t.app.inject({
        method: 'POST',
        url: '/api/v1/me/pull',
        headers: { cookie: r.cookie },
        payload: { orgId: 'in.gov.nowhere', docType: 'HSCER', parameters: record.parameters, consent: true },
      });
      expect(unknownIssuer.statusCode).toBe(404);
      expect(unknownIssuer.json().code).toBe('issuer_not_found');

      const doc = (await get(`/api/v1/me/documents/in.gov.cbse-HSCER-${record.docId}`, r.cookie)).json();
      expect(doc).toMatchObject({ name: 'Class XII Marksheet', holder: { name: demo.name } });
      expect(doc.fields.find((f: { key: string }) => f.key === 'result')).toEqual({ key: 'result', label: 'Result', value: 'PASS' });
      expect(doc.qrPayload).toMatch(/^http:\/\/localhost:\d+\/verify#t=/);
    });

    it('verifies by QR, by credential and by URI + code, and shows a revocation at once', async () => {
      const demo = await sandboxResident(t, 12);
      const record = DEMO_RECORDS.find((x) => x.aadhaarNumber === demo.aadhaarNumber && x.docType === 'DRVLC')!;
      const r = await signUp(t);
      await linkAadhaar(t, r.cookie, demo.aadhaarNumber, demo.mobile);
      const uri = (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/me/pull',
          headers: { cookie: r.cookie },
          payload: { orgId: 'in.gov.transport', docType: 'DRVLC', parameters: record.parameters, consent: true },
        })
      ).json().uri;
      const doc = (await get(`/api/v1/me/documents/${uri}`, r.cookie)).json();
      const credential = (await get(`/api/v1/me/documents/${uri}/credential`, r.cookie)).body;
      const verify = (payload: Record<string, string>) => t.app.inject({ method: 'POST', url: '/api/v1/verify', payload });

      for (const payload of [{ qr: doc.qrPayload }, { credential }, { uri, code: doc.verificationCode }] as Record<string, string>[]) {
        const res = await verify(payload);
        expect(res.statusCode).toBe(200);
        expect(res.json()).toMatchObject({ verdict: 'genuine', document: { uri, status: 'active', issuer: { orgId: 'in.gov.transport' }, superseded: false } });
        expect(res.json().document.holder).not.toContain(demo.name.split(' ')[0]!.slice(1));
      }
      // Tampering: change a field in the credential payload and keep the signature.
      const [h, p, s] = credential.split('.');
      const payload = JSON.parse(Buffer.from(p!, 'base64url').toString());
      payload.credentialSubject.fields.classes = 'LMV, MCWG, HGMV';
      const forged = `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`;
      expect((await verify({ credential: forged })).json().verdict).toBe('tampered');
      expect((await verify({ uri, code: 'ZZZZZZZZZZ' })).json().verdict).toBe('unknown');

      // The issuer revokes it; verifiers see it on their next request.
      const token = await staffToken(t, 'transport');
      const revoke = await t.app.inject({
        method: 'POST',
        url: `/api/v1/issuers/in.gov.transport/documents/${uri}/status`,
        headers: bearer(token),
        payload: { status: 'revoked', reason: 'Licence cancelled' },
      });
      expect(revoke.statusCode).toBe(200);
      // The live answer says revoked; the old QR still says what an offline check relies on,
      // and how old that is: active as of the hour it was made.
      const qrCheck = (await verify({ qr: doc.qrPayload })).json();
      expect(qrCheck).toMatchObject({ verdict: 'genuine', document: { status: 'revoked' }, qr: { status: 'active' } });
      const asOf = Date.parse(qrCheck.qr.asOf);
      expect(Date.now() - asOf).toBeGreaterThanOrEqual(0);
      expect(Date.now() - asOf).toBeLessThan(3_600_000 + 60_000);
      const offline = JSON.parse(Buffer.from(doc.qrPayload.split('#t=')[1].split('.')[1], 'base64url').toString());
      expect(offline).toMatchObject({ s: 'active', sa: asOf / 1000 });
      const fresh = (await get(`/api/v1/me/documents/${uri}`, r.cookie)).json();
      expect((await verify({ qr: fresh.qrPayload })).json().qr).toMatchObject({ status: 'revoked' });
      expect((await get('/api/v1/me/documents', r.cookie)).json().documents.find((d: { uri: string }) => d.uri === uri).status).toBe('revoked');
    });

    it('keeps documents private to their holder', async () => {
      const demo = await sandboxResident(t, 14);
      const owner = await signUp(t);
      await linkAadhaar(t, owner.cookie, demo.aadhaarNumber, demo.mobile);
      const [doc] = (await get('/api/v1/me/documents', owner.cookie)).json().documents;
      const stranger = await signUp(t);
      for (const suffix of ['', '/credential']) {
        const res = await get(`/api/v1/me/documents/${doc.uri}${suffix}`, stranger.cookie);
        expect(res.statusCode).toBe(404);
        expect(res.json().code).toBe('document_not_found');
      }
      expect((await t.app.inject({ method: 'GET', url: `/api/v1/me/documents/${doc.uri}` })).statusCode).toBe(401);
    });

    it('lets only the issuer (or an operator) change its documents', async () => {
      const demo = await sandboxResident(t, 16);
      const owner = await signUp(t);
      await linkAadhaar(t, owner.cookie, demo.aadhaarNumber, demo.mobile);
      const [doc] = (await get('/api/v1/me/documents', owner.cookie)).json().documents;
      const cbse = await staffToken(t, 'cbse');
      const asOther = await t.app.inject({
        method: 'POST',
        url: `/api/v1/issuers/in.gov.pan/documents/${doc.uri}/status`,
        headers: bearer(cbse),
        payload: { status: 'revoked' },
      });
      expect(asOther.statusCode).toBe(404);
      const throughOwnPath = await t.app.inject({
        method: 'POST',
        url: `/api/v1/issuers/in.gov.cbse/documents/${doc.uri}/status`,
        headers: bearer(cbse),
        payload: { status: 'revoked' },
      });
      expect(throughOwnPath.statusCode).toBe(404);
      const resident = await t.app.inject({
        method: 'POST',
        url: `/api/v1/issuers/in.gov.pan/documents/${doc.uri}/status`,
        headers: { cookie: owner.cookie },
        payload: { status: 'revoked' },
      });
      expect(resident.statusCode).toBe(401);
      expect((await get('/api/v1/me/documents', owner.cookie)).json().documents[0].status).toBe('active');
    });

    it('updates a document as a new version; the old one verifies as superseded', async () => {
      const demo = await sandboxResident(t, 18);
      const owner = await signUp(t);
      await linkAadhaar(t, owner.cookie, demo.aadhaarNumber, demo.mobile);
      const [doc] = (await get('/api/v1/me/documents', owner.cookie)).json().documents;
      const oldCredential = (await get(`/api/v1/me/documents/${doc.uri}/credential`, owner.cookie)).body;
      const pan = await staffToken(t, 'pan');
      const upd = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/issuers/in.gov.pan/documents/${doc.uri}`,
        headers: bearer(pan),
        payload: { fields: { fatherName: 'Corrected Name' } },
      });
      expect(upd.statusCode, upd.body).toBe(200);
      expect(upd.json().version).toBe(2);
      const old = (await t.app.inject({ method: 'POST', url: '/api/v1/verify', payload: { credential: oldCredential } })).json();
      expect(old).toMatchObject({ verdict: 'genuine', document: { version: 1, currentVersion: 2, superseded: true } });
      const fresh = (await get(`/api/v1/me/documents/${doc.uri}`, owner.cookie)).json();
      expect(fresh.fields.find((f: { key: string }) => f.key === 'fatherName').value).toBe('Corrected Name');
    });

    it('pages a resident’s documents newest first with a cursor, each exactly once, ties on a date included', async () => {
      const op = await staffToken(t);
      const apiKey = (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/issuers/in.gov.gujarat.edistrict/credentials',
          headers: bearer(op),
          payload: { kind: 'api_key', label: 'pages' },
        })
      ).json().secret as string;
      const owner = await signUp(t);
      // 25 documents over 5 dates (5 on each), so pages end inside a run of equal dates.
      const issued: { uri: string; issuedOn: string }[] = [];
      for (let i = 0; i < 25; i++) {
        const issuedOn = `2025-0${1 + (i % 5)}-15`;
        const res = await t.app.inject({
          method: 'POST',
          url: '/api/v1/issuers/in.gov.gujarat.edistrict/documents',
          headers: bearer(apiKey),
          payload: {
            docType: 'INCER',
            docId: `PAGE${String(i).padStart(3, '0')}`,
            holder: { mobile: owner.mobile, name: 'Page Holder' },
            fields: { annualIncome: '₹1', financialYear: '2025-26' },
            issuedOn,
          },
        });
        expect(res.statusCode, res.body).toBe(201);
        issued.push({ uri: res.json().uri as string, issuedOn });
      }
      const seen: { uri: string; issuedOn: string }[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res = await get(`/api/v1/me/documents?limit=7${cursor ? `&cursor=${cursor}` : ''}`, owner.cookie);
        expect(res.statusCode, res.body).toBe(200);
        const page = res.json() as { documents: { uri: string; issuedOn: string }[]; nextCursor: string | null };
        seen.push(...page.documents.map((d) => ({ uri: d.uri, issuedOn: d.issuedOn })));
        cursor = page.nextCursor;
        pages++;
      } while (cursor && pages < 10);
      expect(pages).toBe(4);
      expect(new Set(seen.map((d) => d.uri))).toEqual(new Set(issued.map((d) => d.uri)));
      expect(seen).toHaveLength(25);
      const dates = seen.map((d) => d.issuedOn);
      expect(dates).toEqual([...dates].sort().reverse());
    });

    it('issues by API key, idempotently, and holds a document for a mobile number until it signs up', async () => {
      const op = await staffToken(t);
      const key = await t.app.inject({
        method: 'POST',
        url: '/api/v1/issuers/in.gov.gujarat.edistrict/credentials',
        headers: bearer(op),
        payload: { kind: 'api_key', label: 'results day' },
      });
      expect(key.statusCode).toBe(201);
      const apiKey = key.json().secret as string;
      const mobile = freshMobile();
      const body = {
        docType: 'INCER',
        docId: 'GJ380000000001',
        holder: { mobile, name: 'Test Holder' },
        fields: { annualIncome: '₹1,20,000', financialYear: '2025-26' },
        issuedOn: '2026-04-01',
        validTo: '2027-03-31',
      };
      const first = await t.app.inject({ method: 'POST', url: '/api/v1/issuers/in.gov.gujarat.edistrict/documents', headers: bearer(apiKey), payload: body });
      expect(first.statusCode, first.body).toBe(201);
      expect(first.json()).toEqual({ uri: 'in.gov.gujarat.edistrict-INCER-GJ380000000001', outcome: 'held' });
      const repeat = await t.app.inject({ method: 'POST', url: '/api/v1/issuers/in.gov.gujarat.edistrict/documents', headers: bearer(apiKey), payload: body });
      expect(repeat.statusCode).toBe(200);
      expect(repeat.json().outcome).toBe('exists');

      const bad = await t.app.inject({
        method: 'POST',
        url: '/api/v1/issuers/in.gov.gujarat.edistrict/documents',
        headers: bearer(apiKey),
        payload: { ...body, docId: 'X2', issuedOn: '2026-02-30' },
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().errors[0].path).toBe('/body/issuedOn');
      const unknownType = await t.app.inject({
        method: 'POST',
        url: '/api/v1/issuers/in.gov.gujarat.edistrict/documents',
        headers: bearer(apiKey),
        payload: { ...body, docType: 'NOPE' },
      });
      expect(unknownType.json().code).toBe('doctype_not_found');
      const elsewhere = await t.app.inject({ method: 'POST', url: '/api/v1/issuers/in.gov.cbse/documents', headers: bearer(apiKey), payload: body });
      expect(elsewhere.statusCode).toBe(404);

      const r = await signUp(t, { mobile });
      const docs = (await get('/api/v1/me/documents', r.cookie)).json().documents;
      expect(docs.map((d: { uri: string }) => d.uri)).toEqual(['in.gov.gujarat.edistrict-INCER-GJ380000000001']);
    });

    it('publishes every key ever used; documents signed before a rotation keep verifying', async () => {
      const demo = await sandboxResident(t, 20);
      const owner = await signUp(t);
      await linkAadhaar(t, owner.cookie, demo.aadhaarNumber, demo.mobile);
      const [doc] = (await get('/api/v1/me/documents', owner.cookie)).json().documents;
      const credential = (await get(`/api/v1/me/documents/${doc.uri}/credential`, owner.cookie)).body;
      const op = await staffToken(t);
      const rotated = await t.app.inject({ method: 'POST', url: '/api/v1/issuers/in.gov.pan/keys/rotate', headers: bearer(op), payload: { alg: 'ES256' } });
      expect(rotated.statusCode).toBe(200);
      const jwks = (await t.app.inject({ method: 'GET', url: '/issuers/in.gov.pan/jwks.json' })).json();
      expect(jwks.keys.map((k: { alg: string }) => k.alg).sort()).toEqual(['ES256', 'EdDSA']);
      expect((await t.app.inject({ method: 'POST', url: '/api/v1/verify', payload: { credential } })).json().verdict).toBe('genuine');
      const did = (await t.app.inject({ method: 'GET', url: '/issuers/in.gov.pan/did.json' })).json();
      expect(did.verificationMethod).toHaveLength(2);
      // The credential's kid is a DID URL found as-is in the JWKS and among the DID document's verification methods.
      const { kid } = JSON.parse(Buffer.from(credential.split('.')[0]!, 'base64url').toString());
      expect(kid).toMatch(/^did:web:.+:issuers:in\.gov\.pan#/);
      expect(jwks.keys.map((k: { kid: string }) => k.kid)).toContain(kid);
      expect(did.verificationMethod.map((m: { id: string }) => m.id)).toContain(kid);
      expect(did.assertionMethod).toContain(kid);
    });

    it('verifies offline: the credential and the QR token check out with the issuer’s published JWKS alone', async () => {
      const demo = await sandboxResident(t, 21);
      const owner = await signUp(t);
      await linkAadhaar(t, owner.cookie, demo.aadhaarNumber, demo.mobile);
      const [doc] = (await get('/api/v1/me/documents', owner.cookie)).json().documents;
      const credential = (await get(`/api/v1/me/documents/${doc.uri}/credential`, owner.cookie)).body;
      const { qrPayload } = (await get(`/api/v1/me/documents/${doc.uri}`, owner.cookie)).json();
      const jwks = createLocalJWKSet((await t.app.inject({ method: 'GET', url: `/issuers/${doc.issuer.orgId}/jwks.json` })).json());
      // From here on, no server: only the JWKS a verifier downloaded once; the header's kid matches an entry as it is.
      const resolve = jwks;
      const vc = await compactVerify(credential, resolve);
      expect(JSON.parse(new TextDecoder().decode(vc.payload)).credentialSubject.uri).toBe(doc.uri);
      const token = (qrPayload as string).split('#t=')[1]!;
      const qr = await compactVerify(token, resolve);
      expect(JSON.parse(new TextDecoder().decode(qr.payload))).toMatchObject({ u: doc.uri, v: 1 });
      await expect(compactVerify(token.slice(0, -4) + 'AAAA', resolve)).rejects.toThrow();
    });

    it('lets only operators register issuers', async () => {
      const cbse = await staffToken(t, 'cbse');
      const payload = { orgId: 'in.gov.rogue', names: { en: 'Rogue' }, category: 'Other' };
      expect((await t.app.inject({ method: 'POST', url: '/api/v1/issuers', headers: bearer(cbse), payload })).statusCode).toBe(403);
      const op = await staffToken(t);
      const made = await t.app.inject({ method: 'POST', url: '/api/v1/issuers', headers: bearer(op), payload });
      expect(made.statusCode).toBe(201);
      expect((await t.app.inject({ method: 'POST', url: '/api/v1/issuers', headers: bearer(op), payload })).json().code).toBe('conflict');
      const search = (await t.app.inject({ method: 'GET', url: '/api/v1/issuers?q=रोग' })).json();
      expect(search.issuers).toEqual([]);
      const hindi = (await t.app.inject({ method: 'GET', url: `/api/v1/issuers?q=${encodeURIComponent('शिक्षा')}` })).json();
      expect(hindi.issuers.map((i: { orgId: string }) => i.orgId)).toEqual(['in.gov.cbse']);
    });

    it('lets an operator edit and suspend an issuer: its key, console and pulls stop, its documents keep verifying', async () => {
      const op = await staffToken(t);
      const patch = (orgId: string, payload: unknown, token = op) =>
        t.app.inject({ method: 'PATCH', url: `/api/v1/issuers/${orgId}`, headers: bearer(token), payload: payload as object });
      const made = await t.app.inject({
        method: 'POST',
        url: '/api/v1/issuers',
        headers: bearer(op),
        payload: { orgId: 'in.gov.suspendme', names: { en: 'Suspend Me' }, category: 'Other' },
      });
      expect(made.statusCode).toBe(201);
      const key = (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/issuers/in.gov.suspendme/credentials',
          headers: bearer(op),
          payload: { kind: 'api_key', label: 'k' },
        })
      ).json().secret as string;

      const renamed = await patch('in.gov.suspendme', { names: { en: 'Renamed Board', hi: 'नया बोर्ड' }, contactEmail: 'help@board.example', state: null });
      expect(renamed.statusCode, renamed.body).toBe(200);
      expect(renamed.json()).toMatchObject({
        orgId: 'in.gov.suspendme',
        names: { en: 'Renamed Board', hi: 'नया बोर्ड' },
        contactEmail: 'help@board.example',
        status: 'active',
      });

      // Bad input: clear, coded, nothing changed.
      expect((await patch('in.gov.suspendme', {})).statusCode).toBe(400);
      const remoteNoUrl = await patch('in.gov.suspendme', { pullMode: 'remote' });
      expect(remoteNoUrl.statusCode).toBe(400);
      expect(remoteNoUrl.json().errors[0].path).toBe('/body/endpointUrl');
      const ftp = await patch('in.gov.suspendme', { pullMode: 'remote', endpointUrl: 'ftp://pull.example/pull' });
      expect(ftp.statusCode).toBe(400);
      expect(ftp.json().errors[0].path).toBe('/body/endpointUrl');
      const twoNames = await patch('in.gov.suspendme', { pullMode: 'remote', endpointUrl: 'https://a.example/pull', repositoryUrl: 'https://b.example/pull' });
      expect(twoNames.statusCode).toBe(400);
      expect(twoNames.json().errors[0].path).toBe('/body/repositoryUrl');

      // The endpoint URL: operators see the current one; it is not in the public entry.
      // `repositoryUrl`, its deprecated former name, is still accepted and answered.
      const settings = (token: string | null, orgId = 'in.gov.suspendme') =>
        t.app.inject({ method: 'GET', url: `/api/v1/issuers/${orgId}/settings`, headers: token ? bearer(token) : {} });
      expect((await patch('in.gov.suspendme', { pullMode: 'remote', endpointUrl: 'https://pull.board.example/pull-uri' })).statusCode).toBe(200);
      const seen = await settings(op);
      expect(seen.statusCode, seen.body).toBe(200);
      expect(seen.json()).toEqual({
        orgId: 'in.gov.suspendme',
        status: 'active',
        pullMode: 'remote',
        endpointUrl: 'https://pull.board.example/pull-uri',
        repositoryUrl: 'https://pull.board.example/pull-uri',
        certificateKey: null,
      });
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/issuers/in.gov.suspendme' })).body).not.toContain('pull.board.example');
      expect((await patch('in.gov.suspendme', { repositoryUrl: 'https://old-name.board.example/pull-uri' })).statusCode).toBe(200);
      expect((await settings(op)).json()).toMatchObject({ endpointUrl: 'https://old-name.board.example/pull-uri' });
      expect((await settings(await staffToken(t, 'cbse'), 'in.gov.cbse')).statusCode).toBe(403);
      expect((await settings(null)).statusCode).toBe(401);
      expect((await settings(op, 'in.gov.nosuch')).json().code).toBe('issuer_not_found');
      expect((await patch('in.gov.suspendme', { pullMode: 'none', endpointUrl: null })).statusCode).toBe(200);
      expect((await settings(op)).json()).toMatchObject({ pullMode: 'none', endpointUrl: null, repositoryUrl: null });
      expect((await patch('in.gov.nosuch', { status: 'suspended' })).json().code).toBe('issuer_not_found');
      expect((await patch('in.gov.suspendme', { status: 'suspended' }, key)).statusCode).toBe(403);
      expect((await patch('in.gov.cbse', { status: 'suspended' }, await staffToken(t, 'cbse'))).statusCode).toBe(403);

      // Suspending PAN: its console user and pulls stop; the PAN card already issued still verifies.
      const demo = await sandboxResident(t, 22);
      const owner = await signUp(t);
      await linkAadhaar(t, owner.cookie, demo.aadhaarNumber, demo.mobile);
      const [doc] = (await get('/api/v1/me/documents', owner.cookie)).json().documents;
      const credential = (await get(`/api/v1/me/documents/${doc.uri}/credential`, owner.cookie)).body;
      const panStaff = await staffToken(t, 'pan');
      expect((await patch('in.gov.pan', { status: 'suspended' })).json().status).toBe('suspended');
      expect((await patch('in.gov.suspendme', { status: 'suspended' })).statusCode).toBe(200);
      const byKey = await t.app.inject({
        method: 'POST',
        url: '/api/v1/issuers/in.gov.suspendme/documents',
        headers: bearer(key),
        payload: { docType: 'XXXXX', docId: 'A1', holder: { mobile: freshMobile(), name: 'A Holder' }, fields: {}, issuedOn: '2026-04-01' },
      });
      expect(byKey.json().code).toBe('forbidden');
      expect(byKey.statusCode).toBe(403);
      const console = await t.app.inject({ method: 'GET', url: '/api/v1/issuers/in.gov.pan/stats', headers: bearer(panStaff) });
      expect(console.statusCode).toBe(403);
      expect((await t.app.inject({ method: 'POST', url: '/api/v1/verify', payload: { credential } })).json().verdict).toBe('genuine');
      const pull = await t.app.inject({
        method: 'POST',
        url: '/api/v1/me/pull',
        headers: { cookie: owner.cookie },
        payload: { orgId: 'in.gov.pan', docType: 'PANCR', parameters: { PAN: 'ABCPE1234F' }, consent: true },
      });
      expect(pull.json().code).toBe('issuer_not_found');
      const searchPan = async () =>
        (await t.app.inject({ method: 'GET', url: '/api/v1/issuers?q=Income%20Tax' })).json().issuers.map((i: { orgId: string }) => i.orgId);
      expect(await searchPan()).toEqual([]); // residents no longer find it

      expect((await patch('in.gov.pan', { status: 'active' })).json().status).toBe('active');
      expect(await searchPan()).toEqual(['in.gov.pan']);
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/issuers/in.gov.pan/stats', headers: bearer(panStaff) })).statusCode).not.toBe(403);
    });
  });
}
