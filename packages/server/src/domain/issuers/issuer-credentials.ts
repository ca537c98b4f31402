import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { MasterKey } from '../../crypto/master-key.js';
import { sha256Hex } from '../../crypto/secrets.js';
import { AppError } from '../../lib/errors.js';
import type { CredentialRow } from '../../repositories/issuers.repository.js';
import type { DomainDeps } from '../context.js';
import { actorRef, assertActsFor, assertNotMachine, assertOperator, type DirectoryActor, type IssuerActor } from '../actors.js';
import { findIssuer } from './find-issuer.js';
import { recordAudit } from '../audit/audit-log.js';

const SEAL_PURPOSE = 'issuer-client-secrets/v1';

export interface NewCredential {
  id: string;
  kind: 'api_key' | 'digilocker';
  clientId: string;
  /** Shown once. For api_key: the whole bearer token. */
  secret: string;
}

/**
 * API credentials for an issuer. Native API keys are random 256-bit tokens stored only as
 * SHA-256. DigiLocker client secrets must be known to check keyhash and HMAC, so they are kept
 * sealed under the master key instead.
 */
export async function createIssuerCredential(
  deps: DomainDeps,
  actor: DirectoryActor,
  orgId: string,
  input: { kind: 'api_key' | 'digilocker'; label: string },
): Promise<NewCredential> {
  const issuer = await findIssuer(deps, orgId);
  assertActsFor(actor, issuer.id);
  assertNotMachine(actor);
  const id = deps.ids.uuid();
  const now = deps.clock.now();
  const by = actorRef(actor);
  const api = input.kind === 'api_key';
  const clientId = api ? `tjk_${deps.random.bytes(9).toString('base64url')}` : deps.random.bytes(8).toString('hex').toUpperCase();
  const secret = api ? deps.random.bytes(32).toString('base64url') : deps.random.bytes(24).toString('hex');
  await deps.transaction(async (repos) => {
    await repos.issuers.insertCredential({
      id,
      issuer_id: issuer.id,
      kind: input.kind,
      client_id: clientId,
      // An API key is checked against its hash; a DigiLocker secret is needed again for HMACs.
      secret_hash: api ? sha256Hex(secret) : null,
      secret_sealed: api ? null : sealSecret(deps.masterKey, clientId, secret),
      label: input.label,
      created_at: now,
      revoked_at: null,
      created_by: `${by.kind}:${by.id}`,
    });
    await recordAudit({ ...deps, repos }, actor, 'credential.created', {
      issuerId: issuer.id,
      target: id,
      details: { kind: input.kind, clientId, label: input.label },
    });
  });
  return { id, kind: input.kind, clientId, secret: api ? `${clientId}.${secret}` : secret };
}

/** Resolves a native API key (`<clientId>.<secret>`) to the issuer it acts for. */
export async function authenticateIssuerApiKey(deps: DomainDeps, token: string): Promise<IssuerActor> {
  const [clientId, secret] = token.split('.');
  const cred = clientId && secret ? await deps.repos.issuers.findCredentialByClientId(clientId) : undefined;
  if (!cred || cred.kind !== 'api_key' || !cred.secret_hash || sha256Hex(secret!) !== cred.secret_hash) {
    throw new AppError('unauthenticated', 'The API key is not valid.');
  }
  const issuer = await deps.repos.issuers.findById(cred.issuer_id);
  if (!issuer || issuer.status !== 'active') throw new AppError('forbidden', 'This issuer is suspended.');
  await deps.repos.issuers.touchCredential(cred.id, deps.clock.now());
  return { kind: 'issuer', issuerId: issuer.id, via: 'api_key', principalId: cred.id };
}

