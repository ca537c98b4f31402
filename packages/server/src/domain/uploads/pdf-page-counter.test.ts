import { describe, expect, it } from 'vitest';
import { createPdfPageCounter } from './pdf-page-counter.js';

const byRegex = (text: string) => [...text.matchAll(/\/Type\s*\/Page(?![A-Za-z])/g)].length;

function count(text: string, cuts: number[]): number {
  const counter = createPdfPageCounter();
  const bytes = Buffer.from(text, 'latin1');
  let at = 0;
  for (const cut of [...cuts, bytes.length]) {
    counter.push(bytes.subarray(at, cut));
    at = cut;
  }
  return counter.end();
}

const SAMPLE =
  '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Count 3 >> endobj\n' +
  '3 0 obj << /Type /Page /Parent 2 0 R >> endobj\n4 0 obj <</Type/Page/Parent 2 0 R>> endobj\n' +
  `5 0 obj << /Type\r\n\t /Page >> endobj\n6 0 obj << /Type /PageLabel >> endobj\n/Type${' '.repeat(40)}/Page 7 /Type /Pa\n%%EOF /Type /Page`;

describe('createPdfPageCounter', () => {
  it('counts what the regular expression counts, cut at every byte', () => {
    const expected = byRegex(SAMPLE);
    expect(expected).toBe(5);
    for (let cut = 0; cut <= SAMPLE.length; cut++) expect(count(SAMPLE, [cut]), `cut at ${cut}`).toBe(expected);
  });

  it('counts the same in one-byte and three-byte chunks', () => {
    expect(
      count(
        SAMPLE,
        Array.from({ length: SAMPLE.length }, (_, i) => i),
      ),
    ).toBe(5);
    expect(
      count(
        SAMPLE,
        Array.from({ length: Math.floor(SAMPLE.length / 3) }, (_, i) => i * 3),
      ),
    ).toBe(5);
  });

  it('looks through at most 64 bytes of white space between the two names', () => {
    expect(count(`/Type${' '.repeat(64)}/Page `, [10])).toBe(1);
    expect(count(`/Type${' '.repeat(65)}/Page `, [10])).toBe(0);
  });
});
