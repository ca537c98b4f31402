import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { MasterKey } from '../../crypto/master-key.js';
import { equalHex, sha256Hex } from '../../crypto/secrets.js';
import { AppError } from '../../lib/errors.js';
import type { RequesterRow } from '../../repositories/requesters.repository.js';
import type { DomainDeps } from '../context.js';

const SEAL_PURPOSE = 'requester-client-secrets/v1';

/** A fresh 192-bit client secret with its stored forms: a hash (token endpoint) and a sealed copy (HMAC meta APIs). */
export function newClientSecret(master: MasterKey, clientId: string): { secret: string; hash: string; sealed: Buffer } {
  const secret = randomBytes(24).toString('hex');
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', master.derive(SEAL_PURPOSE), iv);
  c.setAAD(Buffer.from(clientId));
  return { secret, hash: sha256Hex(secret), sealed: Buffer.concat([iv, c.update(secret, 'utf8'), c.final(), c.getAuthTag()]) };
}

function openSealed(master: MasterKey, clientId: string, sealedBytes: Buffer): string {
  const sealed = Buffer.from(sealedBytes);
  const d = createDecipheriv('aes-256-gcm', master.derive(SEAL_PURPOSE), sealed.subarray(0, 12));
  d.setAAD(Buffer.from(clientId));
  d.setAuthTag(sealed.subarray(sealed.length - 16));
  return Buffer.concat([d.update(sealed.subarray(12, sealed.length - 16)), d.final()]).toString('utf8');
}

/** The secrets that work now: the current one, and the previous one during a rotation's overlap. */
export function liveClientSecrets(master: MasterKey, row: RequesterRow, now: number): string[] {
  if (row.public_jwk)
    throw new AppError('invalid_client_id', 'This client authenticates with private_key_jwt and has no client secret to compute an HMAC with.');
  const current = openSealed(master, row.client_id, row.secret_sealed);
  const previous =
    row.previous_secret_sealed && row.previous_secret_until !== null && row.previous_secret_until > now
      ? [openSealed(master, row.client_id, row.previous_secret_sealed)]
      : [];
  return [current, ...previous];
}

/** The requester whose client id and secret these are, and active; otherwise `invalid_client`. */
export async function authenticateClient(deps: DomainDeps, clientId: string | undefined, secret: string | undefined): Promise<RequesterRow> {
  const row = clientId ? await deps.repos.requesters.findByClientId(clientId) : undefined;
  const presented = sha256Hex(secret ?? '');
  const previousLive = row?.previous_secret_hash && row.previous_secret_until !== null && row.previous_secret_until > deps.clock.now();
  const right = !!row && !!secret && (equalHex(presented, row.secret_hash) || (!!previousLive && equalHex(presented, row.previous_secret_hash!)));
  if (row?.public_jwk)
    throw new AppError('invalid_client', 'This client is registered with a public key: authenticate with private_key_jwt (client_assertion).');
  if (!row || !right) throw new AppError('invalid_client', 'The client id or secret is not right.');
  if (row.status !== 'active') throw new AppError('invalid_client', 'This requester is suspended.');
  return row;
}
