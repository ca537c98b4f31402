import fs from 'node:fs/promises';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPENAPI_FILE } from '../../scripts/openapi-document.js';
import { isValidAadhaar } from '../../src/domain/aadhaar/verhoeff.js';
import { DIALECTS } from '../support/dialects.js';
import { sandboxResident, signUp } from '../support/residents.js';
import { bearer, staffToken } from '../support/staff.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * A bounded property-based pass over every operation in the checked-in OpenAPI document:
 * generated path and query parameters and JSON bodies (shaped by the schemas, with wrong
 * types, odd text and Aadhaar-shaped numbers mixed in), sent signed out, as a resident and as
 * the operator. No answer may be a 5xx, and no body may hold a full Aadhaar number.
 */
type Schema = Record<string, unknown>;
interface Operation {
  method: string;
  path: string;
  parameters?: { name: string; in: string; required?: boolean; schema?: Schema }[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}

const RUNS_PER_OPERATION = 20;
// Not inside a longer token: the last group of a UUID can be twelve digits.
const AADHAAR_SHAPED = /(?<![\w-])[2-9]\d{3} ?\d{4} ?\d{4}(?![\w-])/g;

function fullAadhaarNumbersIn(text: string): string[] {
  return [...text.matchAll(AADHAAR_SHAPED)].map((m) => m[0].replace(/ /g, '')).filter(isValidAadhaar);
}

function arbitraries(doc: { components?: { schemas?: Record<string, Schema> } }, aadhaar: string[]) {
  const text = fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.constantFrom('', ' ', '../../etc/passwd', '<x/>', '%00', '\u202e', 'in.gov.cbse', 'HSCER', 'in.gov.cbse-HSCER-1', '9999999999', 'a'.repeat(300)),
    fc.constantFrom(...aadhaar),
    fc.stringMatching(/^[2-9][0-9]{11}$/),
  );
  const any = fc.oneof(text, fc.integer(), fc.boolean(), fc.constant(null), fc.constant([]), fc.constant({}));
  const of = (schema: Schema | undefined, depth: number): fc.Arbitrary<unknown> => {
    if (!schema || depth > 4) return any;
    if (typeof schema.$ref === 'string') return of(doc.components?.schemas?.[schema.$ref.split('/').pop()!], depth + 1);
    const alt = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
    if (alt) return fc.oneof(...alt.map((s) => of(s, depth + 1)));
    if ('const' in schema) return fc.constant(schema.const);
    if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
    const typed = (() => {
      switch (schema.type) {
        case 'string':
          return fc.oneof(
            text,
            ...(Array.isArray(schema.examples) ? [fc.constantFrom(...(schema.examples as unknown[]))] : []),
            ...(schema.format === 'uuid' ? [fc.uuid()] : []),
          );
        case 'integer':
        case 'number':
          return fc.oneof(fc.integer({ min: -5, max: 1000 }), fc.constantFrom(0, 2 ** 31, -1));
        case 'boolean':
          return fc.boolean();
        case 'null':
          return fc.constant(null);
        case 'array':
          return fc.array(of(schema.items as Schema, depth + 1), { maxLength: 3 });
        case 'object': {
          const props = (schema.properties ?? {}) as Record<string, Schema>;
          const record: Record<string, fc.Arbitrary<unknown>> = {};
          for (const [k, s] of Object.entries(props)) record[k] = of(s, depth + 1);
          return fc.record(record, { requiredKeys: (schema.required as string[] | undefined)?.filter((k) => k in props) ?? [] });
        }
        default:
          return any;
      }
    })();
    // Now and then a value of the wrong type, to exercise validation.
    return fc.oneof({ arbitrary: typed, weight: 4 }, { arbitrary: any, weight: 1 });
  };
  return of;
}

