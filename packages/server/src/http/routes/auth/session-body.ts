import type { NewSession, SessionKind } from '../../../domain/sessions/create-session.js';

/** The token goes into the body only for bearer sessions; cookie sessions never expose it to scripts. */
export function sessionBody(session: NewSession, kind: SessionKind) {
  return {
    id: session.id,
    expiresAt: new Date(session.expiresAt).toISOString(),
    idleTimeoutSeconds: session.idleTimeoutSeconds,
    ...(kind === 'bearer' ? { token: session.token } : {}),
  };
}
