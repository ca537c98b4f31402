import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matchesParameterPattern } from '../../src/domain/issuers/parameter-pattern.js';
import { DIALECTS } from '../support/dialects.js';
import { signUp } from '../support/residents.js';
import { bearer, staffToken } from '../support/staff.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('pull-parameter patterns', () => {
  it('match with RE2 semantics: a catastrophic pattern on a long input answers (no backtracking)', () => {
    // With JavaScript's RegExp this call takes hours (each extra character doubles the time).
    expect(matchesParameterPattern('(a+)+b', 'a'.repeat(60))).toBe(false);
    expect(matchesParameterPattern('(a+)+b', `${'a'.repeat(60)}b`)).toBe(true);
    expect(matchesParameterPattern('(19|20)[0-9]{2}', '2014')).toBe(true);
    expect(matchesParameterPattern('(19|20)[0-9]{2}', '20145')).toBe(false);
  });
});

for (const dialect of DIALECTS) {
  describe(`pull-parameter patterns over HTTP [${dialect}]`, () => {
    let t: TestApp;
    let operator: string;
    beforeAll(async () => {
      t = await startTestApp(dialect, { env: { TIJORI_SEED_DEMO: 'true' } });
      operator = await staffToken(t);
    });
    afterAll(async () => t?.close());

    const defineType = (code: string, pattern: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/issuers/in.gov.cbse/document-types',
        headers: bearer(operator),
        payload: {
          code,
          names: { en: 'Test' },
          template: 'certificate',
          fields: [{ key: 'x', label: { en: 'X' } }],
          parameters: [{ name: 'Ref', label: { en: 'Reference' }, pattern }],
        },
      });

    it('refuses at definition a pattern that needs backtracking (back-reference, look-ahead)', async () => {
      for (const [code, pattern] of [
        ['BREF', '(a)\\1'],
        ['LOOK', '(?=a)a'],
      ] as const) {
        const res = await defineType(code, pattern);
        expect(res.statusCode, res.body).toBe(400);
        expect(res.json().errors[0].path).toBe('/body/parameters/0/pattern');
      }
    });

    it('answers a pull whose value meets (a+)+b with 40 characters: the value is refused as malformed', async () => {
      expect((await defineType('REDOS', '(a+)+b')).statusCode).toBe(201);
      const r = await signUp(t);
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/me/pull',
        headers: { cookie: r.cookie },
        payload: { orgId: 'in.gov.cbse', docType: 'REDOS', parameters: { Ref: 'a'.repeat(40) }, consent: true },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().errors[0].path).toBe('/body/parameters/Ref');
      expect((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    });
  });
}
