import { createHash, verify } from 'node:crypto';
import { hashOfSignature, isSignedBy, viewCertificate, type CertificateView } from '../certificate-view.js';
import { OIDS } from '../cms.js';
import { readCms, readTstInfo, type ParsedCms } from '../read-cms.js';
import { findSignatures, rangeDigest, type RawSignature } from './read-signatures.js';

export interface TrustAnchors {
  /** Root certificates (DER) a chain must end in to be trusted: Tijori's CA. */
  roots: Buffer[];
  /** Intermediate certificates a chain may use when the signature does not carry them. */
  intermediates: Buffer[];
  /** When the certificate (by issuer's serial, hex) was revoked, or null. */
  revokedAt(serial: string): Promise<number | null>;
}

export interface SignatureReport {
  /** 1-based, in file order: 1 is the first (oldest) signature. */
  index: number;
  signer: { name: string; organization: string | null; serial: string; issuedBy: string } | null;
  /** What the PDF's signature dictionary claims (ISO 8601). */
  claimedSigningTime: string | null;
  timestamp: { time: string; authority: string; valid: boolean; trusted: boolean } | null;
  format: string | null;
  level: 'PAdES-B-T' | 'PAdES-B-B' | 'other';
  /** The covered bytes hash to what was signed, and the signature value verifies. */
  intact: boolean;
  certificate: { chainsToTijori: boolean; validAtSigningTime: boolean; revoked: boolean; path: string[] };
  coversWholeDocument: boolean;
  /** intact, trusted, valid at signing time and not revoked before it. */
  valid: boolean;
  problem: string | null;
}

export interface PdfSignaturesReport {
  signatures: SignatureReport[];
  /** Bytes after the end of the last signature's range (whitespace aside): a later change. */
  modifiedAfterLastSignature: boolean;
  bytesAfterLastSignature: number;
}

/** Checks every signature of a PDF against Tijori's published CA; never throws on bad input. */
export async function verifyPdfSignatures(pdf: Buffer, trust: TrustAnchors): Promise<PdfSignaturesReport> {
  const raws = findSignatures(pdf);
  const roots = trust.roots.map((r) => viewCertificate(r));
  const known = [...roots, ...trust.intermediates.map((c) => viewCertificate(c))];
  const signatures: SignatureReport[] = [];
  let lastEnd = 0;
  for (const [i, raw] of raws.entries()) {
    const end = raw.byteRange[2] + raw.byteRange[3];
    lastEnd = Math.max(lastEnd, end);
    signatures.push(await verifyOne(pdf, raw, i + 1, roots, known, trust));
  }
  const after = raws.length > 0 ? pdf.subarray(lastEnd) : Buffer.alloc(0);
  return { signatures, modifiedAfterLastSignature: after.toString('latin1').trim().length > 0, bytesAfterLastSignature: after.length };
}

async function verifyOne(
  pdf: Buffer,
  raw: RawSignature,
  index: number,
  roots: CertificateView[],
  known: CertificateView[],
  trust: TrustAnchors,
): Promise<SignatureReport> {
  const coversWholeDocument = raw.byteRange[2] + raw.byteRange[3] === pdf.length;
  const claimed = raw.claimedTime ? pdfDateToIso(raw.claimedTime) : null;
  const base: SignatureReport = {
    index,
    signer: null,
    claimedSigningTime: claimed,
    timestamp: null,
    format: raw.subFilter,
    level: 'other',
    intact: false,
    certificate: { chainsToTijori: false, validAtSigningTime: false, revoked: false, path: [] },
    coversWholeDocument,
    valid: false,
    problem: raw.problem,
  };
  if (raw.problem) return base;
  let cms: ParsedCms;
  try {
    cms = readCms(raw.cms);
  } catch {
    return { ...base, problem: 'its signature value is not a readable CMS structure' };
  }
  const signer = cms.signer;
  if (!signer) return { ...base, problem: 'the signer’s certificate is not in the signature' };
  base.signer = { name: signer.subjectName(), organization: signer.organization(), serial: signer.serialHex, issuedBy: signer.issuerName() };
  const digestMatches = cms.messageDigest !== null && rangeDigest(pdf, raw.byteRange, cms.digestAlgorithm).equals(cms.messageDigest);
  const intact = digestMatches && signatureVerifies(cms, signer);

  const timestamp = cms.timestampToken ? await checkTimestamp(cms.timestampToken, cms.signature, roots, known, trust) : null;
  const at = timestamp?.valid ? Date.parse(timestamp.time) : claimed ? Date.parse(claimed) : Date.now();
  const chain = await checkChain(signer, cms.certificates, roots, known, trust, at);
  const level = raw.subFilter === 'ETSI.CAdES.detached' ? (timestamp?.valid ? 'PAdES-B-T' : 'PAdES-B-B') : 'other';
  const problem = !digestMatches
    ? 'the signed bytes have changed since signing'
    : !intact
      ? 'the signature value does not verify'
      : !chain.chainsToTijori
        ? 'the certificate does not chain to Tijori’s CA'
        : !chain.validAtSigningTime
          ? 'the certificate was not valid at the time of signing'
          : chain.revoked
            ? 'the certificate was revoked before the time of signing'
            : null;
  return { ...base, timestamp, level, intact, certificate: chain, valid: problem === null, problem };
}

