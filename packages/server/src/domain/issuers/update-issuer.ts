import { createHash, createPublicKey } from 'node:crypto';
import { keyAlgorithm } from '../../xml/xml-dsig.js';
import { AppError } from '../../lib/errors.js';
import type { DomainDeps } from '../context.js';
import { assertOperator, type DirectoryActor } from '../actors.js';
import { recordAudit } from '../audit/audit-log.js';
import { toIssuerView, type IssuerView } from './issuer-views.js';
import type { LocalizedText } from './localized.js';
import { forgetDirectoryIndex } from './search-directory.js';

export interface UpdateIssuerInput {
  names?: LocalizedText;
  category?: string;
  state?: string | null;
  contactEmail?: string | null;
  contactPhone?: string | null;
  /** `suspended` stops the issuer's API keys, client credentials and pulls at once; documents it issued keep verifying. */
  status?: 'active' | 'suspended';
  pullMode?: 'none' | 'hosted' | 'remote';
  /** The issuer's Pull URI endpoint (remote pull). */
  endpointUrl?: string | null;
  /** PEM public key the issuer signs its certificate XML with (remote pull); null stops the check. */
  certificateKey?: string | null;
}

/** An endpoint URL must be http(s); where it may point (SSRF rules) is checked on every call. */
export function assertEndpointUrl(url: string | null | undefined): void {
  if (url === null || url === undefined) return;
  let protocol = '';
  try {
    protocol = new URL(url).protocol;
  } catch {
    /* reported below */
  }
  if (protocol !== 'https:' && protocol !== 'http:') {
    throw new AppError('validation_failed', 'The endpoint URL must start with https:// (or http:// for an on-premise issuer).', {
      errors: [{ path: '/body/endpointUrl', message: 'must be an http(s) URL' }],
    });
  }
}

/** An endpoint URL as the audit log keeps it: no user, password or query, where a credential could hide. */
export function endpointForAudit(url: string | null): string | null {
  if (url === null) return null;
  const u = new URL(url);
  u.username = '';
  u.password = '';
  u.search = '';
  return u.toString();
}

const badKey = (message: string) => new AppError('validation_failed', message, { errors: [{ path: '/body/certificateKey', message }] });

/**
 * The issuer's certificate-signing public key in the one form it is stored in (SPKI PEM), or an
 * error that says what is wrong with what was pasted. Private keys are refused, never stored.
 */
export function normalizeCertificateKey(pem: string): string {
  if (/PRIVATE KEY/.test(pem))
    throw badKey('This is a private key. Give the issuer’s public key (BEGIN PUBLIC KEY) or its certificate; the private key must stay with the issuer.');
  let key;
  try {
    key = createPublicKey(pem);
  } catch {
    throw badKey('This is not a PEM public key or certificate.');
  }
  try {
    keyAlgorithm(key);
  } catch {
    throw badKey('XML signatures need a P-256 EC key or an RSA key of at least 2048 bits.');
  }
  return key.export({ type: 'spki', format: 'pem' }).toString();
}

/**
 * A public key as the audit log names it: `sha256:` and the hex SHA-256 of its DER SubjectPublicKeyInfo,
 * what `openssl pkey -pubin -outform DER | sha256sum` prints for the PEM (or, for a certificate,
 * `openssl x509 -pubkey -noout | openssl pkey -pubin -outform DER | sha256sum`).
 */
export function keyFingerprint(spkiPem: string): string {
  const der = createPublicKey(spkiPem).export({ type: 'spki', format: 'der' });
  return `sha256:${createHash('sha256').update(der).digest('hex')}`;
}

/**
 * Changes an issuer's directory entry: names, contacts, suspension, how it is pulled from.
 * Operators only. The org id never changes: it is part of every URI the issuer has issued.
 */
