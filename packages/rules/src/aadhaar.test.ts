import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isValidAadhaar, isVerhoeffValid, maskAadhaar, normaliseAadhaar, verhoeffCheckDigit } from './aadhaar.js';

const digit = fc.integer({ min: 0, max: 9 });
/** The first 11 digits of an Aadhaar number: first digit 2–9. */
const payload11 = fc
  .tuple(fc.integer({ min: 2, max: 9 }), fc.array(digit, { minLength: 10, maxLength: 10 }))
  .map(([first, rest]) => `${first}${rest.join('')}`);
const validAadhaar = payload11.map((p) => p + verhoeffCheckDigit(p));

describe('Verhoeff check digit', () => {
  it('matches published examples', () => {
    expect(verhoeffCheckDigit('236')).toBe(3);
    expect(verhoeffCheckDigit('75872')).toBe(2);
    expect(verhoeffCheckDigit('12345')).toBe(1);
    expect(verhoeffCheckDigit('142857')).toBe(0);
    expect(isVerhoeffValid('2363')).toBe(true);
    expect(isVerhoeffValid('2364')).toBe(false);
    expect(verhoeffCheckDigit('23412341234')).toBe(6);
  });

  it('agrees with an oracle built from the definition (D5 products, powers of the position permutation)', () => {
    // D5: rotations 0–4, reflections 5–9.
    const d = (i: number, j: number): number => (i < 5 ? (j < 5 ? (i + j) % 5 : 5 + ((i + j) % 5)) : j < 5 ? 5 + ((i - j + 5) % 5) : (i - j + 5) % 5);
    const p1 = [1, 5, 7, 6, 2, 8, 3, 0, 9, 4];
    const p = (k: number, x: number): number => {
      for (let n = 0; n < k % 8; n++) x = p1[x]!;
      return x;
    };
    const inverse = (c: number): number => [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].find((x) => d(c, x) === 0)!;
    const oracle = (s: string): number => {
      let c = 0;
      [...s].reverse().forEach((ch, i) => {
        c = d(c, p(i + 1, Number(ch)));
      });
      return inverse(c);
    };
    fc.assert(
      fc.property(fc.array(digit, { minLength: 1, maxLength: 30 }), (ds) => {
        const s = ds.join('');
        expect(verhoeffCheckDigit(s)).toBe(oracle(s));
      }),
      { numRuns: 500 },
    );
  });

  it('refuses anything but ASCII digits, without echoing the input', () => {
    for (const bad of ['', '12a4', ' 123', '१२३', '12.3']) {
      expect(() => verhoeffCheckDigit(bad)).toThrow(TypeError);
    }
    expect(() => verhoeffCheckDigit('98765x')).toThrow(/^(?!.*98765).*$/);
    expect(isVerhoeffValid('')).toBe(false);
  });

  it('appending the check digit always gives a valid string, and exactly one digit does', () => {
    fc.assert(
      fc.property(fc.array(digit, { minLength: 1, maxLength: 40 }), (ds) => {
        const s = ds.join('');
        const c = verhoeffCheckDigit(s);
        expect(c).toBeGreaterThanOrEqual(0);
        expect(c).toBeLessThanOrEqual(9);
        const valid = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].filter((d) => isVerhoeffValid(s + d));
        expect(valid).toEqual([c]);
      }),
    );
  });
});