function signatureVerifies(cms: ParsedCms, signer: CertificateView): boolean {
  if (!cms.signedAttributes) return false;
  const hash = hashOfSignature(cms.signatureAlgorithm) ?? cms.digestAlgorithm;
  try {
    return verify(hash, cms.signedAttributes, { key: signer.publicKey(), dsaEncoding: 'der' }, cms.signature);
  } catch {
    return false;
  }
}

async function checkChain(
  leaf: CertificateView,
  carried: CertificateView[],
  roots: CertificateView[],
  known: CertificateView[],
  trust: TrustAnchors,
  at: number,
) {
  const path: CertificateView[] = [leaf];
  const isRoot = (c: CertificateView) => roots.some((r) => r.der.equals(c.der));
  let current = leaf;
  let trusted = isRoot(leaf);
  for (let depth = 0; depth < 6 && !trusted; depth++) {
    const parent = [...carried, ...known].find((c) => !c.der.equals(current.der) && c.subject.equals(current.issuer) && isSignedBy(current, c));
    if (!parent) break;
    path.push(parent);
    current = parent;
    trusted = isRoot(parent);
  }
  const validAtSigningTime = path.every((c) => c.notBefore <= at && at <= c.notAfter);
  let revoked = false;
  if (trusted) {
    for (const c of path.slice(0, -1)) {
      const when = await trust.revokedAt(c.serialHex);
      if (when !== null && when <= at) revoked = true;
    }
  }
  return { chainsToTijori: trusted, validAtSigningTime, revoked, path: path.map((c) => c.subjectName()) };
}

async function checkTimestamp(token: Buffer, signatureValue: Buffer, roots: CertificateView[], known: CertificateView[], trust: TrustAnchors) {
  try {
    const ts = readCms(token);
    if (ts.contentType !== OIDS.tstInfo || !ts.content || !ts.signer) return { time: '', authority: '', valid: false, trusted: false };
    const info = readTstInfo(ts.content);
    const imprintHash = IMPRINT_HASHES[info.imprintAlgorithm];
    const imprintOk = imprintHash !== undefined && createHash(imprintHash).update(signatureValue).digest().equals(info.imprint);
    const contentOk = ts.messageDigest !== null && createHash(ts.digestAlgorithm).update(ts.content).digest().equals(ts.messageDigest);
    const valid = imprintOk && contentOk && signatureVerifies(ts, ts.signer);
    const time = info.genTime;
    const chain = await checkChain(ts.signer, ts.certificates, roots, known, trust, time);
    return {
      time: new Date(time).toISOString(),
      authority: ts.signer.subjectName(),
      valid,
      trusted: chain.chainsToTijori && chain.validAtSigningTime && !chain.revoked,
    };
  } catch {
    return { time: '', authority: '', valid: false, trusted: false };
  }
}

const IMPRINT_HASHES: Record<string, string> = {
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

/** D:YYYYMMDDHHmmSS with an optional offset (Z, +05'30') → ISO 8601; null when unreadable. */
export function pdfDateToIso(d: string): string | null {
  const m = /^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(Z|[+-]\d{2}'?\d{2}'?)?/.exec(d);
  if (!m) return null;
  const [, y, mo = '01', da = '01', h = '00', mi = '00', s = '00', tz] = m;
  const zone = !tz || tz === 'Z' ? 'Z' : `${tz.slice(0, 3)}:${tz.replace(/'/g, '').slice(3, 5) || '00'}`;
  const date = new Date(`${y}-${mo}-${da}T${h}:${mi}:${s}${zone}`);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
