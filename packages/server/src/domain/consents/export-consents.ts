import type { ResidentActor } from '../actors.js';
import type { DomainDeps } from '../context.js';
import { listConsents, type ConsentView } from './resident-consents.js';

const TYPES = ['consent_granted', 'consent_withdrawn', 'requester_accessed'];
const PAGE = 1000;

export interface ConsentRecordEvent {
  at: string;
  type: string;
  /** What was read (`userdetails`, `file`, `xml`, `eaadhaar`, …) and which document, for accesses. */
  what?: string;
  uri?: string;
  ip?: string;
  device?: string;
  /** The event's link in the resident's tamper-evident activity chain. */
  seq: number;
  hash: string;
}

export interface ConsentExport {
  exportedAt: string;
  digilockerid: string;
  /** The head of the activity chain when exported: the events below can be checked against it. */
  activityHead: string | null;
  consents: (ConsentView & { events: ConsentRecordEvent[] })[];
}

/**
 * The resident's consent records as one JSON document: every consent (to whom, for what, until
 * when, status) with its grant, withdrawal and every access from the activity log. Only the
 * actor's own.
 */
export async function exportConsents(deps: DomainDeps, actor: ResidentActor): Promise<ConsentExport> {
  const consents = await listConsents(deps, actor, 'en');
  const byId = new Map(consents.map((c) => [c.id, [] as ConsentRecordEvent[]]));
  for (let after = 0; ; ) {
    const rows = await deps.repos.activity.pageOfTypes(actor.residentId, TYPES, after, PAGE);
    for (const r of rows) {
      const d = r.details;
      const events = typeof d.consentId === 'string' ? byId.get(d.consentId) : undefined;
      events?.push({
        at: new Date(r.at).toISOString(),
        type: r.type,
        ...(typeof d.what === 'string' ? { what: d.what } : {}),
        ...(typeof d.uri === 'string' ? { uri: d.uri } : {}),
        ...(typeof d.ip === 'string' ? { ip: d.ip } : {}),
        ...(typeof d.device === 'string' ? { device: d.device } : {}),
        seq: r.seq,
        hash: r.hash,
      });
    }
    if (rows.length < PAGE) break;
    after = rows.at(-1)!.seq;
  }
  const head = await deps.repos.activity.head(actor.residentId);
  return {
    exportedAt: new Date(deps.clock.now()).toISOString(),
    digilockerid: actor.residentId,
    activityHead: head?.hash ?? null,
    consents: consents.map((c) => ({ ...c, events: byId.get(c.id) ?? [] })),
  };
}
