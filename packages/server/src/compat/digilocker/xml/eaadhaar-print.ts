import type { Address } from '../../../adapters/aadhaar/aadhaar-adapter.js';
import type { EaadhaarFacts } from '../../../domain/consents/requester-eaadhaar.js';

/** Scripts the PDF renderer shapes (its embedded fonts); other local names are left to the XML's LData. */
const PRINTABLE_SCRIPTS = new Set(['Deva', 'Gujr']);

const addressLine = (a: Address) => [a.careOf, a.house, a.street, a.landmark, a.locality, a.vtc, a.district, a.state, a.pincode].filter(Boolean).join(', ');

/**
 * The e-Aadhaar XML's `Prn`: a printable PDF of what the XML says (masked number, name, date of
 * birth, gender, address, photo), drawn by the certificate renderer. It states that it is a copy
 * made from e-KYC under a consent; the signed XML around it is what a verifier checks.
 */
export async function eaadhaarPrintPdf(f: EaadhaarFacts, verifyUrl: string): Promise<Buffer> {
  const local = f.local && PRINTABLE_SCRIPTS.has(f.local.script) ? f.local : null;
  const uid = `XXXX XXXX ${f.maskedUid.slice(-4)}`;
  const { renderCertificatePdf } = await import('../../../artifacts/render/certificate-pdf.js');
  return renderCertificatePdf({
    issuer: { name: 'Tijori — e-Aadhaar copy from UIDAI e-KYC', orgId: 'in.tijori' },
    docType: { code: 'EAADHAAR', name: 'e-Aadhaar (e-KYC copy)' },
    uri: `in.tijori-EAADHAAR-${f.consentId.replaceAll('-', '')}`,
    holder: { name: f.name, ...(local?.name ? { nameLocal: local.name } : {}), ...(f.dob ? { dob: f.dob } : {}), ...(f.photo ? { photoPng: f.photo } : {}) },
    fields: [
      { label: 'Aadhaar', value: uid },
      { label: 'Gender', value: f.gender },
      ...(f.address ? [{ label: 'Address', value: addressLine(f.address) }] : []),
      ...(local?.address ? [{ label: 'Address (local)', value: addressLine(local.address) }] : []),
      { label: 'Made for consent', value: f.consentId },
    ],
    issuedOn: new Date(f.at).toISOString().slice(0, 10),
    status: 'active',
    verificationCode: f.uidToken.slice(0, 12).toUpperCase(),
    qrPayload: `e-Aadhaar copy ${uid} ${f.name} ${f.dob} ${new Date(f.at).toISOString()}`,
    verifyUrl,
  });
}
