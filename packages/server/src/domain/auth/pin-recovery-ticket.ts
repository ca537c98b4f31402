import { randomBytes } from 'node:crypto';
import { equalHex, sha256Hex } from '../../crypto/secrets.js';
import { AppError } from '../../lib/errors.js';
import type { PinRecoveryRow } from '../../repositories/pin-recoveries.repository.js';
import type { DomainDeps } from '../context.js';

/** How long the steps after the mobile OTP may take. */
export const RECOVERY_TICKET_TTL_MS = 30 * 60 * 1000;
/** Without Aadhaar or a password, a new PIN can be set only this long after the notice SMS. */
export const RECOVERY_WAIT_MS = 24 * 60 * 60 * 1000;
/** …and until this long after that, before the resident has to start again. */
export const RECOVERY_WAIT_VALID_MS = 7 * 24 * 60 * 60 * 1000;

export function newTicket(id: string): { ticket: string; hash: string } {
  const secret = randomBytes(24).toString('base64url');
  return { ticket: `${id}.${secret}`, hash: sha256Hex(secret) };
}

/** The open recovery a ticket names, or one stable refusal (wrong, used, expired alike). */
export async function openRecovery(deps: DomainDeps, ticket: string): Promise<PinRecoveryRow> {
  const [id, secret] = ticket.split('.');
  const row = id && secret ? await deps.repos.pinRecoveries.find(id) : undefined;
  if (!row || !equalHex(sha256Hex(secret!), row.ticket_hash) || row.completed_at !== null || row.cancelled_at !== null || row.expires_at <= deps.clock.now()) {
    throw new AppError('ticket_invalid', 'This PIN reset can no longer be completed. Start again with your mobile number.');
  }
  return row;
}
