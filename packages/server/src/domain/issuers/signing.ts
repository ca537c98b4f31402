import type { KeyObject } from 'node:crypto';
import { generateSigningKey, openPrivateKey, type SigningAlg } from '../../crypto/signing-keys.js';
import { AppError } from '../../lib/errors.js';
import type { SigningKeyRow } from '../../repositories/issuers.repository.js';
import type { DomainDeps } from '../context.js';
import { assertActsFor, assertNotMachine, type DirectoryActor } from '../actors.js';
import { findIssuer } from './find-issuer.js';
import { recordAudit } from '../audit/audit-log.js';

export interface ActiveSigner {
  kid: string;
  alg: SigningAlg;
  key: KeyObject;
}

/** Unsealed private keys, cached per process: bulk issuance signs millions with one key. */
const cache = new Map<string, ActiveSigner>();

export async function activeSigner(deps: DomainDeps, issuerId: string): Promise<ActiveSigner> {
  const row = await deps.repos.issuers.activeSigningKey(issuerId);
  if (!row) throw new AppError('conflict', 'This issuer has no active signing key.');
  return unseal(deps, row);
}

/** The key with this id, retired or not (it signs QR tokens for what it signed before). */
export async function signerByKid(deps: DomainDeps, kid: string): Promise<ActiveSigner> {
  const row = await deps.repos.issuers.findSigningKey(kid);
  if (!row) throw new AppError('conflict', 'Signing key not found.');
  return unseal(deps, row);
}

function unseal(deps: DomainDeps, row: SigningKeyRow): ActiveSigner {
  let signer = cache.get(row.kid);
  if (!signer) {
    signer = { kid: row.kid, alg: row.alg, key: openPrivateKey(deps.masterKey, row.kid, Buffer.from(row.private_sealed)) };
    if (cache.size > 1000) cache.clear();
    cache.set(row.kid, signer);
  }
  return signer;
}

/**
 * Rotates the issuer's signing key: a new key signs from now on; the old one is retired but
 * stays published, so everything it signed keeps verifying.
 */
export async function rotateSigningKey(
  deps: DomainDeps,
  actor: DirectoryActor,
  orgId: string,
  alg: SigningAlg = 'EdDSA',
): Promise<{ kid: string; alg: SigningAlg }> {
  const issuer = await findIssuer(deps, orgId);
  assertActsFor(actor, issuer.id);
  assertNotMachine(actor);
  const key = generateSigningKey(deps.masterKey, alg);
  const now = deps.clock.now();
  await deps.transaction(async (repos) => {
    await repos.issuers.retireSigningKeys(issuer.id, now);
    await repos.issuers.insertSigningKey({
      kid: key.kid,
      issuer_id: issuer.id,
      alg,
      public_jwk: key.publicJwk,
      private_sealed: key.privateSealed,
      status: 'active',
      created_at: now,
      retired_at: null,
    });
    await recordAudit({ ...deps, repos }, actor, 'signing_key.rotated', { issuerId: issuer.id, target: key.kid, details: { alg } });
  });
  return { kid: key.kid, alg };
}
