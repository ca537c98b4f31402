import { sha256Hex } from '../../crypto/secrets.js';
import type { DomainDeps, RequestContext } from '../context.js';

export type SessionKind = 'cookie' | 'bearer';

export interface NewSession {
  /** The secret the client presents; returned once, stored only as its SHA-256. */
  token: string;
  id: string;
  expiresAt: number;
  idleTimeoutSeconds: number;
}

/** A fresh session (a new random 256-bit token at every sign-in). */
export async function createSession(deps: DomainDeps, residentId: string, kind: SessionKind, ctx: RequestContext): Promise<NewSession> {
  const now = deps.clock.now();
  const token = deps.ids.token(32);
  const id = deps.ids.uuid();
  const expiresAt = now + deps.sessions.absoluteMs;
  await deps.repos.sessions.insert({
    id,
    token_hash: sha256Hex(token),
    resident_id: residentId,
    kind,
    device: ctx.device,
    ip: ctx.ip,
    created_at: now,
    last_seen_at: now,
    expires_at: expiresAt,
    ended_at: null,
    end_reason: null,
  });
  return { token, id, expiresAt, idleTimeoutSeconds: Math.round(deps.sessions.idleMs / 1000) };
}
