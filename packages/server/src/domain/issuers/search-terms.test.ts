import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSynonyms, searchKey, synonymsOf } from './search-terms.js';

const rows = parseSynonyms(readFileSync(new URL('../../../data/directory-synonyms.tsv', import.meta.url), 'utf8'));

describe('search keys and the synonym table', () => {
  it('compares names without case, joiners, nuktas or punctuation', () => {
    expect(searchKey('  PAN-Card ')).toBe('pan card');
    expect(searchKey('सड़क')).toBe(searchKey('सडक'));
    expect(searchKey('ક્\u200dષ')).toBe(searchKey('ક્ષ'));
    expect(searchKey('“ ”')).toBe('');
  });

  it('has names in English, Hindi and Gujarati on every row, each name on one row only', () => {
    expect(rows.length).toBeGreaterThan(10);
    for (const row of rows) {
      expect(
        row.some((n) => /[a-z]/.test(n)),
        row.join(', '),
      ).toBe(true);
      expect(
        row.some((n) => /[\u0900-\u097f]/.test(n)),
        row.join(', '),
      ).toBe(true);
      expect(
        row.some((n) => /[\u0a80-\u0aff]/.test(n)),
        row.join(', '),
      ).toBe(true);
    }
    const all = rows.flat();
    expect(all.filter((n, i) => all.indexOf(n) !== i)).toEqual([]);
  });

  it('answers the other names of a row, in every direction', () => {
    expect(synonymsOf('मार्कशीट')).toContain('marksheet');
    expect(synonymsOf('marksheet')).toContain('ગુણપત્રક');
    expect(synonymsOf('સીબીએસઈ')).toContain('cbse');
    expect(synonymsOf('nothing like it')).toEqual([]);
  });
});
