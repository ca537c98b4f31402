import { sha256Hex } from '../../crypto/secrets.js';
import { AppError } from '../../lib/errors.js';
import type { ResidentRow } from '../../repositories/residents.repository.js';
import type { SessionRow } from '../../repositories/sessions.repository.js';
import type { DomainDeps } from '../context.js';
import type { ResidentActor } from '../actors.js';

/** Writes of last-use time are spaced out so every request does not become a write. */
const TOUCH_EVERY_MS = 30_000;

export interface Authenticated {
  actor: ResidentActor;
  resident: ResidentRow;
  session: SessionRow;
}

/**
 * Resolves a presented token to its resident, enforcing the idle and absolute limits on the
 * server: an expired session is ended here, whatever the client still holds.
 */
export async function authenticateSession(deps: DomainDeps, token: string): Promise<Authenticated> {
  const now = deps.clock.now();
  const session = await deps.repos.sessions.findByTokenHash(sha256Hex(token));
  if (!session || session.ended_at !== null) throw new AppError('unauthenticated', 'Please sign in.');
  const idleExpired = now - session.last_seen_at >= deps.sessions.idleMs;
  if (now >= session.expires_at || idleExpired) {
    await deps.repos.sessions.end(session.resident_id, session.id, idleExpired ? 'idle' : 'expired', now);
    throw new AppError('session_expired', 'Your session has ended. Please sign in again.');
  }
  const resident = await deps.repos.residents.findById(session.resident_id);
  if (!resident || resident.status !== 'active') throw new AppError('unauthenticated', 'Please sign in.');
  if (now - session.last_seen_at >= TOUCH_EVERY_MS) await deps.repos.sessions.touch(session.id, now);
  return { actor: { kind: 'resident', residentId: resident.id, sessionId: session.id }, resident, session };
}
