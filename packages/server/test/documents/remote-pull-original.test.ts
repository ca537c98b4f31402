import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digilockerHmac } from '../../src/compat/digilocker/xml/issuer-auth.js';
import { buildPullUriResponse } from '../../src/compat/digilocker/xml/pull-uri-response.js';
import { signEnveloped, verifyEnveloped } from '../../src/xml/xml-dsig.js';
import { DIALECTS } from '../support/dialects.js';
import { pkce, REDIRECT, registerRequester, consent, token } from '../support/requesters.js';
import { linkAadhaar, pullAs, sandboxResident, signUp, type SignedUp } from '../support/residents.js';
import { registerRemoteIssuer, startIssuerEndpoint, txnOf } from '../support/remote-issuer.js';
import { bearer, staffToken } from '../support/staff.js';
import { startTestApp, tempDir, type TestApp } from '../support/test-app.js';

const ORG = 'in.ac.signed-univ';
const URI = `${ORG}-DGCER-SU2019CS0042`;

/** A certificate as an issuer writes it (its own layout, nesting and whitespace), dates DD-MM-YYYY. */
function issuerCertificate(holder: { name: string; dob: string }): string {
  const [y, m, d] = holder.dob.split('-');
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<Certificate language="99" name="Degree Certificate" type="DGCER" number="SU2019CS0042" prevNumber="" issuedAt="Vadodara"',
    '    issueDate="15-07-2019" validFromDate="15-07-2019" expiryDate="" status="A">',
    '  <IssuedBy><Organization name="Signed University" code="in.ac.signed-univ" tin="" uid="" type="SG">',
    '    <Address type="permanent" line1="University Road" line2="" house="" landmark="" locality="Pratapgunj" vtc="Vadodara" district="Vadodara" pin="390002" state="Gujarat" country="IN"/>',
    '  </Organization></IssuedBy>',
    `  <IssuedTo><Person uid="" title="" name="${holder.name}" dob="${d}-${m}-${y}" gender="F" phone="" email=""/></IssuedTo>`,
    '  <CertificateData>',
    '    <Degree>',
    '      <Programme name="B.Tech." branch="Computer Science"/>',
    '      <Fields><Field name="cgpa" value="9.12"/><Field name="rollNo" value="CS0042"/></Fields>',
    '      <result>First Class with Distinction</result>',
    '    </Degree>',
    '  </CertificateData>',
    '</Certificate>',
  ].join('\n');
}

/** The issuer's own PDF: a different file from any rendering of Tijori's. */
const ISSUER_PDF = Buffer.from('%PDF-1.4\n% Signed University original\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n', 'latin1');

