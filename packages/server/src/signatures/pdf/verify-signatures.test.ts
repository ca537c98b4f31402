import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { standInTsa } from '../tsa/standin-tsa.js';
import { issueCertificate } from '../x509.js';
import { cadesWithTimestamp, signPdf } from './sign-pdf.js';
import { renderStampPdf } from './stamp.js';
import { verifyPdfSignatures, type TrustAnchors } from './verify-signatures.js';

const fixture = readFileSync(new URL('../../../test/signatures/fixtures/two-page-letter.pdf', import.meta.url));
const key = () => generateKeyPairSync('ec', { namedCurve: 'P-256' });
const now = Date.now();
const span = { notBefore: new Date(now - 60_000), notAfter: new Date(now + 86_400_000) };

function ca(name: string) {
  const root = key();
  const issuing = key();
  const rootCert = issueCertificate({
    serial: randomBytes(16),
    subject: { CN: `${name} Root` },
    publicKey: root.publicKey,
    ...span,
    profile: { kind: 'root' },
    selfKey: root.privateKey,
  });
  const issuingCert = issueCertificate({
    serial: randomBytes(16),
    subject: { CN: `${name} CA` },
    publicKey: issuing.publicKey,
    ...span,
    profile: { kind: 'issuing-ca' },
    issuer: { certificate: rootCert, key: root.privateKey },
  });
  const leaf = (cn: string) => {
    const k = key();
    return {
      certificate: issueCertificate({
        serial: randomBytes(16),
        subject: { CN: cn },
        publicKey: k.publicKey,
        ...span,
        profile: { kind: 'document-signing' },
        issuer: { certificate: issuingCert, key: issuing.privateKey },
      }),
      key: k.privateKey,
      chain: [issuingCert],
    };
  };
  const tsaKey = key();
  const tsaCert = issueCertificate({
    serial: randomBytes(16),
    subject: { CN: `${name} TSA` },
    publicKey: tsaKey.publicKey,
    ...span,
    profile: { kind: 'tsa' },
    issuer: { certificate: issuingCert, key: issuing.privateKey },
  });
  const tsa = standInTsa(
    async () => ({ certificate: tsaCert, key: tsaKey.privateKey, chain: [issuingCert] }),
    () => Date.now(),
  );
  const trust: TrustAnchors = { roots: [rootCert], intermediates: [], revokedAt: async () => null };
  return { leaf, tsa, trust };
}

describe('verifyPdfSignatures', () => {
  const tijori = ca('Tijori');
  const other = ca('Elsewhere');
  let signed: Buffer;
  beforeAll(async () => {
    const appearance = await renderStampPdf({ width: 200, height: 40, lines: ['Digitally signed by Asha'] });
    signed = await signPdf(fixture, {
      placement: { page: 1, x: 300, y: 40, width: 200, height: 40 },
      appearance,
      dictionary: { name: 'Asha', reason: 'test', signingTime: new Date() },
      cms: cadesWithTimestamp(tijori.leaf('Asha'), tijori.tsa),
    });
  });

  it('accepts a signature chaining to the trusted root, and not one from another CA', async () => {
    const ok = await verifyPdfSignatures(signed, tijori.trust);
    expect(ok.signatures[0]).toMatchObject({
      valid: true,
      level: 'PAdES-B-T',
      signer: { name: 'Asha' },
      certificate: { path: ['Asha', 'Tijori CA', 'Tijori Root'] },
    });
    const foreign = await verifyPdfSignatures(signed, other.trust);
    expect(foreign.signatures[0]).toMatchObject({
      intact: true,
      valid: false,
      certificate: { chainsToTijori: false },
      timestamp: { valid: true, trusted: false },
    });
  });

  it('reports a certificate revoked before the signature', async () => {
    const revoked = await verifyPdfSignatures(signed, { ...tijori.trust, revokedAt: async () => now - 1000 });
    expect(revoked.signatures[0]).toMatchObject({ valid: false, certificate: { revoked: true } });
  });

  it('never throws on damaged input: truncated, garbage /Contents, ranges past the end', async () => {
    const text = signed.toString('latin1');
    const at = text.lastIndexOf('/Contents <') + 11;
    const cases = [
      signed.subarray(0, signed.length - 500),
      signed.subarray(0, at + 100),
      Buffer.from(text.slice(0, at) + 'ZZ' + text.slice(at + 2), 'latin1'),
      Buffer.from(text.slice(0, at) + '30800000' + text.slice(at + 8), 'latin1'),
      Buffer.from(
        text.replace(/\/ByteRange \[0 (\d+)/, (_m, b: string) => `/ByteRange [0 ${String(Number(b) + 5).padEnd(b.length)}`),
        'latin1',
      ),
      Buffer.from('%PDF-1.7\n/ByteRange [0 10 20 999999999] /Contents <3082>\n%%EOF'),
    ];
    for (const pdf of cases) {
      const report = await verifyPdfSignatures(pdf, tijori.trust);
      for (const s of report.signatures) expect(s.valid).toBe(false);
    }
  });
});
