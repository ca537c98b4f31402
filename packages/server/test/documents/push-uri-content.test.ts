import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digilockerHmac, keyhash } from '../../src/compat/digilocker/xml/issuer-auth.js';
import { buildPullUriResponse } from '../../src/compat/digilocker/xml/pull-uri-response.js';
import { buildPushUriRequest } from '../../src/compat/digilocker/xml/push-uri.js';
import { DIALECTS } from '../support/dialects.js';
import { linkAadhaar, sandboxResident, signUp, type SignedUp } from '../support/residents.js';
import { registerRemoteIssuer, startIssuerEndpoint, txnOf } from '../support/remote-issuer.js';
import { bearer, staffToken } from '../support/staff.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const ORG = 'in.ac.push-univ';
const PUSH = '/public/issuer/api/issuedoc/1/xml';

/** A certificate as the remote issuer's endpoint sends it (unsigned: its answer's HMAC vouches for it). */
const certificate = (docId: string, name: string) =>
  `<Certificate language="99" name="Degree Certificate" type="DGCER" number="${docId}" issueDate="20-06-2021" status="A">` +
  `<IssuedBy><Organization name="Push University" code="${ORG}" type="SG"/></IssuedBy>` +
  `<IssuedTo><Person name="${name}" gender="M"/></IssuedTo>` +
  // The document PU2021NOBR1 comes without its (required) branch.
  `<CertificateData><Degree ${docId === 'PU2021NOBR1' ? '' : 'branch="Civil Engineering" '}cgpa="7.45"/></CertificateData></Certificate>`;

