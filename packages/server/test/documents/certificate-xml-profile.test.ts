import { createPublicKey } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyCertificate } from '../../src/compat/digilocker/xml/certificate-xml.js';
import { DIALECTS } from '../support/dialects.js';
import { DEMO_RECORDS } from '../../src/seed/demo-records.js';
import { linkAadhaar, pullAs, sandboxResident, signUp, type SignedUp } from '../support/residents.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

for (const dialect of DIALECTS)
  describe(`Tijori's certificate XML carries the fields the reference defines [${dialect}]`, () => {
    let t: TestApp;
    let r: SignedUp;
    let profile: { name: string; gender: string; state: string };
    let sandbox: { aadhaarNumber: string; mobile: string };
    beforeAll(async () => {
      t = await startTestApp(dialect, { env: { TIJORI_SEED_DEMO: 'true' } });
      profile = (await sandboxResident(t, 0)) as unknown as typeof profile & { aadhaarNumber: string; mobile: string };
      sandbox = profile as unknown as typeof sandbox;
      r = await signUp(t);
      expect((await linkAadhaar(t, r.cookie, sandbox.aadhaarNumber, sandbox.mobile)).statusCode).toBe(200);
    });
    afterAll(async () => t?.close());

    it('has the organization type, and the holder’s gender, address and photo from the e-KYC profile', async () => {
      const record = DEMO_RECORDS.find((d) => d.aadhaarNumber === sandbox.aadhaarNumber && d.orgId === 'in.gov.cbse')!;
      const pulled = await pullAs(t, r.cookie, { orgId: record.orgId, docType: record.docType, parameters: record.parameters });
      expect(pulled.statusCode, pulled.body).toBe(201);
      const cbse = { uri: pulled.json().uri as string };
      const xml = await t.app.inject({ method: 'GET', url: `/api/v1/me/documents/${cbse!.uri}/xml`, headers: { cookie: r.cookie } });
      expect(xml.statusCode).toBe(200);
      expect(xml.headers['x-tijori-source']).toBe('tijori');
      const jwks = (await t.app.inject({ method: 'GET', url: '/issuers/in.gov.cbse/jwks.json' })).json().keys as Record<string, string>[];
      const key = createPublicKey({ key: jwks.find((k) => k.status === 'xml-dsig')!, format: 'jwk' });
      const { certificate } = verifyCertificate(xml.body, key);

      // A central board: CG.
      expect(certificate.issuedBy.type).toBe('CG');
      const person = certificate.issuedTo;
      expect(person.gender).toBe(profile.gender);
      expect(person.address).toMatchObject({ state: profile.state, country: 'IN', pin: expect.stringMatching(/^\d{6}$/) });
      expect(person.address?.district).toBeTruthy();
      expect(person.address?.vtc).toBeTruthy();
      // The photo is the profile's, byte for byte.
      const photo = await t.app.inject({ method: 'GET', url: '/api/v1/me/photo', headers: { cookie: r.cookie } });
      expect(photo.statusCode).toBe(200);
      expect(person.photo?.bytes.equals(photo.rawPayload)).toBe(true);
    });

    it('names a state government SG and any other issuer NG', async () => {
      const { organizationType } = await import('../../src/domain/documents/document-xml.js');
      expect(organizationType('in.gov.gujarat.edistrict', 'Gujarat')).toBe('SG');
      expect(organizationType('in.gov.pan', null)).toBe('CG');
      expect(organizationType('in.ac.demo-univ', 'Gujarat')).toBe('NG');
    });
  });
