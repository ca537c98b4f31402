import { contexts } from '@digitalbazaar/credentials-context';
import jsonld, { type RemoteDocument } from 'jsonld';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, staffToken } from '../support/staff.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const payloadOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8'));
const VC_V2 = 'https://www.w3.org/ns/credentials/v2';

/**
 * A credential as a JSON-LD verifier reads it: expanded by the `jsonld` processor in safe mode
 * (any term, IRI or value that would be dropped is an error), with a loader that knows only the
 * W3C VCDM 2.0 context (a local copy: no network) and what Tijori serves at its context URL.
 */
describe('issued credentials under JSON-LD safe mode', () => {
  let t: TestApp;
  let staff: string;
  beforeAll(async () => {
    t = await startTestApp('sqlite', { env: { TIJORI_SEED_DEMO: 'true' } });
    staff = await staffToken(t, 'transport');
  });
  afterAll(async () => t?.close());

  const origin = () => t.config.publicUrl.replace(/\/$/, '');
  const documentLoader = async (url: string): Promise<RemoteDocument> => {
    if (url === VC_V2) return { contextUrl: null, documentUrl: url, document: contexts.get(VC_V2) };
    if (!url.startsWith(`${origin()}/`)) throw new Error(`The loader refuses ${url}: not a bundled or Tijori context.`);
    const res = await t.app.inject({ method: 'GET', url: url.slice(origin().length) });
    if (res.statusCode !== 200) throw new Error(`${url}: HTTP ${res.statusCode} ${res.body}`);
    return { contextUrl: null, documentUrl: url, document: res.json() };
  };

  it('expands a real credential with no term dropped and every subject claim present', async () => {
    const fields = { licenceNo: 'GJ0120260000501' };
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/issuers/in.gov.transport/documents',
      headers: bearer(staff),
      payload: {
        docType: 'DRVLC',
        docId: 'GJ0120260000501',
        holder: { mobile: '9876500005', name: 'Meera Shah', dob: '1990-04-01' },
        fields,
        issuedOn: '2026-01-10',
        validTo: '2046-01-09',
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const row = await t.runtime.db.kysely
      .selectFrom('document_versions')
      .innerJoin('issued_documents', 'issued_documents.id', 'document_versions.document_id')
      .select('document_versions.credential')
      .where('issued_documents.uri', '=', 'in.gov.transport-DRVLC-GJ0120260000501')
      .executeTakeFirstOrThrow();
    const vc = payloadOf(row.credential);
    expect(vc.credentialStatus).toHaveLength(2);

    const [expanded] = await jsonld.expand(vc, { documentLoader, safe: true });
    const text = JSON.stringify(expanded);
    // Every value of the subject (and of the issuer and status entries) is still there…
    const values = (o: unknown): string[] =>
      o && typeof o === 'object' ? Object.entries(o).flatMap(([k, v]) => (k === 'fields' ? [] : values(v))) : [String(o)];
    for (const v of values({ ...vc, '@context': undefined })) if (v !== 'undefined') expect(text, v).toContain(JSON.stringify(v).slice(1, -1));
    const subject = (expanded!['https://www.w3.org/2018/credentials#credentialSubject'] as Record<string, unknown>[])[0]!;
    // …the fields as one JSON literal, equal to what was issued.
    expect((subject['https://tijori.dev/ns/document#fields'] as { '@value': unknown }[])[0]!['@value']).toEqual(fields);
    expect(Object.keys(subject)).toEqual(
      expect.arrayContaining([
        '@type',
        'https://tijori.dev/ns/document#uri',
        'https://tijori.dev/ns/document#version',
        'https://tijori.dev/ns/document#documentType',
        'https://tijori.dev/ns/document#issuedOn',
        'https://tijori.dev/ns/document#holder',
        'https://tijori.dev/ns/document#verificationCode',
      ]),
    );
  });

  it('expands the status list credential a credential names', async () => {
    const row = await t.runtime.db.kysely.selectFrom('document_versions').select('credential').executeTakeFirstOrThrow();
    const url: string = payloadOf(row.credential).credentialStatus[0].statusListCredential;
    const res = await t.app.inject({ method: 'GET', url: new URL(url).pathname });
    expect(res.statusCode, res.body).toBe(200);
    const [expanded] = await jsonld.expand(payloadOf(res.body), { documentLoader, safe: true });
    expect(JSON.stringify(expanded)).toContain('https://www.w3.org/ns/credentials/status#encodedList');
  });

  it('fails safe mode on a term the contexts do not define (the check can fail)', async () => {
    const vc = { '@context': [VC_V2, `${origin()}/ns/document/v1`], type: ['VerifiableCredential'], credentialSubject: { notATerm: 'x' } };
    await expect(jsonld.expand(vc, { documentLoader, safe: true })).rejects.toThrow();
  });

  it('answers a context URL that is not one of Tijori’s with a coded 404', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/ns/document/v2' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'context_not_found', detail: expect.stringContaining('/ns/document/v1') });
  });
});
