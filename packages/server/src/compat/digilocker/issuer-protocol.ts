import { createSafeFetch, type SafeFetch } from '../../adapters/issuer-endpoint/safe-fetch.js';
import type { CertificateFacts, IssuerProtocol } from '../../domain/issuer-protocol.js';
import { signCertificate } from './xml/certificate-xml.js';
import type { CertificateInput, CertificatePerson, CertificateStatus } from './xml/certificate-types.js';
import { sniffImage } from './xml/xml-fields.js';
import { verifyDigilockerHmac, verifyKeyhash } from './xml/issuer-auth.js';
import { pullFromEndpoint } from './pull-client.js';

export interface DigilockerProtocolOptions {
  /** Issuer endpoints that may be at otherwise-refused (private) addresses. */
  endpointAllowList: readonly string[];
  /** Total time an issuer endpoint gets to answer a pull. */
  endpointTimeoutMs: number;
  /** Replaces the SSRF-safe client (tests); the allow-list and timeout are then its business. */
  fetch?: SafeFetch;
}

const STATUS: Record<CertificateFacts['status'], CertificateStatus> = { active: 'A', expired: 'E', revoked: 'R', suspended: 'S' };

/** The holder's gender, address and photo as the certificate's `Person` carries them (a photo that is not PNG or JPEG is left out). */
function person(h: CertificateFacts['holder']): Partial<CertificatePerson> {
  const a = h.address;
  const photoFormat = h.photo ? sniffImage(h.photo) : undefined;
  return {
    ...(h.gender ? { gender: h.gender } : {}),
    ...(a
      ? {
          address: {
            type: 'permanent',
            ...(a.careOf ? { line1: a.careOf } : {}),
            ...(a.street ? { line2: a.street } : {}),
            ...(a.house ? { house: a.house } : {}),
            ...(a.landmark ? { landmark: a.landmark } : {}),
            ...(a.locality ? { locality: a.locality } : {}),
            vtc: a.vtc,
            district: a.district,
            pin: a.pincode,
            state: a.state,
            country: 'IN',
          },
        }
      : {}),
    ...(h.photo && photoFormat ? { photo: { format: photoFormat, bytes: h.photo } } : {}),
  };
}

/** A document as DigiLocker's `Certificate` XML: its fields as `Fields/Field@name@value`. */
function certificateInput(c: CertificateFacts): CertificateInput {
  return {
    name: c.name,
    type: c.type,
    number: c.number,
    issueDate: c.issueDate,
    ...(c.validFrom ? { validFromDate: c.validFrom } : {}),
    ...(c.validTo ? { expiryDate: c.validTo } : {}),
    status: STATUS[c.status],
    issuedBy: {
      name: c.issuer.name,
      code: c.issuer.orgId,
      ...(c.issuer.type ? { type: c.issuer.type } : {}),
      ...(c.issuer.state ? { address: { state: c.issuer.state, country: 'IN' } } : {}),
    },
    issuedTo: { name: c.holder.name, ...(c.holder.dob ? { dob: c.holder.dob } : {}), ...person(c.holder) },
    data: { Fields: { Field: Object.entries(c.fields).map(([k, v]) => ({ '@name': k, '@value': v })) }, Uri: c.uri, VerificationCode: c.verificationCode },
  };
}

/** The DigiLocker protocols behind the domain's `IssuerProtocol` port (wired by app.ts). */
export function digilockerProtocol(options: DigilockerProtocolOptions): IssuerProtocol {
  const fetch = options.fetch ?? createSafeFetch({ allow: options.endpointAllowList, timeoutMs: options.endpointTimeoutMs });
  return {
    pullDocument: (endpoint, request) => pullFromEndpoint(fetch, endpoint, request),
    verifyKeyhash,
    verifyBodySignature: verifyDigilockerHmac,
    signedCertificate: (certificate, signer) => signCertificate(certificateInput(certificate), signer.key, { keyName: signer.keyName }),
  };
}