for (const dialect of DIALECTS)
  describe(`a remote pull keeps the issuer's record as it made it [${dialect}]`, () => {
    let t: TestApp;
    let endpoint: Awaited<ReturnType<typeof startIssuerEndpoint>>;
    let dir: string;
    let resident: SignedUp;
    let profile: { name: string; dob: string };
    let signedXml = '';
    const signing = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const publicPem = signing.publicKey.export({ type: 'spki', format: 'pem' }).toString();

    beforeAll(async () => {
      t = await startTestApp(dialect, { env: { TIJORI_SEED_DEMO: 'true' } });
      dir = await tempDir();
      const op = await staffToken(t);
      const apiKey = await registerRemoteIssuer(t, op, {
        orgId: ORG,
        name: 'Signed University',
        fields: ['branch', 'cgpa', 'result', 'rollNo'].map((key) => ({ key, label: { en: key } })),
      });
      const sandbox = (await sandboxResident(t, 7)) as { aadhaarNumber: string; mobile: string; name: string; dob?: string };
      profile = { name: sandbox.name, dob: sandbox.dob! };
      signedXml = signEnveloped(issuerCertificate(profile), signing.privateKey);
      endpoint = await startIssuerEndpoint((body) => {
        const xml = buildPullUriResponse({
          status: 'ok',
          txn: txnOf(body),
          persons: [{ name: profile.name, dob: profile.dob }],
          uri: URI,
          docContent: ISSUER_PDF,
          dataContent: Buffer.from(signedXml, 'utf8'),
        });
        return { status: 200, headers: { 'content-type': 'application/xml', 'x-digilocker-hmac': digilockerHmac(xml, apiKey) }, body: xml };
      });
      const settings = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/issuers/${ORG}`,
        headers: bearer(op),
        payload: { endpointUrl: endpoint.url, certificateKey: publicPem },
      });
      expect(settings.statusCode, settings.body).toBe(200);

      resident = await signUp(t);
      expect((await linkAadhaar(t, resident.cookie, sandbox.aadhaarNumber, sandbox.mobile)).statusCode).toBe(200);
      const pulled = await pullAs(t, resident.cookie, { orgId: ORG, docType: 'DGCER', parameters: { RollNo: 'CS0042' } });
      expect(pulled.statusCode, pulled.body).toBe(201);
      expect(pulled.json().uri).toBe(URI);
    });
    afterAll(async () => {
      endpoint?.close();
      if (dir) await fs.rm(dir, { recursive: true, force: true });
      await t?.close();
    });

    const get = (url: string) => t.app.inject({ method: 'GET', url, headers: { cookie: resident.cookie } });

    it('fills the document’s fields, dates and holder from the issuer’s certificate', async () => {
      const doc = (await get(`/api/v1/me/documents/${URI}`)).json();
      expect(doc.issuedOn).toBe('2019-07-15');
      expect(Object.fromEntries(doc.fields.map((f: { key: string; value: string }) => [f.key, f.value]))).toEqual({
        branch: 'Computer Science',
        cgpa: '9.12',
        result: 'First Class with Distinction',
        rollNo: 'CS0042',
      });
      const credential = await get(`/api/v1/me/documents/${URI}/credential`);
      const subject = JSON.parse(Buffer.from(credential.body.split('.')[1]!, 'base64url').toString('utf8')).credentialSubject;
      expect(subject.fields).toMatchObject({ cgpa: '9.12', rollNo: 'CS0042' });
      expect(subject.holder).toMatchObject({ name: profile.name, birthDate: profile.dob });
    });

    it('serves the issuer’s certificate XML byte for byte; its signature still verifies (xml-crypto and xmlsec1)', async () => {
      const xml = await get(`/api/v1/me/documents/${URI}/xml`);
      expect(xml.statusCode).toBe(200);
      expect(xml.headers['x-tijori-source']).toBe('issuer');
      expect(xml.rawPayload.equals(Buffer.from(signedXml, 'utf8'))).toBe(true);
      expect(() => verifyEnveloped(xml.rawPayload, publicPem, { rootName: 'Certificate' })).not.toThrow();

      const file = path.join(dir, 'served.xml');
      const keyFile = path.join(dir, 'issuer.pub.pem');
      await fs.writeFile(file, xml.rawPayload);
      await fs.writeFile(keyFile, publicPem);
      const { stderr } = await promisify(execFile)('xmlsec1', ['--verify', '--pubkey-pem', keyFile, file]);
      expect(stderr).toMatch(/^OK/m);
      // The same check fails on one changed byte: xmlsec1 is really checking.
      await fs.writeFile(file, xml.rawPayload.toString('utf8').replace('9.12', '9.92'));
      await expect(promisify(execFile)('xmlsec1', ['--verify', '--pubkey-pem', keyFile, file])).rejects.toThrow();

      // Tijori's own certificate XML, with the current status, is still there on request.
      const own = await get(`/api/v1/me/documents/${URI}/xml?source=tijori`);
      expect(own.headers['x-tijori-source']).toBe('tijori');
      expect(own.body).toContain('<Field name="cgpa" value="9.12"/>');
      expect(own.body).not.toBe(signedXml);
    });

    it('keeps the issuer’s PDF and renders Tijori’s own (with its QR) beside it', async () => {
      const original = await get(`/api/v1/me/documents/${URI}/pdf?source=issuer`);
      expect(original.statusCode).toBe(200);
      expect(original.rawPayload.equals(ISSUER_PDF)).toBe(true);
      const rendering = await get(`/api/v1/me/documents/${URI}/pdf`);
      expect(rendering.statusCode).toBe(200);
      expect(rendering.rawPayload.equals(ISSUER_PDF)).toBe(false);
      const verified = await t.app.inject({
        method: 'POST',
        url: '/api/v1/verify/pdf',
        headers: { 'content-type': 'application/pdf' },
        payload: rendering.rawPayload,
      });
      expect(verified.json()).toMatchObject({ verdict: 'genuine', document: { uri: URI } });
    });

    it('gives a requester with consent the issuer’s certificate XML, byte for byte', async () => {
      const client = await registerRequester(t);
      const { verifier, challenge } = pkce();
      const code = await consent(t, resident, client.clientId, challenge, [URI]);
      const tok = (await token(t, client, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier })).json();
      const xml = await t.app.inject({ method: 'GET', url: `/public/oauth2/1/xml/${URI}`, headers: { authorization: `Bearer ${tok.access_token}` } });
      expect(xml.statusCode, xml.body).toBe(200);
      expect(xml.rawPayload.equals(Buffer.from(signedXml, 'utf8'))).toBe(true);
    });
  });
