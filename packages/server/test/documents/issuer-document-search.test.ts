import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/dialects.js';
import { freshMobile, signUp } from '../support/residents.js';
import { bearer, staffToken } from '../support/staff.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const ORG = 'in.gov.transport';

for (const dialect of DIALECTS) {
  describe(`issuer staff search their own documents [${dialect}]`, () => {
    let t: TestApp;
    let staff: string;
    const mobiles = { ravi: freshMobile(), meena: freshMobile(), sharma: freshMobile() };
    beforeAll(async () => {
      t = await startTestApp(dialect, { env: { TIJORI_SEED_DEMO: 'true' } });
      staff = await staffToken(t, 'transport');
      await signUp(t, { mobile: mobiles.meena });
      const issue = async (docId: string, mobile: string, name: string, issuedOn: string) => {
        const res = await t.app.inject({
          method: 'POST',
          url: `/api/v1/issuers/${ORG}/documents`,
          headers: bearer(staff),
          payload: { docType: 'DRVLC', docId, holder: { mobile, name }, fields: { licenceNo: docId }, issuedOn },
        });
        expect(res.statusCode, res.body).toBe(201);
      };
      await issue('SRCH0000000001', mobiles.ravi, 'Ravi Kumar Patel', '2026-01-10');
      await issue('SRCH0000000002', mobiles.meena, 'Meena Shah', '2026-01-11');
      await issue('SRCH0000000003', mobiles.sharma, 'रवि शर्मा', '2026-01-12');
    });
    afterAll(async () => t?.close());

    const search = (body: Record<string, unknown>, token = staff, org = ORG) =>
      t.app.inject({ method: 'POST', url: `/api/v1/issuers/${org}/documents/search`, headers: bearer(token), payload: body });
    const uris = async (body: Record<string, unknown>) => {
      const res = await search(body);
      expect(res.statusCode, res.body).toBe(200);
      return (res.json().documents as { uri: string }[]).map((d) => d.uri);
    };

    it('finds a document by URI, document number, part of the name (any case, any script), or the mobile it was issued to', async () => {
      expect(await uris({ q: `${ORG}-DRVLC-SRCH0000000002` })).toEqual([`${ORG}-DRVLC-SRCH0000000002`]);
      expect(await uris({ q: 'SRCH0000000001' })).toEqual([`${ORG}-DRVLC-SRCH0000000001`]);
      expect(await uris({ q: 'kUMAR' })).toEqual([`${ORG}-DRVLC-SRCH0000000001`]);
      expect(await uris({ q: 'शर्मा' })).toEqual([`${ORG}-DRVLC-SRCH0000000003`]);
      // Nobody holds Ravi's yet (held under the mobile's keyed hash); Meena signed up first.
      const ravi = (await search({ q: `+91 ${mobiles.ravi.slice(0, 5)} ${mobiles.ravi.slice(5)}` })).json().documents;
      expect(ravi).toHaveLength(1);
      expect(ravi[0]).toMatchObject({
        uri: `${ORG}-DRVLC-SRCH0000000001`,
        holderName: 'Ravi Kumar Patel',
        docType: 'DRVLC',
        docId: 'SRCH0000000001',
        status: 'active',
        held: true,
      });
      const meena = (await search({ q: mobiles.meena })).json().documents;
      expect(meena.map((d: { uri: string }) => d.uri)).toEqual([`${ORG}-DRVLC-SRCH0000000002`]);
      expect(meena[0].held).toBe(false);
      // A wildcard is a character like any other.
      expect(await uris({ q: '%' })).toEqual([]);
      expect(await uris({ q: 'Nobody Of That Name' })).toEqual([]);
    });

    it('pages newest first without repeats, and filters by status with the reason', async () => {
      // A document number matches whole, never in part.
      expect(await uris({ q: 'SRCH' })).toEqual([]);

      const all: string[] = [];
      let cursor: string | null = null;
      do {
        const body: Record<string, unknown> = { docType: 'DRVLC', limit: 2, ...(cursor ? { cursor } : {}) };
        const page = (await search(body)).json();
        expect(page.documents.length).toBeLessThanOrEqual(2);
        all.push(...page.documents.map((d: { uri: string }) => d.uri));
        cursor = page.nextCursor;
      } while (cursor);
      const ours = all.filter((u) => u.includes('SRCH'));
      expect(ours).toEqual([3, 2, 1].map((n) => `${ORG}-DRVLC-SRCH000000000${n}`));
      expect(new Set(all).size).toBe(all.length);

      const uri = `${ORG}-DRVLC-SRCH0000000002`;
      const revoked = await t.app.inject({
        method: 'POST',
        url: `/api/v1/issuers/${ORG}/documents/${uri}/status`,
        headers: bearer(staff),
        payload: { status: 'revoked', reason: 'Issued in error' },
      });
      expect(revoked.statusCode).toBe(200);
      const found = (await search({ status: 'revoked', q: 'Meena' })).json().documents;
      expect(found).toHaveLength(1);
      expect(found[0]).toMatchObject({ uri, status: 'revoked', statusReason: 'Issued in error' });
      expect(found[0].statusChangedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
      expect(await uris({ status: 'suspended', q: 'Meena' })).toEqual([]);
    });

    it('never shows another issuer’s documents, and refuses malformed searches with the field named', async () => {
      const cbse = await staffToken(t, 'cbse');
      const elsewhere = await search({ q: 'Ravi' }, cbse);
      expect(elsewhere.statusCode).toBe(404);
      expect(elsewhere.json().code).toBe('not_found');
      const own = await search({ q: `${ORG}-DRVLC-SRCH0000000001` }, cbse, 'in.gov.cbse');
      expect(own.statusCode).toBe(200);
      expect(own.json().documents).toEqual([]);
      expect((await t.app.inject({ method: 'POST', url: `/api/v1/issuers/${ORG}/documents/search`, payload: {} })).statusCode).toBe(401);

      for (const [body, path] of [
        [{ limit: 0 }, '/body/limit'],
        [{ limit: 101 }, '/body/limit'],
        [{ status: 'lost' }, '/body/status'],
        [{ docType: 'lower' }, '/body/docType'],
        [{ q: 'x'.repeat(201) }, '/body/q'],
        [{ cursor: 'bm9wZQ' }, '/body/cursor'],
      ] as const) {
        const res = await search(body);
        expect(res.statusCode, JSON.stringify(body)).toBe(400);
        expect(res.json().code).toBe('validation_failed');
        expect(res.json().errors[0].path).toBe(path);
      }
      const extra = await search({ holder: 'Ravi' });
      expect(extra.statusCode).toBe(400);
    });
  });
}