export async function updateIssuer(deps: DomainDeps, actor: DirectoryActor, orgId: string, input: UpdateIssuerInput): Promise<IssuerView> {
  assertOperator(actor);
  const issuer = await deps.repos.issuers.findByOrgId(orgId);
  if (!issuer) throw new AppError('issuer_not_found', `No issuer with org id ${orgId} is registered.`);
  assertEndpointUrl(input.endpointUrl);
  const certificateKey = input.certificateKey ? normalizeCertificateKey(input.certificateKey) : input.certificateKey;
  const pullMode = input.pullMode ?? issuer.pull_mode;
  const endpointUrl = input.endpointUrl === undefined ? issuer.repository_url : input.endpointUrl;
  if (pullMode === 'remote' && !endpointUrl) {
    throw new AppError('validation_failed', 'A remote-pull issuer needs its Pull URI endpoint URL.', {
      errors: [{ path: '/body/endpointUrl', message: 'is required for remote pull' }],
    });
  }
  const changesStatus = input.status !== undefined && input.status !== issuer.status;
  await deps.transaction(async (repos) => {
    await repos.issuers.update(issuer.id, {
      ...(input.names !== undefined ? { names: input.names } : {}),
      ...(input.category !== undefined ? { category: input.category } : {}),
      ...(input.state !== undefined ? { state: input.state } : {}),
      ...(input.contactEmail !== undefined ? { contact_email: input.contactEmail } : {}),
      ...(input.contactPhone !== undefined ? { contact_phone: input.contactPhone } : {}),
      ...(input.status !== undefined ? { status: input.status } : {}),
      pull_mode: pullMode,
      repository_url: endpointUrl,
      ...(certificateKey !== undefined ? { certificate_key: certificateKey } : {}),
      updated_at: deps.clock.now(),
    });
    // Which fields were sent, and the new values that decide how it is reached; a suspension or
    // reinstatement is its own action. The certificate key is public, but long: the fingerprints of
    // the key it replaced and of the new one (null: none), so a changed key can be told apart.
    await recordAudit({ ...deps, repos }, actor, changesStatus ? (input.status === 'suspended' ? 'issuer.suspended' : 'issuer.reinstated') : 'issuer.updated', {
      issuerId: issuer.id,
      target: issuer.org_id,
      details: {
        changed: Object.keys(input).filter((k) => input[k as keyof UpdateIssuerInput] !== undefined),
        ...(input.status !== undefined ? { status: input.status } : {}),
        ...(input.pullMode !== undefined ? { pullMode } : {}),
        ...(input.endpointUrl !== undefined ? { endpointUrl: endpointForAudit(endpointUrl) } : {}),
        ...(certificateKey !== undefined ? { certificateKey: { from: fingerprintOrNull(issuer.certificate_key), to: fingerprintOrNull(certificateKey) } } : {}),
      },
    });
  });
  forgetDirectoryIndex(deps);
  return toIssuerView((await deps.repos.issuers.findById(issuer.id))!);
}

function fingerprintOrNull(pem: string | null): string | null {
  return pem === null ? null : keyFingerprint(pem);
}

/** What an operator needs to change how an issuer is reached; not part of the public directory entry. */
export interface IssuerSettings {
  orgId: string;
  status: string;
  pullMode: string;
  /** The issuer's Pull URI endpoint (remote pull), or null. */
  endpointUrl: string | null;
  /** The public key its certificate XML must be signed with (SPKI PEM), or null: not checked. */
  certificateKey: string | null;
}

/** Operators only: the endpoint's address stays out of the public directory. */
export async function getIssuerSettings(deps: DomainDeps, actor: DirectoryActor, orgId: string): Promise<IssuerSettings> {
  assertOperator(actor);
  const issuer = await deps.repos.issuers.findByOrgId(orgId);
  if (!issuer) throw new AppError('issuer_not_found', `No issuer with org id ${orgId} is registered.`);
  return {
    orgId: issuer.org_id,
    status: issuer.status,
    pullMode: issuer.pull_mode,
    endpointUrl: issuer.repository_url,
    certificateKey: issuer.certificate_key,
  };
}
