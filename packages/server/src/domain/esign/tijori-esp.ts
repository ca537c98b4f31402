import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { cadesWithTimestamp } from '../../signatures/pdf/sign-pdf.js';
import { viewCertificate } from '../../signatures/certificate-view.js';
import { issueCertificate } from '../../signatures/x509.js';
import type { DomainDeps } from '../context.js';
import { pkiUrls, tijoriCa, timestampAuthority } from '../signatures/tijori-ca.js';
import type { EsignServiceProvider } from './esign-provider.js';

/** A one-time certificate lives long enough to sign once; the timestamp proves when it did. */
const ONE_TIME_LIFETIME = 24 * 60 * 60 * 1000;

/**
 * Tijori's stand-in eSign Service Provider: a fresh P-256 key per signature, a certificate for
 * it from Tijori's issuing CA in the signer's e-KYC name, the CMS, and then the key is dropped
 * (never stored). The certificate is recorded so it can be listed and revoked.
 */
export function tijoriEsp(deps: DomainDeps): EsignServiceProvider {
  return {
    async sign({ digest, signer }) {
      const ca = await tijoriCa(deps);
      const now = deps.clock.now();
      const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const urls = pkiUrls(deps.publicUrl);
      const certificate = issueCertificate({
        serial: randomBytes(16),
        subject: { C: 'IN', O: 'Tijori eSign (Aadhaar e-KYC)', CN: signer.name },
        publicKey,
        notBefore: new Date(now - 60_000),
        notAfter: new Date(now + ONE_TIME_LIFETIME),
        profile: { kind: 'document-signing' },
        issuer: ca.issuing,
        issuerUrls: { certificate: urls.issuingCertificate, crl: urls.issuingCrl, ocsp: urls.ocsp },
      });
      const serial = viewCertificate(certificate).serialHex;
      await deps.repos.pki.insertCertificate({
        serial,
        purpose: 'esign',
        issuer_id: null,
        resident_id: signer.residentId,
        subject: signer.name,
        certificate,
        private_sealed: null,
        created_at: now,
        not_after: now + ONE_TIME_LIFETIME,
        revoked_at: null,
      });
      const cms = await cadesWithTimestamp({ certificate, key: privateKey, chain: [ca.issuing.certificate] }, timestampAuthority(deps))(digest);
      return { cms, certificateSerial: serial };
    },
  };
}
