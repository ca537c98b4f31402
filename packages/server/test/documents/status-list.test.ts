import { createPublicKey, verify as verifySignature } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCUMENT_CONTEXT } from '../../src/artifacts/document-context.js';
import { DIALECTS } from '../support/dialects.js';
import { bearer, staffToken } from '../support/staff.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const payloadOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8'));

interface Entry {
  id: string;
  type: string;
  statusPurpose: string;
  statusListIndex: string;
  statusListCredential: string;
}

for (const dialect of DIALECTS) {
  describe(`W3C Bitstring Status List [${dialect}]`, () => {
    let t: TestApp;
    let staff: string;
    beforeAll(async () => {
      t = await startTestApp(dialect, { env: { TIJORI_SEED_DEMO: 'true' } });
      staff = await staffToken(t, 'transport');
    });
    afterAll(async () => t?.close());

    /** Issues a licence through the issuer API and returns its URI and signed credential (as a holder would pass it on). */
    const issue = async (docId: string) => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/issuers/in.gov.transport/documents',
        headers: bearer(staff),
        payload: { docType: 'DRVLC', docId, holder: { mobile: '9876500001', name: 'Ravi Kumar' }, fields: { licenceNo: docId }, issuedOn: '2026-01-10' },
      });
      expect(res.statusCode, res.body).toBeLessThan(300);
      const uri = `in.gov.transport-DRVLC-${docId}`;
      const row = await t.runtime.db.kysely
        .selectFrom('document_versions')
        .innerJoin('issued_documents', 'issued_documents.id', 'document_versions.document_id')
        .select('document_versions.credential')
        .where('issued_documents.uri', '=', uri)
        .orderBy('document_versions.version', 'desc')
        .executeTakeFirstOrThrow();
      return { uri, credential: row.credential };
    };
    const setStatus = (uri: string, status: string, reason?: string) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/issuers/in.gov.transport/documents/${uri}/status`,
        headers: bearer(staff),
        payload: { status, ...(reason ? { reason } : {}) },
      });
    /** Fetches a list URL the way a verifier does, checks its signature with the issuer's published key, and decodes the bits itself. */
    const fetchList = async (url: string) => {
      const res = await t.app.inject({ method: 'GET', url: new URL(url).pathname });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toContain('application/vc+jwt');
      expect(res.headers['cache-control']).toMatch(/public, max-age=\d+/);
      const jwt = res.body;
      const [h, p, s] = jwt.split('.') as [string, string, string];
      const header = JSON.parse(Buffer.from(h, 'base64url').toString());
      const jwks = (await t.app.inject({ method: 'GET', url: '/issuers/in.gov.transport/jwks.json' })).json().keys as { kid: string }[];
      const jwk = jwks.find((k) => k.kid === header.kid)!;
      const key = createPublicKey({ key: jwk as never, format: 'jwk' });
      const ok =
        header.alg === 'EdDSA'
          ? verifySignature(null, Buffer.from(`${h}.${p}`), key, Buffer.from(s, 'base64url'))
          : verifySignature('sha256', Buffer.from(`${h}.${p}`), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(s, 'base64url'));
      expect(ok).toBe(true);
      const vc = payloadOf(jwt);
      expect(vc.type).toEqual(['VerifiableCredential', 'BitstringStatusListCredential']);
      expect(vc.id).toBe(url);
      const encoded: string = vc.credentialSubject.encodedList;
      expect(encoded.startsWith('u')).toBe(true);
      const bits = gunzipSync(Buffer.from(encoded.slice(1), 'base64url'));
      expect(bits.length).toBeGreaterThanOrEqual(16 * 1024);
      const bit = (i: number) => (bits[Math.floor(i / 8)]! & (0x80 >> (i % 8))) !== 0;
      const set: number[] = [];
      for (let i = 0; i < bits.length * 8; i++) if (bit(i)) set.push(i);
      return { jwt, vc, set };
    };
    const verify = async (credential: string) => (await t.app.inject({ method: 'POST', url: '/api/v1/verify', payload: { credential } })).json();

    it('every new credential names a revocation and a suspension entry; revoking sets exactly its bit in the published list', async () => {
      const a = await issue('GJ0120260000001');
      const b = await issue('GJ0120260000002');
      const entries = payloadOf(a.credential).credentialStatus as Entry[];
      expect(entries.map((e) => [e.type, e.statusPurpose])).toEqual([
        ['BitstringStatusListEntry', 'revocation'],
        ['BitstringStatusListEntry', 'suspension'],
      ]);
      const [revocation, suspension] = entries as [Entry, Entry];
      expect(revocation.statusListIndex).toMatch(/^\d+$/);
      expect(revocation.statusListIndex).toBe(suspension.statusListIndex);
      expect(revocation.id).toBe(`${revocation.statusListCredential}#${revocation.statusListIndex}`);
      expect(revocation.statusListCredential).toMatch(new RegExp(`^${t.config.publicUrl.replace(/\/$/, '')}/status/[0-9a-f-]+/revocation$`));
      const bIndex = Number((payloadOf(b.credential).credentialStatus as Entry[])[0]!.statusListIndex);
      expect(bIndex).not.toBe(Number(revocation.statusListIndex));

      expect((await fetchList(revocation.statusListCredential)).set).toEqual([]);
      expect(await verify(a.credential)).toMatchObject({ verdict: 'genuine', document: { status: 'active', statusSource: 'status-list' } });

      expect((await setStatus(a.uri, 'revoked', 'Licence cancelled by the RTO')).statusCode).toBe(200);
      const after = await fetchList(revocation.statusListCredential);
      expect(after.set).toEqual([Number(revocation.statusListIndex)]);
      expect((await fetchList(suspension.statusListCredential)).set).toEqual([]);
      expect(await verify(a.credential)).toMatchObject({
        verdict: 'genuine',
        document: {
          status: 'revoked',
          statusReason: 'Licence cancelled by the RTO',
          statusSource: 'status-list',
          statusList: { url: revocation.statusListCredential, index: Number(revocation.statusListIndex) },
        },
      });
      expect((await verify(b.credential)).document).toMatchObject({ status: 'active', statusReason: null });
    });

    it('suspension sets the suspension bit and reinstatement clears it; an unchanged list is served from its stored copy', async () => {
      const c = await issue('GJ0120260000003');
      const [, suspension] = payloadOf(c.credential).credentialStatus as [Entry, Entry];
      const index = Number(suspension.statusListIndex);
      const first = await fetchList(suspension.statusListCredential);
      const again = await fetchList(suspension.statusListCredential);
      // Not rebuilt per request: the very same signed bytes.
      expect(again.jwt).toBe(first.jwt);

      expect((await setStatus(c.uri, 'suspended', 'Under inquiry')).statusCode).toBe(200);
      const suspended = await fetchList(suspension.statusListCredential);
      expect(suspended.jwt).not.toBe(first.jwt);
      expect(suspended.set).toContain(index);
      expect(await verify(c.credential)).toMatchObject({ document: { status: 'suspended', statusReason: 'Under inquiry' } });

      expect((await setStatus(c.uri, 'active')).statusCode).toBe(200);
      expect((await fetchList(suspension.statusListCredential)).set).not.toContain(index);
      expect((await verify(c.credential)).document.status).toBe('active');
    });

    it('names a JSON-LD context that Tijori serves and bundles, defining every term of the subject', async () => {
      const { credential } = await issue('GJ0120260000009');
      const vc = payloadOf(credential);
      const url = `${t.config.publicUrl.replace(/\/$/, '')}/ns/document/v1`;
      expect(vc['@context']).toEqual(['https://www.w3.org/ns/credentials/v2', url]);
      const res = await t.app.inject({ method: 'GET', url: '/ns/document/v1' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('application/ld+json');
      expect(res.json()).toEqual(DOCUMENT_CONTEXT);
      // Terms the VCDM 2.0 context defines itself (id, type, name) aside, each key is ours.
      const defined = new Set([...Object.keys(DOCUMENT_CONTEXT['@context']), 'id', 'type', 'name']);
      const keys = (o: Record<string, unknown>, skip: Set<string>): string[] =>
        Object.entries(o).flatMap(([k, v]) =>
          skip.has(k) ? [k] : [k, ...(v && typeof v === 'object' && !Array.isArray(v) ? keys(v as Record<string, unknown>, skip) : [])],
        );
      const used = keys(vc.credentialSubject, new Set(['fields']));
      expect(used.filter((k) => !defined.has(k))).toEqual([]);
      expect(vc.type).toContain('TijoriIssuedDocument');
      expect(defined.has(vc.credentialSubject.type)).toBe(true);
    });

    it('answers an unknown list or purpose with a coded 4xx', async () => {
      const missing = await t.app.inject({ method: 'GET', url: '/status/00000000-0000-4000-8000-000000000000/revocation' });
      expect(missing.statusCode).toBe(404);
      expect(missing.json().code).toBe('not_found');
      expect((await t.app.inject({ method: 'GET', url: '/status/00000000-0000-4000-8000-000000000000/other' })).statusCode).toBe(400);
      expect((await t.app.inject({ method: 'GET', url: '/status/..%2F..%2Fetc/revocation' })).statusCode).toBe(400);
    });
  });
}
