import { AppError } from '../../lib/errors.js';
import type { RequesterPublicJwk, RequesterRow } from '../../repositories/requesters.repository.js';
import type { DomainDeps } from '../context.js';
import { assertOperator, type DirectoryActor } from '../actors.js';
import { recordAudit } from '../audit/audit-log.js';
import type { LocalizedText } from '../issuers/localized.js';
import { normalizePublicJwk } from './client-assertion.js';
import { requesterLogoPath } from './requester-logo.js';
import { newClientSecret } from './requester-secret.js';
import { assertRegistrableRedirectUri } from './redirect-uris.js';
import { isRequesterScope } from './scopes.js';

export interface RequesterInput {
  names: LocalizedText;
  purpose: LocalizedText;
  redirectUris: string[];
  scopes: string[];
  /** Document types it may ask for, as `<org id>-<code>` or a bare code; empty: any. */
  docTypes: string[];
  consentDays: number;
  /** Register a public key for `private_key_jwt` instead of getting a client secret. */
  publicJwk?: Record<string, unknown>;
  /** Let it name the resident's mobile (`verified_mobile`) on an authorisation request; off unless set. */
  trustVerifiedMobile?: boolean;
}

export interface RequesterView extends Omit<RequesterInput, 'publicJwk' | 'trustVerifiedMobile'> {
  trustVerifiedMobile: boolean;
  id: string;
  clientId: string;
  /** How it authenticates at the token endpoint. */
  authMethod: 'client_secret' | 'private_key_jwt';
  /** Its registered public key (`private_key_jwt` only). */
  publicJwk?: RequesterPublicJwk;
  status: 'active' | 'suspended';
  createdAt: string;
  /** Its logo's public URL (a path on this server); null without one. */
  logoUrl: string | null;
}

export function toRequesterView(r: RequesterRow): RequesterView {
  return {
    id: r.id,
    clientId: r.client_id,
    authMethod: r.public_jwk ? 'private_key_jwt' : 'client_secret',
    ...(r.public_jwk ? { publicJwk: r.public_jwk } : {}),
    names: r.names,
    purpose: r.purpose,
    redirectUris: r.redirect_uris,
    scopes: r.scopes,
    docTypes: r.doc_types,
    consentDays: r.consent_days,
    trustVerifiedMobile: r.trust_verified_mobile === 1,
    status: r.status,
    createdAt: new Date(r.created_at).toISOString(),
    logoUrl: requesterLogoPath(r.logo_sha256),
  };
}

function assertValid(input: RequesterInput): void {
  input.redirectUris.forEach(assertRegistrableRedirectUri);
  input.scopes.forEach((s, i) => {
    if (!isRequesterScope(s))
      throw new AppError('validation_failed', `Unknown scope "${s}".`, { errors: [{ path: `/body/scopes/${i}`, message: 'is not a known scope' }] });
  });
}

/**
 * Registers a requester. With a public key it authenticates by `private_key_jwt` and has no
 * secret; otherwise the client secret is returned this once and stored only hashed and sealed.
 */
export async function registerRequester(deps: DomainDeps, actor: DirectoryActor, input: RequesterInput): Promise<RequesterView & { clientSecret?: string }> {
  assertOperator(actor);
  assertValid(input);
  const publicJwk = input.publicJwk ? await normalizePublicJwk(input.publicJwk) : null;
  const now = deps.clock.now();
  const clientId = deps.random.bytes(8).toString('hex').toUpperCase();
  const s = publicJwk ? null : newClientSecret(deps.masterKey, clientId);
  const row: RequesterRow = {
    id: deps.ids.uuid(),
    client_id: clientId,
    names: input.names,
    purpose: input.purpose,
    // A key client has no secret: an empty hash matches no presented secret, and nothing is sealed.
    secret_hash: s?.hash ?? '',
    secret_sealed: s?.sealed ?? Buffer.alloc(0),
    previous_secret_hash: null,
    previous_secret_sealed: null,
    previous_secret_until: null,
    redirect_uris: input.redirectUris,
    scopes: input.scopes,
    doc_types: input.docTypes,
    consent_days: input.consentDays,
    status: 'active',
    created_at: now,
    updated_at: now,
    public_jwk: publicJwk,
    logo_sha256: null,
    trust_verified_mobile: input.trustVerifiedMobile ? 1 : 0,
  };
  await deps.transaction(async (repos) => {
    await repos.requesters.insert(row);
    await recordAudit({ ...deps, repos }, actor, 'requester.registered', {
      target: clientId,
      details: { authMethod: publicJwk ? 'private_key_jwt' : 'client_secret', scopes: input.scopes, docTypes: input.docTypes, consentDays: input.consentDays },
    });
  });
  return s ? { ...toRequesterView(row), clientSecret: s.secret } : toRequesterView(row);
}

