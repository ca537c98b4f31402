import { createHash } from 'node:crypto';
import type { DomainDeps } from '../context.js';
import { decodeCredential, qrPayload } from './document-artifacts.js';
import { verifyQrToken, type VerificationResult } from './verify-document.js';

const TOKEN_IN_PDF = /\/verify#t=([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)/;

/**
 * An uploaded PDF: a byte-for-byte copy of a rendering Tijori made is genuine; a PDF that
 * carries a valid QR token but is not such a copy has been altered (the genuine details are
 * shown so the two can be compared); anything else is unknown.
 */
export async function verifyPdf(deps: DomainDeps, pdf: Buffer, language?: string): Promise<VerificationResult> {
  if (pdf.subarray(0, 5).toString('latin1') !== '%PDF-') return { verdict: 'unknown', reason: 'That file is not a PDF.' };
  const sha256 = createHash('sha256').update(pdf).digest('hex');
  const rendering = await deps.repos.documents.findRenderingBySha(sha256);
  if (rendering) {
    const doc = await deps.repos.documents.findById(rendering.document_id);
    const issuer = doc ? await deps.repos.issuers.findById(doc.issuer_id) : undefined;
    const version = doc ? await deps.repos.documents.findVersion(doc.id, rendering.version) : undefined;
    if (doc && issuer && version) {
      // The same answer as the QR code printed on that very file.
      const qr = await qrPayload(deps, { doc, issuer, version, credential: decodeCredential(version.credential) });
      return verifyQrToken(deps, qr, language);
    }
  }
  const token = TOKEN_IN_PDF.exec(pdf.toString('latin1'))?.[1];
  if (!token) return { verdict: 'unknown', reason: 'This PDF carries no Tijori verification code. Verify with the QR code or the URI instead.' };
  const claimed = await verifyQrToken(deps, token, language);
  if (claimed.verdict !== 'genuine') return claimed;
  return { ...claimed, verdict: 'tampered', reason: 'This PDF is not the file that was issued: it has been changed. The genuine document’s details are below for comparison.' };
}
