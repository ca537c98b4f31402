import type { DomainDeps } from '../context.js';
import type { ResidentActor } from '../actors.js';

export interface ActivityEventView {
  id: string;
  seq: number;
  at: string;
  type: string;
  ip?: string;
  device?: string;
  details: Record<string, unknown>;
  hash: string;
}

/** The resident's own timeline, newest first. Only ever the actor's own events. */
export async function listActivity(
  deps: DomainDeps,
  actor: ResidentActor,
  options: { beforeSeq?: number; limit: number },
): Promise<{ events: ActivityEventView[]; head: string | null }> {
  const rows = await deps.repos.activity.listNewestFirst(actor.residentId, options);
  const head = await deps.repos.activity.head(actor.residentId);
  return {
    head: head?.hash ?? null,
    events: rows.map((r) => {
      const { ip, device, ...details } = r.details;
      return {
        id: r.id,
        seq: r.seq,
        at: new Date(r.at).toISOString(),
        type: r.type,
        ...(typeof ip === 'string' ? { ip } : {}),
        ...(typeof device === 'string' ? { device } : {}),
        details,
        hash: r.hash,
      };
    }),
  };
}
