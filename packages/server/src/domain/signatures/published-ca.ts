import { toPem } from '../../signatures/x509.js';
import type { DomainDeps } from '../context.js';
import { currentCrl, platformXmlSigner, tijoriCa } from './tijori-ca.js';

export type PublishedFile =
  | 'tijori-root-ca.cer'
  | 'tijori-root-ca.pem'
  | 'tijori-issuing-ca.cer'
  | 'tijori-issuing-ca.pem'
  | 'tijori-root-ca.crl'
  | 'tijori-issuing-ca.crl'
  | 'tijori-xml-signing.cer'
  | 'tijori-xml-signing.pem';

export const PUBLISHED_FILES: PublishedFile[] = [
  'tijori-root-ca.cer',
  'tijori-root-ca.pem',
  'tijori-issuing-ca.cer',
  'tijori-issuing-ca.pem',
  'tijori-root-ca.crl',
  'tijori-issuing-ca.crl',
  'tijori-xml-signing.cer',
  'tijori-xml-signing.pem',
];

/**
 * What Tijori's CA publishes at stable URLs (public, no sign-in): the root a verifier trusts
 * (DER and PEM), the issuing CA, and a fresh CRL of each, signed when asked for.
 */
export async function publishedCaFile(deps: DomainDeps, file: PublishedFile): Promise<{ body: Buffer; mediaType: string }> {
  const ca = await tijoriCa(deps);
  switch (file) {
    case 'tijori-root-ca.cer':
      return { body: ca.root, mediaType: 'application/pkix-cert' };
    case 'tijori-root-ca.pem':
      return { body: Buffer.from(toPem(ca.root)), mediaType: 'application/x-pem-file' };
    case 'tijori-issuing-ca.cer':
      return { body: ca.issuing.certificate, mediaType: 'application/pkix-cert' };
    case 'tijori-issuing-ca.pem':
      return { body: Buffer.from(toPem(ca.issuing.certificate)), mediaType: 'application/x-pem-file' };
    case 'tijori-root-ca.crl':
      return { body: await currentCrl(deps, 'root'), mediaType: 'application/pkix-crl' };
    case 'tijori-issuing-ca.crl':
      return { body: await currentCrl(deps, 'issuing'), mediaType: 'application/pkix-crl' };
    case 'tijori-xml-signing.cer':
      return { body: (await platformXmlSigner(deps)).certificate, mediaType: 'application/pkix-cert' };
    case 'tijori-xml-signing.pem':
      return { body: Buffer.from(toPem((await platformXmlSigner(deps)).certificate)), mediaType: 'application/x-pem-file' };
  }
}
