import { createHash } from 'node:crypto';
import PDFDocument from 'pdfkit';
import { drawBody } from './certificate-body.js';
import type { CertificateRenderInput } from './certificate-input.js';
import { drawFooter, drawPageChrome, drawWatermark, footerTopFor, type RenderContext } from './certificate-page.js';
import { LABELS } from './labels.js';
import { sampleEnglishLicence, sampleGujaratiCertificate, sampleHindiMarksheet } from './sample-documents.js';
import { Typesetter } from './typeset.js';

export type { CertificateRenderInput } from './certificate-input.js';

/**
 * The human-readable PDF of an issued document: A4, header with a seal and the issuer's name in
 * both scripts, the holder, the particulars, the optional table, the dates, and a footer with
 * the QR code, URI and verification code on every page; a diagonal stamp when the document is
 * not active. Text in the Indian scripts is shaped by fontkit with embedded subsets of the Noto
 * fonts (artifacts/render/fonts.ts).
 *
 * The same input gives the same bytes (creation date and file ID come from the input), so the
 * result may be cached by a hash of the input. The PDF holds no JavaScript, forms or actions;
 * its only annotation (one per page) is a link to the verify page: to `qrPayload`, which is the
 * verify URL with the document's token (so an uploaded copy can be checked by it), or else to
 * `verifyUrl`; neither when it is not an http(s) URL.
 *
 * Fonts load on first use; the first document in a process takes about a second (fonts, JIT,
 * shaping every word for the first time): call `warmUpCertificateRenderer()` at start-up.
 */
export async function renderCertificatePdf(input: CertificateRenderInput): Promise<Buffer> {
  const language = input.language ?? 'en';
  const doc = new PDFDocument({
    size: 'A4',
    margin: 0,
    autoFirstPage: false,
    bufferPages: true,
    pdfVersion: '1.7',
    lang: `${language}-IN`,
    displayTitle: true,
    // No default font: PDFKit would load Helvetica's metrics for every document otherwise.
    font: null as unknown as string,
    info: {
      Title: metadataText(`${input.docType.name} — ${input.uri}`),
      Author: metadataText(input.issuer.name),
      Subject: metadataText(input.uri),
      Creator: 'Tijori',
      Producer: 'Tijori',
      CreationDate: creationDate(input.issuedOn),
    },
  });
  // The file identifier: a digest of everything printed, instead of one of the metadata only.
  (doc as unknown as { _id: Buffer })._id = fileId(input);

  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const ctx: RenderContext = { doc, ts: new Typesetter(doc), input, language, labels: LABELS[language], y: 0, footerTop: footerTopFor(input.qrPayload) };
  const newPage = (first: boolean) => {
    doc.addPage({ size: 'A4', margin: 0 });
    ctx.y = drawPageChrome(ctx, first);
  };
  newPage(true);
  drawBody(ctx, () => newPage(false));

  const { start, count } = doc.bufferedPageRange();
  for (let i = 0; i < count; i++) {
    doc.switchToPage(start + i);
    drawFooter(ctx, i + 1, count);
    drawWatermark(ctx);
  }
  doc.end();
  return done;
}

/**
 * Renders one sample document per language and throws the results away: loads the fonts,
 * compiles the hot paths and fills the shaping cache with the fixed labels. About a second of
 * CPU; start it at boot without awaiting it.
 */
export async function warmUpCertificateRenderer(): Promise<void> {
  for (const input of [sampleHindiMarksheet(), sampleGujaratiCertificate(), sampleEnglishLicence()]) await renderCertificatePdf(input);
}

function creationDate(issuedOn: string): Date {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(issuedOn) ? new Date(`${issuedOn}T00:00:00Z`) : new Date(Number.NaN);
  return Number.isNaN(date.getTime()) ? new Date(0) : date;
}

/**
 * PDFKit copies the document information into the XMP metadata without XML escaping; the
 * characters that would break (or add to) that XML are replaced by look-alikes.
 */
function metadataText(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u001f\u007f]/g, ' ')
      .replace(/&/g, '＆')
      .replace(/</g, '‹')
      .replace(/>/g, '›')
  );
}

function fileId(input: CertificateRenderInput): Buffer {
  const photo = input.holder.photoPng ? createHash('sha256').update(input.holder.photoPng).digest('hex') : null;
  const canonical = JSON.stringify({ ...input, holder: { ...input.holder, photoPng: photo } });
  return createHash('sha256').update(canonical).digest().subarray(0, 16);
}
