import { createHash, timingSafeEqual } from 'node:crypto';
import { AppError } from '../../lib/errors.js';
import type { RequesterRow } from '../../repositories/requesters.repository.js';
import type { DomainDeps } from '../context.js';
import { liveClientSecrets } from './requester-secret.js';

const MAX_AGE_S = 30 * 60;

/**
 * The partner API's meta calls carry no resident token: `clientid`, `ts` (Unix seconds, at most
 * 30 minutes old) and `hmac` = hex SHA-256(client_secret + clientid + ts).
 */
export async function authenticateMetaCall(deps: DomainDeps, input: { clientid?: string; ts?: string; hmac?: string }): Promise<RequesterRow> {
  if (!input.clientid || !input.ts || !input.hmac) throw new AppError('parameter_missing', 'clientid, ts and hmac are required.');
  const row = await deps.repos.requesters.findByClientId(input.clientid);
  if (!row || row.status !== 'active') throw new AppError('invalid_client_id', 'The client id is not valid.');
  assertMetaHmac(deps, liveClientSecrets(deps.masterKey, row, deps.clock.now()), { clientid: row.client_id, ts: input.ts, hmac: input.hmac });
  return row;
}

/**
 * The meta calls' `ts` (fresh) and `hmac` (hex SHA-256(secret + clientid + ts), compared in
 * constant time) against any of `secrets`; shared with the issuer's `account/1/pushuri`.
 */
export function assertMetaHmac(deps: Pick<DomainDeps, 'clock'>, secrets: string[], input: { clientid: string; ts: string; hmac: string }): void {
  const ts = /^\d{1,12}$/.test(input.ts) ? Number(input.ts) : NaN;
  const nowS = Math.floor(deps.clock.now() / 1000);
  if (!Number.isFinite(ts) || ts > nowS + 300 || nowS - ts > MAX_AGE_S)
    throw new AppError('invalid_ts', 'ts must be the current Unix time in seconds (at most 30 minutes old).');
  const presented = /^[0-9a-fA-F]{64}$/.test(input.hmac) ? Buffer.from(input.hmac, 'hex') : Buffer.alloc(0);
  const matches = (secret: string) =>
    timingSafeEqual(
      createHash('sha256')
        .update(secret + input.clientid + input.ts)
        .digest(),
      presented,
    );
  if (presented.length !== 32 || !secrets.some(matches)) throw new AppError('hmac_mismatch', 'The hmac does not match.');
}