export async function listRequesters(deps: DomainDeps, actor: DirectoryActor): Promise<RequesterView[]> {
  assertOperator(actor);
  return (await deps.repos.requesters.list()).map(toRequesterView);
}

async function found(deps: DomainDeps, clientId: string): Promise<RequesterRow> {
  const row = await deps.repos.requesters.findByClientId(clientId);
  if (!row) throw new AppError('not_found', 'No requester has that client id.');
  return row;
}

/** Suspends (every token stops at once: token checks join the requester's status) or resumes. */
export async function setRequesterStatus(deps: DomainDeps, actor: DirectoryActor, clientId: string, status: 'active' | 'suspended'): Promise<RequesterView> {
  assertOperator(actor);
  const row = await found(deps, clientId);
  const now = deps.clock.now();
  await deps.transaction(async (repos) => {
    await repos.requesters.update(row.id, { status, updated_at: now });
    const tokensRevoked = status === 'suspended' ? await repos.consents.revokeForRequester(row.id, now) : 0;
    await recordAudit({ ...deps, repos }, actor, status === 'suspended' ? 'requester.suspended' : 'requester.resumed', {
      target: row.client_id,
      details: status === 'suspended' ? { tokensRevoked } : {},
    });
  });
  return toRequesterView({ ...row, status, updated_at: now });
}

/**
 * Whether the requester may name the resident's mobile (`verified_mobile`) on an authorisation
 * request. Trusted, the portal's sign-in is fixed to that number (the OTP is still asked) and
 * only that resident can answer; untrusted, the parameter is ignored.
 */
export async function setVerifiedMobileTrust(deps: DomainDeps, actor: DirectoryActor, clientId: string, trusted: boolean): Promise<RequesterView> {
  assertOperator(actor);
  const row = await found(deps, clientId);
  const now = deps.clock.now();
  const trust_verified_mobile = trusted ? 1 : 0;
  await deps.transaction(async (repos) => {
    await repos.requesters.update(row.id, { trust_verified_mobile, updated_at: now });
    await recordAudit({ ...deps, repos }, actor, 'requester.mobile_trust_changed', { target: row.client_id, details: { trusted } });
  });
  return toRequesterView({ ...row, trust_verified_mobile, updated_at: now });
}

/**
 * A new secret, shown once. The old one stops now, or keeps working for `overlapMinutes` so the
 * requester can deploy the new one without an outage (at most one previous secret is kept).
 */
export async function rotateRequesterSecret(
  deps: DomainDeps,
  actor: DirectoryActor,
  clientId: string,
  options: { overlapMinutes?: number } = {},
): Promise<{ clientId: string; clientSecret: string; previousValidUntil: string | null }> {
  assertOperator(actor);
  const row = await found(deps, clientId);
  if (row.public_jwk) throw new AppError('conflict', 'This requester authenticates with a public key (private_key_jwt); it has no secret to rotate.');
  const s = newClientSecret(deps.masterKey, row.client_id);
  const now = deps.clock.now();
  const until = options.overlapMinutes ? now + options.overlapMinutes * 60_000 : null;
  await deps.transaction(async (repos) => {
    await repos.requesters.update(row.id, {
      secret_hash: s.hash,
      secret_sealed: s.sealed,
      previous_secret_hash: until ? row.secret_hash : null,
      previous_secret_sealed: until ? row.secret_sealed : null,
      previous_secret_until: until,
      updated_at: now,
    });
    // When the old secret stops; never either secret.
    await recordAudit({ ...deps, repos }, actor, 'requester.secret_rotated', {
      target: row.client_id,
      details: { previousValidUntil: until ? new Date(until).toISOString() : null },
    });
  });
  return { clientId: row.client_id, clientSecret: s.secret, previousValidUntil: until ? new Date(until).toISOString() : null };
}