describe('the Aadhaar detector the fuzz pass uses', () => {
  it('finds a full Aadhaar number written with or without spaces, and ignores masked ones and longer digit runs', () => {
    expect(fullAadhaarNumbersIn('{"n":"234123412346"}')).toEqual(['234123412346']);
    expect(fullAadhaarNumbersIn('id 2341 2341 2346.')).toEqual(['234123412346']);
    expect(fullAadhaarNumbersIn('XXXX XXXX 2346, 1234123412346, 234123412347, 0189-7c2e-234123412346')).toEqual([]);
  });
});

for (const dialect of DIALECTS) {
  describe(`fuzzing every OpenAPI operation [${dialect}]`, () => {
    let t: TestApp;
    let cookie: string;
    let operator: string;
    let aadhaar: string[];
    beforeAll(async () => {
      t = await startTestApp(dialect, { env: { TIJORI_SEED_DEMO: 'true', ISSUER_REPOSITORY_TIMEOUT_MS: '1000' } });
      cookie = (await signUp(t)).cookie;
      operator = await staffToken(t);
      aadhaar = await Promise.all([0, 1, 2].map(async (i) => (await sandboxResident(t, i)).aadhaarNumber));
    });
    afterAll(async () => t?.close());

    it('answers no generated request with a 5xx or a full Aadhaar number', async () => {
      const doc = JSON.parse(await fs.readFile(OPENAPI_FILE, 'utf8')) as {
        paths: Record<string, Record<string, Omit<Operation, 'method' | 'path'>>>;
        components?: { schemas?: Record<string, Schema> };
      };
      const of = arbitraries(doc, aadhaar);
      // Signing out ends the fuzzing resident's session: those go last.
      const operations: Operation[] = Object.entries(doc.paths)
        .flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ ...op, method: method.toUpperCase(), path })))
        .sort((a, b) => Number(a.path.includes('sign-out')) - Number(b.path.includes('sign-out')));
      const failures: string[] = [];
      let sent = 0;
      for (const op of operations) {
        const params = op.parameters ?? [];
        const request = fc.record({
          path: fc.record(
            Object.fromEntries(
              params
                .filter((p) => p.in === 'path')
                .map((p) => [p.name, fc.oneof(of(p.schema, 0), fc.constantFrom('in.gov.cbse', 'in.gov.cbse-HSCER-201412345678'))]),
            ),
          ),
          query: fc.record(Object.fromEntries(params.filter((p) => p.in === 'query').map((p) => [p.name, of(p.schema, 0)])), { requiredKeys: [] }),
          body: of(op.requestBody?.content?.['application/json']?.schema, 0),
          as: fc.constantFrom('anonymous', 'resident', 'operator'),
        });
        await fc.assert(
          fc.asyncProperty(request, async (r) => {
            const url = op.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(String(r.path[name] ?? 'x')));
            const query = new URLSearchParams(
              Object.entries(r.query).map(([k, v]): [string, string] => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
            ).toString();
            const headers: Record<string, string> = r.as === 'resident' ? { cookie } : r.as === 'operator' ? bearer(operator) : {};
            const hasBody = op.method !== 'GET' && op.method !== 'DELETE';
            const res = await t.app.inject({
              method: op.method as 'GET',
              url: query ? `${url}?${query}` : url,
              headers: hasBody ? { ...headers, 'content-type': 'application/json' } : headers,
              ...(hasBody ? { payload: JSON.stringify(r.body ?? {}) } : {}),
            });
            sent++;
            const leaked = fullAadhaarNumbersIn(res.body);
            if (res.statusCode >= 500 || leaked.length > 0)
              failures.push(`${op.method} ${url} as ${r.as} → ${res.statusCode}${leaked.length ? ' with an Aadhaar number' : ''}: ${res.body.slice(0, 200)}`);
          }),
          { numRuns: RUNS_PER_OPERATION, seed: 12, endOnFailure: true },
        );
      }
      expect(failures).toEqual([]);
      expect(sent).toBe(operations.length * RUNS_PER_OPERATION);
    }, 120_000);
  });
}