describe('isValidAadhaar', () => {
  it('accepts the baseline example and rejects its neighbour', () => {
    expect(isValidAadhaar('234123412346')).toBe(true);
    expect(isValidAadhaar('234123412347')).toBe(false);
  });

  it('accepts every 11-digit payload (first digit 2–9) completed with its check digit', () => {
    fc.assert(
      fc.property(validAadhaar, (n) => {
        expect(isValidAadhaar(n)).toBe(true);
      }),
    );
  });

  it('detects every single-digit substitution of a valid number', () => {
    fc.assert(
      fc.property(validAadhaar, (n) => {
        for (let i = 0; i < 12; i++) {
          for (let d = 0; d <= 9; d++) {
            if (String(d) === n[i]) continue;
            const changed = n.slice(0, i) + d + n.slice(i + 1);
            expect(isValidAadhaar(changed), `position ${i} -> ${d}`).toBe(false);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('detects every adjacent transposition of a valid number', () => {
    fc.assert(
      fc.property(validAadhaar, (n) => {
        for (let i = 0; i < 11; i++) {
          if (n[i] === n[i + 1]) continue;
          const swapped = n.slice(0, i) + n[i + 1] + n[i] + n.slice(i + 2);
          expect(isValidAadhaar(swapped), `swap ${i},${i + 1}`).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('rejects a leading 0 or 1 even when the Verhoeff digit is right', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1 }), fc.array(digit, { minLength: 10, maxLength: 10 }), (first, rest) => {
        const p = `${first}${rest.join('')}`;
        const n = p + verhoeffCheckDigit(p);
        expect(isVerhoeffValid(n)).toBe(true);
        expect(isValidAadhaar(n)).toBe(false);
      }),
    );
  });

  it('rejects wrong lengths, separators and non-ASCII digits', () => {
    fc.assert(
      fc.property(fc.array(digit, { minLength: 0, maxLength: 30 }), (ds) => {
        fc.pre(ds.length !== 12);
        expect(isValidAadhaar(ds.join(''))).toBe(false);
      }),
    );
    for (const bad of ['2341 2341 2346', '2341-2341-2346', ' 234123412346', '234123412346\n', '२३४१२३४१२३४६', '２34123412346', '23412341234６']) {
      expect(isValidAadhaar(bad)).toBe(false);
    }
    expect(isValidAadhaar(undefined as unknown as string)).toBe(false);
  });
});

describe('normaliseAadhaar', () => {
  it('strips spaces and hyphens only', () => {
    expect(normaliseAadhaar('2341 2341 2346')).toBe('234123412346');
    expect(normaliseAadhaar('2341-2341-2346')).toBe('234123412346');
    expect(normaliseAadhaar(' 2341\u00a02341\t2346 ')).toBe('234123412346');
    expect(normaliseAadhaar('2341.2341.2346')).toBe('2341.2341.2346');
    expect(normaliseAadhaar('२३४१ २३४१')).toBe('२३४१२३४१');
    expect(normaliseAadhaar('XXXX XXXX 2346')).toBe('XXXXXXXX2346');
  });

  it('undoes any grouping with spaces and hyphens', () => {
    fc.assert(
      fc.property(validAadhaar, fc.array(fc.constantFrom('', ' ', '-', '  ', ' - '), { minLength: 13, maxLength: 13 }), (n, seps) => {
        const formatted = seps[0] + [...n].map((c, i) => c + seps[i + 1]).join('');
        const normalised = normaliseAadhaar(formatted);
        expect(normalised).toBe(n);
        expect(isValidAadhaar(normalised)).toBe(true);
      }),
    );
  });
});

describe('maskAadhaar', () => {
  it('shows only the last four digits', () => {
    expect(maskAadhaar('234123412346')).toBe('XXXX XXXX 2346');
    expect(maskAadhaar('2341 2341 2346')).toBe('XXXX XXXX 2346');
    expect(maskAadhaar('2346')).toBe('XXXX XXXX 2346');
  });

  it('never contains the first eight digits', () => {
    fc.assert(
      fc.property(validAadhaar, (n) => {
        const m = maskAadhaar(n);
        expect(m).toMatch(/^XXXX XXXX [0-9]{4}$/);
        expect(m.endsWith(n.slice(8))).toBe(true);
        expect(m).not.toContain(n.slice(0, 8));
      }),
    );
  });

  it('refuses anything that is not 4 or 12 digits, without echoing it', () => {
    for (const bad of ['', '123', '12345', '23412341234', '2341234123467', 'abcd', '२३४६']) {
      expect(() => maskAadhaar(bad)).toThrow(TypeError);
    }
    try {
      maskAadhaar('98765432109');
    } catch (err) {
      expect(String(err)).not.toContain('98765432109');
    }
  });
});
