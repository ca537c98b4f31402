import { createHash } from 'node:crypto';
import type { DocumentField } from '../issuers/localized.js';
import type { IssuerRow } from '../../repositories/issuers.repository.js';
import type { DomainDeps } from '../context.js';
import type { CertificateDetails, IssuerEndpoint } from '../issuer-protocol.js';
import { digilockerSecret } from '../issuers/issuer-credentials.js';

/** Where and with which secret an issuer's own Pull URI endpoint is called; null when it is not configured. */
export async function issuerEndpoint(deps: DomainDeps, issuer: IssuerRow): Promise<IssuerEndpoint | null> {
  const credentials = await deps.repos.issuers.listCredentials(issuer.id);
  const client = credentials.find((c) => c.kind === 'digilocker' && c.revoked_at === null);
  if (!issuer.repository_url || !client) return null;
  const secret = (await digilockerSecret(deps, client.client_id))!.secret;
  return { url: issuer.repository_url, orgId: issuer.org_id, secret, certificateKey: issuer.certificate_key };
}

/** Only the fields the document type declares are taken from an issuer's certificate. */
export function declaredFields(declared: DocumentField[], certificate: CertificateDetails | undefined): Record<string, string> {
  return Object.fromEntries(declared.flatMap((f) => (certificate && Object.hasOwn(certificate.fields, f.key) ? [[f.key, certificate.fields[f.key]!]] : [])));
}

/** `UID` as the reference defines it: hex SHA-256 of the Aadhaar number, never the number. */
export function uidHash(aadhaar: string): string {
  return createHash('sha256').update(aadhaar, 'utf8').digest('hex');
}