for (const dialect of DIALECTS)
  describe(`Push URI as the reference sends it: content from the issuer, or awaited [${dialect}]`, () => {
    let t: TestApp;
    let op: string;
    let secret: string;
    let endpoint: Awaited<ReturnType<typeof startIssuerEndpoint>>;
    let endpointUp = true;
    const seen: string[] = [];
    let holder: { aadhaarNumber: string; mobile: string; name: string };
    let resident: SignedUp;
    let txn = 0;

    /** Signs up a DigiLocker client for `orgId` and answers its secret. */
    const clientOf = async (orgId: string) =>
      (
        await t.app.inject({ method: 'POST', url: `/api/v1/issuers/${orgId}/credentials`, headers: bearer(op), payload: { kind: 'digilocker', label: 'push' } })
      ).json().secret as string;

    /** A PushUriRequest exactly as the reference has it: the URI, dates and action, no document fields. */
    const push = (key: string, orgId: string, docType: string, docId: string, aadhaar: string, action: 'A' | 'D' = 'A') => {
      const ts = new Date().toISOString();
      const xml = buildPushUriRequest({
        ver: '1.0',
        ts,
        txn: `push-${dialect}-${++txn}`,
        orgId,
        keyhash: keyhash(key, ts),
        record: { aadhaar, uri: `${orgId}-${docType}-${docId}`, issuerId: orgId, docType, docId, docName: docType, issuedOn: '2021-06-20', action },
      });
      return t.app.inject({
        method: 'POST',
        url: PUSH,
        headers: { 'content-type': 'application/xml', 'x-digilocker-hmac': digilockerHmac(xml, key) },
        payload: xml,
      });
    };
    const listed = async () => (await t.app.inject({ method: 'GET', url: '/api/v1/me/documents', headers: { cookie: resident.cookie } })).json();
    const issuedRow = (uri: string) => t.runtime.db.kysely.selectFrom('issued_documents').select(['uri']).where('uri', '=', uri).executeTakeFirst();

    beforeAll(async () => {
      t = await startTestApp(dialect, { env: { TIJORI_SEED_DEMO: 'true', ISSUER_ENDPOINT_TIMEOUT_MS: '3000' } });
      op = await staffToken(t);
      secret = await registerRemoteIssuer(t, op, {
        orgId: ORG,
        name: 'Push University',
        fields: [
          { key: 'branch', label: { en: 'Branch' }, required: true },
          { key: 'cgpa', label: { en: 'CGPA' } },
        ],
      });
      holder = await sandboxResident(t, 15);
      endpoint = await startIssuerEndpoint((body) => {
        seen.push(body);
        if (!endpointUp) return { status: 503, body: 'maintenance' };
        const uri = /<URI>([^<]+)<\/URI>/.exec(body)?.[1] ?? '';
        const xml = buildPullUriResponse({
          status: 'ok',
          txn: txnOf(body),
          persons: [],
          uri,
          dataContent: Buffer.from(certificate(uri.split('-').at(-1)!, holder.name), 'utf8'),
        });
        return { status: 200, headers: { 'content-type': 'application/xml', 'x-digilocker-hmac': digilockerHmac(xml, secret) }, body: xml };
      });
      await t.runtime.db.kysely.updateTable('issuers').set({ repository_url: endpoint.url }).where('org_id', '=', ORG).execute();
      resident = await signUp(t);
      expect((await linkAadhaar(t, resident.cookie, holder.aadhaarNumber, holder.mobile)).statusCode).toBe(200);
    });
    afterAll(async () => {
      endpoint?.close();
      await t?.close();
    });

    it('fetches a remote issuer’s content by URI and issues the document with its fields', async () => {
      endpointUp = true;
      seen.length = 0;
      const res = await push(secret, ORG, 'DGCER', 'PU2021CE0007', holder.aadhaarNumber);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.body).toContain('Status="1"');
      expect(res.body).toContain('URI added');
      // The endpoint was asked for that URI, with the holder's UID hash and never the number.
      expect(seen).toHaveLength(1);
      expect(seen[0]).toContain(`<URI>${ORG}-DGCER-PU2021CE0007</URI>`);
      expect(seen[0]).toContain(`<UID>${createHash('sha256').update(holder.aadhaarNumber).digest('hex')}</UID>`);
      expect(seen[0]).not.toContain(holder.aadhaarNumber);
      const doc = (await t.app.inject({ method: 'GET', url: `/api/v1/me/documents/${ORG}-DGCER-PU2021CE0007`, headers: { cookie: resident.cookie } })).json();
      expect(Object.fromEntries(doc.fields.map((f: { key: string; value: string }) => [f.key, f.value]))).toEqual({
        branch: 'Civil Engineering',
        cgpa: '7.45',
      });
      // The issuer's certificate is kept as it sent it.
      const xml = await t.app.inject({ method: 'GET', url: `/api/v1/me/documents/${ORG}-DGCER-PU2021CE0007/xml`, headers: { cookie: resident.cookie } });
      expect(xml.body).toBe(certificate('PU2021CE0007', holder.name));
    });

    it('accepts the push when the endpoint cannot answer, shows "content awaited", and issues it when pushed again', async () => {
      endpointUp = false;
      const uri = `${ORG}-DGCER-PU2021CE0008`;
      const res = await push(secret, ORG, 'DGCER', 'PU2021CE0008', holder.aadhaarNumber);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.body).toContain('Status="1"');
      expect(res.body).toContain('awaited');
      expect(await issuedRow(uri)).toBeUndefined();
      const list = await listed();
      expect(list.awaited).toEqual([
        expect.objectContaining({ uri, status: 'awaited', name: 'Degree Certificate', issuer: { orgId: ORG, name: 'Push University' } }),
      ]);
      expect(list.documents.map((d: { uri: string }) => d.uri)).not.toContain(uri);

      endpointUp = true;
      const again = await push(secret, ORG, 'DGCER', 'PU2021CE0008', holder.aadhaarNumber);
      expect(again.body).toContain('URI added');
      expect(await issuedRow(uri)).toBeDefined();
      const after = await listed();
      expect(after.awaited).toEqual([]);
      expect(after.documents.map((d: { uri: string }) => d.uri)).toContain(uri);
    });

    it('awaits the rest when the endpoint’s content lacks a field the type requires', async () => {
      endpointUp = true;
      const res = await push(secret, ORG, 'DGCER', 'PU2021NOBR1', holder.aadhaarNumber);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.body).toContain('awaited');
      expect(await issuedRow(`${ORG}-DGCER-PU2021NOBR1`)).toBeUndefined();
      expect((await listed()).awaited.map((a: { uri: string }) => a.uri)).toContain(`${ORG}-DGCER-PU2021NOBR1`);
    });

    it('a delete of an awaited URI withdraws it', async () => {
      endpointUp = false;
      const uri = `${ORG}-DGCER-PU2021CE0009`;
      expect((await push(secret, ORG, 'DGCER', 'PU2021CE0009', holder.aadhaarNumber)).body).toContain('Status="1"');
      expect((await listed()).awaited.map((a: { uri: string }) => a.uri)).toContain(uri);
      const del = await push(secret, ORG, 'DGCER', 'PU2021CE0009', holder.aadhaarNumber, 'D');
      expect(del.body, del.body).toContain('Status="1"');
      expect((await listed()).awaited.map((a: { uri: string }) => a.uri)).not.toContain(uri);
      // Both steps are in the operators' audit log, by the DigiLocker client that pushed them.
      const log = (await t.app.inject({ method: 'GET', url: '/api/v1/audit-log?limit=1000', headers: bearer(op) })).json().entries as {
        action: string;
        target: string;
        actor: { kind: string };
        details: Record<string, unknown>;
      }[];
      expect(log.filter((e) => e.target === uri).map((e) => [e.action, e.actor.kind, e.details])).toEqual([
        ['document.awaited', 'digilocker', { docType: 'DGCER', reason: 'endpoint_unavailable' }],
        ['document.awaited_withdrawn', 'digilocker', {}],
      ]);
    });

    it('never refuses a reference-shaped push for any seeded document type, even without a hosted record', async () => {
      const types = await t.runtime.db.kysely
        .selectFrom('document_types')
        .innerJoin('issuers', 'issuers.id', 'document_types.issuer_id')
        .select(['issuers.org_id as orgId', 'document_types.code as code'])
        .where('issuers.org_id', '!=', ORG)
        .execute();
      expect(types.length).toBeGreaterThan(3);
      const secrets = new Map<string, string>();
      for (const { orgId, code } of types) {
        if (!secrets.has(orgId)) secrets.set(orgId, await clientOf(orgId));
        const res = await push(secrets.get(orgId)!, orgId, code, `NOREC${code}1`, holder.aadhaarNumber);
        expect(res.statusCode, `${orgId} ${code}: ${res.body}`).toBe(200);
        expect(res.body, `${orgId} ${code}`).toContain('Status="1"');
      }
      // A type whose fields nothing supplies is shown as awaited, not issued with blanks.
      const awaited = (await listed()).awaited.map((a: { uri: string }) => a.uri);
      expect(awaited).toContain('in.gov.cbse-HSCER-NORECHSCER1');
    });
  });
