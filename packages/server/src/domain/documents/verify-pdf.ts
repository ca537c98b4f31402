import { createHash } from 'node:crypto';
import { verifyPdfSignatures, type PdfSignaturesReport } from '../../signatures/pdf/verify-signatures.js';
import type { DomainDeps } from '../context.js';
import { tijoriTrust } from '../signatures/tijori-ca.js';
import { decodeCredential, qrPayload } from './document-artifacts.js';
import { verifyQrToken, type VerificationResult } from './verify-document.js';

const TOKEN_MARK = Buffer.from('/verify#t=', 'latin1');
const TOKEN_IN_PDF = /\/verify#t=([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)/;

export type PdfVerificationResult = VerificationResult & { signatures?: PdfSignaturesReport };

/**
 * An uploaded PDF: its digital signatures (if any) are checked against Tijori's CA and
 * reported one by one; and, as to the issued document it may be, a byte-for-byte copy of a rendering Tijori made is genuine; a PDF that
 * carries a valid QR token but is not such a copy has been altered (the genuine details are
 * shown so the two can be compared); anything else is unknown.
 */
export async function verifyPdf(deps: DomainDeps, pdf: Buffer, language?: string): Promise<PdfVerificationResult> {
  if (pdf.subarray(0, 5).toString('latin1') !== '%PDF-') return { verdict: 'unknown', reason: 'That file is not a PDF.' };
  const report = await verifyPdfSignatures(pdf, await tijoriTrust(deps));
  const result = await verifyIssued(deps, pdf, language);
  if (report.signatures.length === 0) return result;
  if (result.verdict === 'unknown') {
    const valid = report.signatures.filter((s) => s.valid).length;
    const changed = report.modifiedAfterLastSignature ? ' The file was changed after the last signature.' : '';
    return { ...result, reason: `This PDF carries ${report.signatures.length} digital signature(s), ${valid} of them valid.${changed}`, signatures: report };
  }
  return { ...result, signatures: report };
}

async function verifyIssued(deps: DomainDeps, pdf: Buffer, language?: string): Promise<VerificationResult> {
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
  const token = tokenIn(pdf);
  if (!token) return { verdict: 'unknown', reason: 'This PDF carries no Tijori verification code. Verify with the QR code or the URI instead.' };
  const claimed = await verifyQrToken(deps, token, language);
  if (claimed.verdict !== 'genuine') return claimed;
  return {
    ...claimed,
    verdict: 'tampered',
    reason: 'This PDF is not the file that was issued: it has been changed. The genuine document’s details are below for comparison.',
  };
}

/** The first verification token in the file; searched as bytes, a large PDF is never made a string. */
function tokenIn(pdf: Buffer): string | undefined {
  for (let at = pdf.indexOf(TOKEN_MARK); at !== -1; at = pdf.indexOf(TOKEN_MARK, at + 1)) {
    const token = TOKEN_IN_PDF.exec(pdf.toString('latin1', at, at + 4096))?.[1];
    if (token) return token;
  }
  return undefined;
}
