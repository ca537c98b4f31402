import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { renderAvatarPng } from '../../adapters/aadhaar/sandbox/photo.js';
import type { CertificateRenderInput } from './certificate-input.js';
import { renderCertificatePdf, warmUpCertificateRenderer } from './certificate-pdf.js';
import { qrMatrix } from './qr.js';
import { sampleEnglishLicence, sampleGujaratiCertificate, sampleHindiMarksheet, sampleQrPayload } from './sample-documents.js';

/**
 * The PDFs are checked by reading them back with a small parser for what PDFKit writes (no
 * poppler in CI): objects, inflated streams, fonts with their ToUnicode maps, the text drawn
 * on each page and the QR code's rectangles.
 */

interface PdfObject {
  dict: string;
  stream?: Buffer;
}

function parsePdf(pdf: Buffer): Map<number, PdfObject> {
  const s = pdf.toString('latin1');
  const objects = new Map<number, PdfObject>();
  const head = /(\d+) 0 obj\n/g;
  let m: RegExpExecArray | null;
  while ((m = head.exec(s))) {
    const start = m.index + m[0].length;
    const streamAt = s.indexOf('stream\n', start);
    const endAt = s.indexOf('endobj', start);
    if (streamAt !== -1 && streamAt < endAt) {
      const dict = s.slice(start, streamAt);
      const length = Number(/\/Length (\d+)/.exec(dict)?.[1]);
      const raw = pdf.subarray(streamAt + 7, streamAt + 7 + length);
      objects.set(Number(m[1]), { dict, stream: dict.includes('/FlateDecode') ? inflateSync(raw) : raw });
      head.lastIndex = streamAt + 7 + length;
    } else {
      objects.set(Number(m[1]), { dict: s.slice(start, endAt) });
      head.lastIndex = endAt;
    }
  }
  return objects;
}

function ref(dict: string, key: string): number {
  const m = new RegExp(`/${key} (\\d+) 0 R`).exec(dict);
  if (!m) throw new Error(`no /${key} in ${dict}`);
  return Number(m[1]);
}

function toUnicode(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  const utf16 = (hex: string) => String.fromCharCode(...(hex.match(/.{4}/g) ?? []).map((h) => parseInt(h, 16)));
  for (const [, body] of cmap.matchAll(/beginbfrange\n([\s\S]*?)endbfrange/g)) {
    for (const [, start, , list] of body!.matchAll(/<([0-9a-f]+)> <([0-9a-f]+)> \[([^\]]*)\]/g)) {
      [...list!.matchAll(/<([0-9a-f ]+)>/g)].forEach(([, hex], i) => map.set(parseInt(start!, 16) + i, utf16(hex!.replace(/ /g, ''))));
    }
  }
  for (const [, body] of cmap.matchAll(/beginbfchar\n([\s\S]*?)endbfchar/g)) {
    for (const [, cid, hex] of body!.matchAll(/<([0-9a-f]+)> <([0-9a-f]+)>/g)) map.set(parseInt(cid!, 16), utf16(hex!));
  }
  return map;
}

interface PdfPage {
  content: string;
  /** Text of each BT…ET block, in drawing order (its ActualText where it has one). */
  runs: string[];
  annots: string[];
}

interface InspectedPdf {
  raw: string;
  objects: Map<number, PdfObject>;
  pages: PdfPage[];
  fonts: string[];
}