export interface CredentialView {
  id: string;
  kind: 'api_key' | 'digilocker';
  clientId: string;
  label: string;
  createdAt: string;
  /** "staff:<id>" or "api_key:<id>"; null for credentials made before this was recorded. */
  createdBy: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  /** DigiLocker clients only: pushes are accepted on keyhash alone, without x-digilocker-hmac. */
  legacyKeyhashOnly: boolean;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function credentialView(c: CredentialRow): CredentialView {
  return {
    id: c.id,
    kind: c.kind,
    clientId: c.client_id,
    label: c.label,
    createdAt: new Date(c.created_at).toISOString(),
    createdBy: c.created_by,
    lastUsedAt: iso(c.last_used_at),
    revokedAt: iso(c.revoked_at),
    legacyKeyhashOnly: c.kind === 'digilocker' && c.legacy_keyhash === 1,
  };
}

/** The issuer's API keys and DigiLocker clients, revoked ones included (never a secret). */
export async function listIssuerCredentials(deps: DomainDeps, actor: DirectoryActor, orgId: string): Promise<CredentialView[]> {
  const issuer = await findIssuer(deps, orgId);
  assertActsFor(actor, issuer.id);
  return (await deps.repos.issuers.listCredentials(issuer.id)).map(credentialView);
}

/** Revokes a credential at once: the next request made with it is refused. */
export async function revokeIssuerCredential(deps: DomainDeps, actor: DirectoryActor, orgId: string, id: string): Promise<CredentialView> {
  const issuer = await findIssuer(deps, orgId);
  assertActsFor(actor, issuer.id);
  assertNotMachine(actor);
  const cred = await deps.repos.issuers.findCredential(issuer.id, id);
  if (!cred) throw new AppError('not_found', 'No such credential.');
  if (cred.revoked_at === null)
    await deps.transaction(async (repos) => {
      if (!(await repos.issuers.revokeCredential(issuer.id, id, deps.clock.now()))) return;
      await recordAudit({ ...deps, repos }, actor, 'credential.revoked', {
        issuerId: issuer.id,
        target: id,
        details: { kind: cred.kind, clientId: cred.client_id, label: cred.label },
      });
    });
  return credentialView((await deps.repos.issuers.findCredential(issuer.id, id))!);
}

/**
 * Marks a DigiLocker client "legacy" (pushes accepted on keyhash alone) or back. Operators
 * only: such a client's captured message is a bearer credential for its 30-minute window,
 * usable with any body and txn.
 */
export async function setCredentialLegacy(deps: DomainDeps, actor: DirectoryActor, orgId: string, id: string, legacy: boolean): Promise<CredentialView> {
  assertOperator(actor);
  const issuer = await findIssuer(deps, orgId);
  const cred = await deps.repos.issuers.findCredential(issuer.id, id);
  if (!cred) throw new AppError('not_found', 'No such credential.');
  if (cred.kind !== 'digilocker')
    throw new AppError('validation_failed', 'Only a DigiLocker client can be marked legacy.', {
      errors: [{ path: '/body/legacyKeyhashOnly', message: 'applies to DigiLocker clients only' }],
    });
  await deps.transaction(async (repos) => {
    await repos.issuers.setCredentialLegacy(issuer.id, id, legacy);
    await recordAudit({ ...deps, repos }, actor, 'credential.legacy_changed', {
      issuerId: issuer.id,
      target: id,
      details: { legacyKeyhashOnly: legacy, clientId: cred.client_id },
    });
  });
  return credentialView((await deps.repos.issuers.findCredential(issuer.id, id))!);
}

/** The DigiLocker-protocol secret of a client id, for checking keyhash / HMAC. */
export async function digilockerSecret(deps: DomainDeps, clientId: string): Promise<{ issuerId: string; credentialId: string; secret: string } | undefined> {
  const cred = await deps.repos.issuers.findCredentialByClientId(clientId);
  if (!cred || cred.kind !== 'digilocker' || !cred.secret_sealed) return undefined;
  return { issuerId: cred.issuer_id, credentialId: cred.id, secret: openSecret(deps.masterKey, clientId, Buffer.from(cred.secret_sealed)) };
}

function sealSecret(master: MasterKey, clientId: string, secret: string): Buffer {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', master.derive(SEAL_PURPOSE), iv);
  c.setAAD(Buffer.from(clientId));
  return Buffer.concat([iv, c.update(secret, 'utf8'), c.final(), c.getAuthTag()]);
}

function openSecret(master: MasterKey, clientId: string, sealed: Buffer): string {
  const d = createDecipheriv('aes-256-gcm', master.derive(SEAL_PURPOSE), sealed.subarray(0, 12));
  d.setAAD(Buffer.from(clientId));
  d.setAuthTag(sealed.subarray(sealed.length - 16));
  return Buffer.concat([d.update(sealed.subarray(12, sealed.length - 16)), d.final()]).toString('utf8');
}
