import { isIssuedBy, OCSP_STATUS, ocspError, ocspResponse, readOcspRequest, type CertStatus } from '../../signatures/ocsp.js';
import { viewCertificate } from '../../signatures/certificate-view.js';
import type { DomainDeps } from '../context.js';
import { tijoriCa } from './tijori-ca.js';

/** How long a relying party may cache an answer: as long as the CRL, whose revocations it mirrors. */
const VALID_FOR_MS = 60 * 60 * 1000;

/**
 * Tijori's OCSP responder (RFC 6960) for every certificate its issuing CA issued: issuers'
 * document-signing certificates, eSign one-time certificates and the time-stamping unit.
 * "good" for a certificate the CA issued and has not revoked, "revoked" with its time, and
 * "unknown" for a serial it never issued; the answer is signed by the issuing CA itself.
 * Requests about another CA's certificates are `unauthorized`, unreadable ones `malformedRequest`
 * — both still answered as OCSP (HTTP 200), as clients expect.
 */
export async function answerOcsp(deps: DomainDeps, requestDer: Buffer): Promise<Buffer> {
  let request;
  try {
    request = readOcspRequest(requestDer);
  } catch {
    return ocspError(OCSP_STATUS.malformedRequest);
  }
  const ca = await tijoriCa(deps);
  const ours = request.certIds.filter((id) => isIssuedBy(id, ca.issuing.certificate));
  if (ours.length === 0) return ocspError(OCSP_STATUS.unauthorized);
  const tsa = viewCertificate(ca.tsaSigner.certificate).serialHex;
  const answers = [];
  for (const certId of request.certIds) {
    let status: CertStatus = { status: 'unknown' };
    if (ours.includes(certId)) {
      if (certId.serialHex === tsa) status = { status: 'good' };
      else {
        const row = await deps.repos.pki.findCertificate(certId.serialHex);
        if (row) status = row.revoked_at === null ? { status: 'good' } : { status: 'revoked', at: Number(row.revoked_at) };
      }
    }
    answers.push({ certId, status });
  }
  return ocspResponse({ responder: ca.issuing, answers, producedAt: deps.clock.now(), validForMs: VALID_FOR_MS, nonce: request.nonce });
}
