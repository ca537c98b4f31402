import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SERVER_TEXTS } from '@tijori/texts';
import { afterAll, describe, expect, it } from 'vitest';
import { renderCertificatePdf } from './certificate-pdf.js';
import { REGIONAL_LANGUAGES, sampleRegionalCertificate } from './sample-documents.js';

/**
 * A document rendered for a reader of each of the later languages, read back with poppler
 * (pdffonts, pdftotext) as any PDF reader would: the script's own Noto face is embedded, and
 * the text comes out as typed (shaped glyphs carry ActualText), labels in the reader's language.
 */

const FAMILY = { mr: 'NotoSansDevanagari', bn: 'NotoSansBengali', ta: 'NotoSansTamil', te: 'NotoSansTelugu', kn: 'NotoSansKannada' } as const;
const dir = mkdtempSync(path.join(tmpdir(), 'tijori-languages-pdf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('documents in Marathi, Bengali, Tamil, Telugu and Kannada', () => {
  for (const language of REGIONAL_LANGUAGES) {
    it(`${language}: embeds ${FAMILY[language]} and prints the holder, the values and the labels in ${language}`, async () => {
      const input = sampleRegionalCertificate(language);
      const file = path.join(dir, `${language}.pdf`);
      writeFileSync(file, await renderCertificatePdf(input));

      const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' });
      const embedded = [...fonts.matchAll(/^[A-Z]{6}\+(\S+)/gm)].map((m) => m[1]).sort();
      expect(embedded).toEqual([`${FAMILY[language]}-Bold`, `${FAMILY[language]}-Regular`, 'NotoSans-Bold', 'NotoSans-Regular'].sort());

      const text = execFileSync('pdftotext', ['-raw', file, '-'], { encoding: 'utf8' }).normalize('NFC');
      const labels = SERVER_TEXTS[language].pdf;
      for (const expected of [
        input.holder.nameLocal!,
        input.issuer.nameLocal!,
        input.docType.nameLocal!,
        ...input.fields.map((f) => f.labelLocal!),
        ...input.fields.map((f) => f.value),
        labels.dateOfBirth,
        labels.statuses.active,
        labels.page(1, 1),
        input.uri,
      ])
        expect(text, expected).toContain(expected.normalize('NFC'));
      expect(execFileSync('pdfinfo', [file], { encoding: 'utf8' })).toMatch(/Pages:\s+1\b/);
      expect(text).toContain(input.verificationCode);
      expect(fonts).not.toMatch(/Helvetica|Times/);
    });
  }
});
