import { createPrivateKey } from 'node:crypto';
import { SignedXml } from 'xml-crypto';
import { escapeXml } from './protocol.js';
import type { IssuedRecord, IssuerData } from './records.js';
import { docUri } from './records.js';

const GENDER_CODE: Record<string, string> = { Male: 'M', Female: 'F', Other: 'T' };

const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';
const ENVELOPED = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';
const SHA256 = 'http://www.w3.org/2001/04/xmlenc#sha256';
const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';

/**
 * Signs a certificate as DigiLocker issuers do: an enveloped XML-DSig signature over the whole
 * document (exclusive C14N, SHA-256 digest), here RSA-SHA256 with the issuer's private key (PEM).
 */
export function signCertificateXml(xml: string, privateKeyPem: string): string {
  const key = createPrivateKey(privateKeyPem);
  if (key.asymmetricKeyType !== 'rsa' || (key.asymmetricKeyDetails?.modulusLength ?? 0) < 2048)
    throw new Error('the signing key must be an RSA key of at least 2048 bits');
  const sig = new SignedXml({ privateKey: privateKeyPem, signatureAlgorithm: RSA_SHA256, canonicalizationAlgorithm: EXC_C14N });
  sig.addReference({ xpath: '/*', transforms: [ENVELOPED, EXC_C14N], digestAlgorithm: SHA256, isEmptyUri: true });
  sig.computeSignature(xml, { location: { reference: '/*', action: 'append' } });
  return sig.getSignedXml();
}

/** The machine-readable certificate (DataContent); `signCertificateXml` signs it when the endpoint has a key. */
export function certificateXml(data: IssuerData, record: IssuedRecord): string {
  const a = data.address;
  const type = data.documentTypes.find((t) => t.code === record.docType);
  const attrs = (o: Record<string, string | undefined>) =>
    Object.entries(o)
      .map(([k, v]) => `${k}="${escapeXml(v ?? '')}"`)
      .join(' ');
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
    `<Certificate ${attrs({ language: '99', name: type?.name ?? record.docType, type: record.docType, number: record.docId, prevNumber: '', issuedAt: a.vtc, issueDate: record.issueDate, validFromDate: record.issueDate, expiryDate: '', status: 'A' })}>` +
    `<IssuedBy><Organization ${attrs({ name: data.name, code: data.orgId, tin: '', uid: '', type: 'SG' })}>` +
    `<Address ${attrs({ type: 'permanent', line1: a.line1, line2: a.line2, house: '', landmark: '', locality: a.locality, vtc: a.vtc, district: a.district, pin: a.pin, state: a.state, country: a.country })}/>` +
    `</Organization></IssuedBy>` +
    `<IssuedTo><Person ${attrs({ uid: '', title: '', name: record.holder.name, dob: record.holder.dob, gender: GENDER_CODE[record.holder.gender] ?? 'T', phone: record.holder.phone, email: '' })}/></IssuedTo>` +
    `<CertificateData><Degree ${attrs({
      name: record.degree.name,
      branch: record.degree.branch,
      result: record.degree.result,
      cgpa: record.degree.cgpa,
      ...Object.fromEntries(Object.entries(record.parameters).map(([k, v]) => [k.charAt(0).toLowerCase() + k.slice(1), v])),
      uri: docUri(data, record),
    })}/></CertificateData>` +
    `</Certificate>`
  );
}

/** The document itself (DocContent): a one-page PDF with the certificate's text. */
export function certificatePdf(data: IssuerData, record: IssuedRecord): Buffer {
  const type = data.documentTypes.find((t) => t.code === record.docType);
  const lines: Array<[font: 'F1' | 'F2', size: number, text: string]> = [
    ['F2', 22, data.name],
    ['F1', 12, `${data.address.locality ?? ''}, ${data.address.vtc ?? ''}`],
    ['F2', 18, type?.name ?? record.docType],
    ['F1', 12, 'This is to certify that'],
    ['F2', 16, record.holder.name],
    ['F1', 12, `born on ${record.holder.dob}, has been admitted to the degree of`],
    ['F2', 14, `${record.degree.name} (${record.degree.branch})`],
    ['F1', 12, `with ${record.degree.result}${record.degree.cgpa ? `, CGPA ${record.degree.cgpa}` : ''}.`],
    [
      'F1',
      11,
      Object.entries(record.parameters)
        .map(([k, v]) => `${k}: ${v}`)
        .join('   '),
    ],
    ['F1', 11, `Issued on ${record.issueDate}   Certificate No. ${record.docId}`],
    ['F1', 9, `DigiLocker URI: ${docUri(data, record)}`],
    ['F1', 9, 'DEMO DOCUMENT from the Tijori sandbox issuer. Not a real certificate.'],
  ];
  let y = 760;
  const content = lines
    .map(([font, size, text]) => {
      const line = `BT /${font} ${size} Tf 60 ${y} Td (${pdfString(text)}) Tj ET`;
      y -= size + 18;
      return line;
    })
    .join('\n');
  return buildPdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 6 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>',
    `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`,
    `<< /Title (${pdfString(`${type?.name ?? record.docType} ${record.docId}`)}) /Producer (Tijori demo issuer) >>`,
  ]);
}

/** Objects numbered from 1; the last is the Info dictionary. Offsets in the xref are exact. */
function buildPdf(objects: string[]): Buffer {
  let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) out += `${String(off).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info ${objects.length} 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** A PDF literal string: ASCII only (WinAnsi), with ( ) \ escaped. */
function pdfString(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[^\x20-\x7e]/g, (c) => (/[\u0300-\u036f]/.test(c) ? '' : '?'))
    .replace(/[()\\]/g, (c) => `\\${c}`);
}
