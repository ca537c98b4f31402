import type { DomainDeps } from '../context.js';
import type { ResidentActor } from '../actors.js';
import { localDeviceLabel } from './device-label.js';

export interface SessionView {
  id: string;
  current: boolean;
  device: string;
  ip: string;
  createdAt: string;
  lastUsedAt: string;
  expiresAt: string;
}

export async function listSessions(deps: DomainDeps, actor: ResidentActor): Promise<SessionView[]> {
  const now = deps.clock.now();
  const rows = await deps.repos.sessions.listOpen(actor.residentId, now);
  const language = (await deps.repos.residents.findById(actor.residentId))?.language;
  return rows
    .filter((s) => now - s.last_seen_at < deps.sessions.idleMs)
    .map((s) => ({
      id: s.id,
      current: s.id === actor.sessionId,
      device: localDeviceLabel(s.device, language),
      ip: s.ip,
      createdAt: new Date(s.created_at).toISOString(),
      lastUsedAt: new Date(s.last_seen_at).toISOString(),
      expiresAt: new Date(Math.min(s.expires_at, s.last_seen_at + deps.sessions.idleMs)).toISOString(),
    }));
}
