import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/dialects.js';
import { bearer, staffToken } from '../support/staff.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

interface Hit {
  kind: 'issuer' | 'documentType';
  orgId: string;
  code: string | null;
  names: { en: string };
  pullable: boolean;
  match: string;
}

for (const dialect of DIALECTS) {
  describe(`"Get a document" finds issuers and document types by any name [${dialect}]`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp(dialect, { env: { TIJORI_SEED_DEMO: 'true' } });
    });
    afterAll(async () => t?.close());

    const search = async (q: string): Promise<Hit[]> => {
      const res = await t.app.inject({ method: 'GET', url: `/api/v1/directory/search?q=${encodeURIComponent(q)}` });
      expect(res.statusCode, res.body).toBe(200);
      return res.json().results;
    };
    const first = async (q: string) => (await search(q))[0]!;
    const id = (h: Hit) => (h.code ? `${h.orgId}/${h.code}` : h.orgId);

    it('answers the six names from the issue: English, Hindi, Gujarati, synonyms and transliterations', async () => {
      // Typed in English: both CBSE marksheets, by a word of their name.
      expect((await search('marksheet')).slice(0, 2).map(id)).toEqual(['in.gov.cbse/SSCER', 'in.gov.cbse/HSCER']);
      expect((await first('marksheet')).match).toBe('prefix');
      // The Hindi word in the names.
      const ank = await search('अंकपत्र');
      expect(ank.slice(0, 2).map(id).sort()).toEqual(['in.gov.cbse/HSCER', 'in.gov.cbse/SSCER']);
      expect(ank[0]!.match).toBe('prefix');
      // "Marksheet" written in Devanagari appears in no name: found as another name for it.
      const transliterated = await search('मार्कशीट');
      expect(transliterated.slice(0, 2).map(id).sort()).toEqual(['in.gov.cbse/HSCER', 'in.gov.cbse/SSCER']);
      expect(transliterated[0]!.match).toBe('synonym');
      // "CBSE" in Devanagari: the board, whose names never abbreviate it.
      expect(await first('सीबीएसई')).toMatchObject({ kind: 'issuer', orgId: 'in.gov.cbse', match: 'synonym', pullable: true });
      // Gujarati: the PAN card, and the income certificate by its exact Gujarati name.
      expect(await first('પાન')).toMatchObject({ kind: 'documentType', orgId: 'in.gov.pan', code: 'PANCR', match: 'prefix' });
      expect(await first('આવકનો દાખલો')).toMatchObject({ kind: 'documentType', code: 'INCER', match: 'exact', pullable: true });
      // Case, spacing, punctuation and the nukta do not matter.
      expect(await first('  PAN-card ')).toMatchObject({ code: 'PANCR', match: 'exact' });
      expect(await first('सड़क')).toMatchObject({ orgId: 'in.gov.transport' });
      expect(await first('सडक')).toMatchObject({ orgId: 'in.gov.transport' });
    });

    it('ranks exact > prefix > contains > synonym, document types first within a rank', async () => {
      const op = bearer(await staffToken(t));
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/v1/issuers',
        headers: op,
        payload: { orgId: 'in.gov.food', names: { en: 'Food and Civil Supplies' }, category: 'Government', pullMode: 'hosted' },
      });
      expect(created.statusCode, created.body).toBe(201);
      const type = async (code: string, names: Record<string, string>) => {
        const res = await t.app.inject({
          method: 'POST',
          url: '/api/v1/issuers/in.gov.food/document-types',
          headers: op,
          payload: { code, names, template: 'certificate', fields: [{ key: 'x', label: { en: 'X' } }], parameters: [{ name: 'No', label: { en: 'Number' } }] },
        });
        expect(res.statusCode, res.body).toBe(201);
      };
      // Made in the reverse of the expected order, so insertion order cannot pass for ranking.
      await type('FGENT', { en: 'Food grain entitlement', hi: 'राशन कार्ड' });
      await type('SMRTC', { en: 'Smartration card' });
      await type('DUPRC', { en: 'Duplicate Ration Card' });
      await type('RATCD', { en: 'Ration Card' });
      const hits = await search('ration card');
      expect(hits.map((h) => [h.code, h.match])).toEqual([
        ['RATCD', 'exact'],
        ['DUPRC', 'prefix'],
        ['SMRTC', 'contains'],
        ['FGENT', 'synonym'],
      ]);
      // Found at once after the edit, and gone when its issuer is suspended.
      await t.app.inject({ method: 'PATCH', url: '/api/v1/issuers/in.gov.food', headers: op, payload: { status: 'suspended' } });
      expect(await search('ration card')).toEqual([]);
    });

    it('answers nothing rather than everything for a name it does not know, and refuses bad input', async () => {
      expect(await search('zzqx')).toEqual([]);
      expect(await search('“ ”')).toEqual([]);
      // "pan" is another name for the PAN card, but it must not find every name with "pan" inside a word.
      expect((await search('pan')).every((h) => h.match !== 'synonym' || h.code === 'PANCR' || h.orgId === 'in.gov.pan')).toBe(true);
      for (const url of [
        '/api/v1/directory/search',
        '/api/v1/directory/search?q=',
        `/api/v1/directory/search?q=${'a'.repeat(101)}`,
        '/api/v1/directory/search?q=a&limit=0',
      ]) {
        const res = await t.app.inject({ method: 'GET', url });
        expect(res.statusCode, url).toBe(400);
        expect(res.json().code).toBe('validation_failed');
      }
    });
  });
}
