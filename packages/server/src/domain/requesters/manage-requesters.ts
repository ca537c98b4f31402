import { AppError } from '../../lib/errors.js';
import type { RequesterRow } from '../../repositories/requesters.repository.js';
import type { DomainDeps } from '../context.js';
import { assertOperator, type DirectoryActor } from '../actors.js';
import type { LocalizedText } from '../issuers/localized.js';
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
}

export interface RequesterView extends RequesterInput {
  id: string;
  clientId: string;
  status: 'active' | 'suspended';
  createdAt: string;
}

export function toRequesterView(r: RequesterRow): RequesterView {
  return {
    id: r.id,
    clientId: r.client_id,
    names: r.names,
    purpose: r.purpose,
    redirectUris: r.redirect_uris,
    scopes: r.scopes,
    docTypes: r.doc_types,
    consentDays: r.consent_days,
    status: r.status,
    createdAt: new Date(r.created_at).toISOString(),
  };
}

function assertValid(input: RequesterInput): void {
  input.redirectUris.forEach(assertRegistrableRedirectUri);
  input.scopes.forEach((s, i) => {
    if (!isRequesterScope(s))
      throw new AppError('validation_failed', `Unknown scope "${s}".`, { errors: [{ path: `/body/scopes/${i}`, message: 'is not a known scope' }] });
  });
}

/** Registers a requester; the client secret is returned this once and stored only hashed and sealed. */
export async function registerRequester(deps: DomainDeps, actor: DirectoryActor, input: RequesterInput): Promise<RequesterView & { clientSecret: string }> {
  assertOperator(actor);
  assertValid(input);
  const now = deps.clock.now();
  const clientId = deps.random.bytes(8).toString('hex').toUpperCase();
  const s = newClientSecret(deps.masterKey, clientId);
  const row: RequesterRow = {
    id: deps.ids.uuid(),
    client_id: clientId,
    names: input.names,
    purpose: input.purpose,
    secret_hash: s.hash,
    secret_sealed: s.sealed,
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
  };
  await deps.repos.requesters.insert(row);
  return { ...toRequesterView(row), clientSecret: s.secret };
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
  await deps.repos.requesters.update(row.id, { status, updated_at: now });
  if (status === 'suspended') await deps.repos.consents.revokeForRequester(row.id, now);
  return toRequesterView({ ...row, status, updated_at: now });
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
  const s = newClientSecret(deps.masterKey, row.client_id);
  const now = deps.clock.now();
  const until = options.overlapMinutes ? now + options.overlapMinutes * 60_000 : null;
  await deps.repos.requesters.update(row.id, {
    secret_hash: s.hash,
    secret_sealed: s.sealed,
    previous_secret_hash: until ? row.secret_hash : null,
    previous_secret_sealed: until ? row.secret_sealed : null,
    previous_secret_until: until,
    updated_at: now,
  });
  return { clientId: row.client_id, clientSecret: s.secret, previousValidUntil: until ? new Date(until).toISOString() : null };
}