function inspect(pdf: Buffer): InspectedPdf {
  const objects = parsePdf(pdf);
  const fontText = new Map<number, Map<number, string>>();
  const fonts: string[] = [];
  for (const [num, o] of objects) {
    if (!o.dict.includes('/Subtype /Type0')) continue;
    fonts.push(/\/BaseFont \/(\S+)/.exec(o.dict)![1]!);
    fontText.set(num, toUnicode(objects.get(ref(o.dict, 'ToUnicode'))!.stream!.toString('latin1')));
  }
  const pageNums = /\/Kids \[([^\]]*)\]/
    .exec([...objects.values()].find((o) => o.dict.includes('/Type /Pages'))!.dict)![1]!
    .match(/\d+(?= 0 R)/g)!
    .map(Number);
  const pages = pageNums.map((num) => {
    const page = objects.get(num)!;
    const resources = objects.get(ref(page.dict, 'Resources'))!.dict;
    const fontRefs = new Map(
      [...(/\/Font <<([\s\S]*?)>>/.exec(resources)?.[1] ?? '').matchAll(/\/(F\d+) (\d+) 0 R/g)].map(([, name, n]) => [name!, Number(n)]),
    );
    const content = objects.get(ref(page.dict, 'Contents'))!.stream!.toString('latin1');
    const runs: string[] = [];
    for (const [, actual, block] of content.matchAll(/(?:\/Span <<\/ActualText <FEFF([0-9A-F]*)>>> BDC\n)?BT\n([\s\S]*?)\nET/g)) {
      if (actual !== undefined) {
        runs.push(String.fromCharCode(...(actual.match(/.{4}/g) ?? []).map((h) => parseInt(h, 16))));
        continue;
      }
      let cmap = new Map<number, string>();
      let text = '';
      for (const t of block!.matchAll(/\/(F\d+) [\d.]+ Tf|\[([^\]]*)\] TJ/g)) {
        if (t[1]) cmap = fontText.get(fontRefs.get(t[1])!)!;
        else for (const [, hex] of t[2]!.matchAll(/<([0-9a-f]+)>/g)) for (const cid of hex!.match(/.{4}/g)!) text += cmap.get(parseInt(cid, 16)) ?? '\ufffd';
      }
      runs.push(text);
    }
    const annots = (/\/Annots \[([^\]]*)\]/.exec(page.dict)?.[1]?.match(/\d+(?= 0 R)/g) ?? []).map((n) => objects.get(Number(n))!.dict);
    return { content, runs, annots };
  });
  return { raw: pdf.toString('latin1'), objects, pages, fonts };
}

/** The QR code drawn on a page, read back from its rectangles (one unit per module). */
function drawnQr(content: string): { size: number; data: number[] } | null {
  // PDFKit leaves out the scale when a module is exactly 1 pt.
  const m = /q\n1 0 0 1 [\d.]+ [\d.]+ cm\n(?:([\d.]+) 0 0 \1 0 0 cm\n)?((?:\d+ \d+ \d+ 1 re\n)+)/.exec(content);
  if (!m) return null;
  const rects = [...m[2]!.matchAll(/(\d+) (\d+) (\d+) 1 re/g)].map(([, c, r, l]) => [Number(c), Number(r), Number(l)] as const);
  const size = Math.max(...rects.map(([c, , l]) => c + l), ...rects.map(([, r]) => r + 1));
  const data = new Array<number>(size * size).fill(0);
  for (const [c, r, l] of rects) for (let i = c; i < c + l; i++) data[r * size + i] = 1;
  return { size, data };
}

/** No scripts, forms or actions; the only annotations are links to the verify page (one per page). */
function expectSafe(pdf: InspectedPdf, input: CertificateRenderInput): void {
  const everything = pdf.raw + [...pdf.objects.values()].map((o) => o.stream?.toString('latin1') ?? '').join('');
  for (const bad of [
    '/JavaScript',
    '/JS',
    '/AcroForm',
    '/OpenAction',
    '/AA',
    '/Launch',
    '/SubmitForm',
    '/ImportData',
    '/EmbeddedFile',
    '/RichMedia',
    '/GoToR',
  ]) {
    expect(everything.includes(`${bad} `) || everything.includes(`${bad}\n`) || everything.includes(`${bad}<`) || everything.includes(`${bad}(`), bad).toBe(
      false,
    );
  }
  const annots = [...pdf.objects.values()].filter((o) => o.dict.includes('/Type /Annot'));
  expect(annots.length).toBe(pdf.pages.length);
  for (const a of annots) {
    expect(a.dict).toContain('/Subtype /Link');
    // The link carries the QR code's token, so an uploaded copy of the PDF can be verified by it.
    expect(pdf.objects.get(ref(a.dict, 'A'))!.dict).toContain(`/S /URI\n/URI (${input.qrPayload})`);
    expect(input.qrPayload.startsWith(input.verifyUrl)).toBe(true);
  }
}

const text = (pdf: InspectedPdf) => pdf.pages.flatMap((p) => p.runs).join('\n');

