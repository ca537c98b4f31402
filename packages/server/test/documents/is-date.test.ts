import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isDate } from '../../src/domain/documents/issue-documents.js';

/** What isDate must agree with: the string survives a round trip through Date unchanged. */
function byDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

describe('isDate', () => {
  it('agrees with a round trip through Date for every YYYY-MM-DD shaped string', () => {
    const shaped = fc
      .tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }))
      .map(([y, m, d]) => `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`);
    fc.assert(
      fc.property(fc.oneof(shaped, fc.string({ maxLength: 12 })), (s) => {
        expect(isDate(s)).toBe(byDate(s));
      }),
      { numRuns: 20_000 },
    );
  });

  it('knows leap years and month lengths', () => {
    expect(['2024-02-29', '2000-02-29', '2023-12-31', '2023-04-30', '1600-02-29'].map(isDate)).toEqual([true, true, true, true, true]);
    expect(['2023-02-29', '1900-02-29', '2023-04-31', '2023-13-01', '2023-00-10', '2023-01-00', '2023-1-01', ' 2023-01-01'].map(isDate)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});