describe('renderCertificatePdf', () => {
  it('renders a Hindi marksheet: Noto Sans and Noto Sans Devanagari embedded, URI, code and QR code on the page', async () => {
    const input = sampleHindiMarksheet(renderAvatarPng('Ananya Sharma', { longHair: true }));
    const bytes = await renderCertificatePdf(input);
    expect(bytes.subarray(0, 8).toString('latin1')).toBe('%PDF-1.7');
    expect(bytes.subarray(-6).toString('latin1')).toBe('%%EOF\n');
    const pdf = inspect(bytes);
    expect(pdf.pages).toHaveLength(1);
    expect(pdf.fonts.map((f) => f.replace(/^[A-Z]{6}\+/, '')).sort()).toEqual([
      'NotoSans-Bold',
      'NotoSans-Regular',
      'NotoSansDevanagari-Bold',
      'NotoSansDevanagari-Regular',
    ]);
    for (const f of pdf.fonts) expect(f).toMatch(/^[A-Z]{6}\+/); // subsets
    const all = text(pdf);
    expect(pdf.pages[0]!.runs).toContain(input.uri);
    expect(pdf.pages[0]!.runs).toContain(input.verificationCode);
    expect(all).toContain('Class XII Marksheet');
    expect(all).toContain('अनन्या'); // Devanagari as text (half NA + YA + AA sign), not outlines
    expect(all).toContain('Digitally signed by Central Board of Secondary Education.');
    expect(all).toContain('https://tijori.example/verify');
    expect(all).toContain('26-05-2014');
    expect(pdf.raw).toContain('/Subtype /Image'); // the photo
    expect(drawnQr(pdf.pages[0]!.content)).toEqual({ size: qrMatrix(input.qrPayload).size, data: Array.from(qrMatrix(input.qrPayload).data) });
    expect(all).not.toMatch(/REVOKED|SUSPENDED|EXPIRED/);
    expectSafe(pdf, input);
  });

  it('renders a Gujarati certificate with Noto Sans Gujarati, and embeds only subsets of the fonts', async () => {
    const input = sampleGujaratiCertificate();
    const pdf = inspect(await renderCertificatePdf(input));
    expect(pdf.fonts.map((f) => f.replace(/^[A-Z]{6}\+/, '')).sort()).toEqual([
      'NotoSans-Bold',
      'NotoSans-Regular',
      'NotoSansGujarati-Bold',
      'NotoSansGujarati-Regular',
    ]);
    const all = text(pdf);
    expect(all).toContain('પટેલ');
    expect(all).toContain(input.uri);
    expect(all).toContain(input.verificationCode);
    expect(all).toContain('31-03-2025');
    const fontFiles = [...pdf.objects.values()].filter((o) => o.dict.includes('/FontFile2')).map((o) => o.dict);
    for (const descriptor of fontFiles) expect(pdf.objects.get(ref(descriptor, 'FontFile2'))!.stream!.length).toBeLessThan(60_000);
    expect(drawnQr(pdf.pages[0]!.content)?.data).toEqual(Array.from(qrMatrix(input.qrPayload).data));
    expect(pdf.raw).not.toContain('/Subtype /Image'); // no photo given
    expectSafe(pdf, input);
  });

  it('renders an English-only licence with Noto Sans alone', async () => {
    const input = sampleEnglishLicence(renderAvatarPng('Rahul Mehta'));
    const pdf = inspect(await renderCertificatePdf(input));
    expect(pdf.fonts.map((f) => f.replace(/^[A-Z]{6}\+/, '')).sort()).toEqual(['NotoSans-Bold', 'NotoSans-Regular']);
    const all = text(pdf);
    for (const s of [
      input.uri,
      input.verificationCode,
      'Rahul Mehta',
      'Driving Licence',
      'Ministry of Road Transport and Highways',
      'Valid until',
      '01-11-2031',
      'Page 1 of 1',
    ])
      expect(all).toContain(s);
    expect(pdf.raw).toContain('/Lang (en-IN)');
    expectSafe(pdf, input);
  });

  it('stamps REVOKED across a revoked document (and the local word in its language)', async () => {
    const revoked = inspect(await renderCertificatePdf({ ...sampleEnglishLicence(), status: 'revoked' }));
    expect(revoked.pages[0]!.runs).toContain('REVOKED');
    expect(revoked.raw).toMatch(/\/Type \/ExtGState\n\/ca 0\.2\n\/CA 0\.2/);
    const suspended = inspect(await renderCertificatePdf({ ...sampleHindiMarksheet(), status: 'suspended' }));
    expect(suspended.pages[0]!.runs).toContain('SUSPENDED');
    expect(suspended.pages[0]!.runs).toContain('निलंबित');
    const expired = inspect(await renderCertificatePdf({ ...sampleGujaratiCertificate(), status: 'expired' }));
    expect(expired.pages[0]!.runs).toContain('EXPIRED');
    const active = inspect(await renderCertificatePdf(sampleEnglishLicence()));
    expect(active.raw).not.toMatch(/\/ca 0\.2\n/);
  });

  it('gives the same bytes for the same input, and a different file ID when anything changes', async () => {
    const input = sampleHindiMarksheet(renderAvatarPng('x'));
    const a = await renderCertificatePdf(input);
    const b = await renderCertificatePdf(structuredClone(input));
    expect(a.equals(b)).toBe(true);
    expect(a.toString('latin1')).toContain('/CreationDate 19 0 R'.slice(0, 13));
    expect(a.toString('latin1')).toContain('(D:20140526000000Z)');
    const c = await renderCertificatePdf({ ...input, status: 'revoked' });
    const id = (pdf: Buffer) => /\/ID \[<([0-9a-f]{32})>/.exec(pdf.toString('latin1'))![1];
    expect(id(c)).not.toBe(id(a));
    expect(id(await renderCertificatePdf({ ...input, holder: { ...input.holder, photoPng: renderAvatarPng('y') } }))).not.toBe(id(a));
  });

  it('continues a long table on further pages, each with the header, footer and QR code', async () => {
    const base = sampleHindiMarksheet();
    const input: CertificateRenderInput = {
      ...base,
      table: { columns: base.table!.columns, rows: Array.from({ length: 70 }, (_, i) => [`विषय ${i + 1}`, '070', '020', '090', 'A1']) },
      qrPayload: sampleQrPayload(base.uri, 1500),
    };
    const pdf = inspect(await renderCertificatePdf(input));
    expect(pdf.pages.length).toBeGreaterThanOrEqual(3);
    pdf.pages.forEach((page, i) => {
      expect(page.runs).toContain(`पृष्ठ ${i + 1} / ${pdf.pages.length}`);
      expect(page.runs).toContain(input.uri);
      const hasRows = page.runs.some((r) => /^विषय \d+$/.test(r));
      expect(page.runs.filter((r) => r === 'प्राप्तांक').length).toBe(hasRows ? 1 : 0); // the header row repeats
      expect(drawnQr(page.content)?.data).toEqual(Array.from(qrMatrix(input.qrPayload).data));
    });
    expect(text(pdf)).toContain('विषय 70');
    expectSafe(pdf, input);
  });

  it('survives odd input: a photo that is not an image, very long values, markup in names, no link to a non-http URL', async () => {
    const input: CertificateRenderInput = {
      ...sampleEnglishLicence(Buffer.from('not an image')),
      fields: [
        { label: 'Remarks', value: 'word '.repeat(400) },
        { label: 'Long token', value: 'X'.repeat(600) },
      ],
      issuer: { name: 'Dept. of <Tests> & "Quotes"', orgId: 'in.gov.test' },
      verifyUrl: 'javascript:alert(1)',
      qrPayload: 'javascript:alert(2)',
    };
    const pdf = inspect(await renderCertificatePdf(input));
    expect(pdf.raw).not.toContain('/Subtype /Image');
    expect(pdf.raw).not.toContain('/Type /Annot');
    expect(pdf.raw).not.toContain('<Tests>');
    expect(text(pdf)).toContain('Dept. of <Tests> & "Quotes"');
  });

  it('renders 20 documents in reasonable time', async ({ annotate }) => {
    const photo = renderAvatarPng('bench');
    const inputs = Array.from({ length: 20 }, (_, i) => {
      const make = [sampleHindiMarksheet, sampleGujaratiCertificate, sampleEnglishLicence][i % 3]!;
      const input = make(photo);
      return { ...input, holder: { ...input.holder, name: `${input.holder.name} ${i}` }, verificationCode: `CODE-${i}` };
    });
    const warm = performance.now();
    await warmUpCertificateRenderer(); // fonts loaded, JIT warm, labels shaped
    await annotate(`warm-up: ${(performance.now() - warm).toFixed(0)} ms`);
    const start = performance.now();
    for (const input of inputs) await renderCertificatePdf(input);
    const ms = performance.now() - start;
    await annotate(`20 documents in ${ms.toFixed(0)} ms (${(ms / 20).toFixed(1)} ms each)`);
  });
});
