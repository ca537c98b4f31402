import { AppError } from '../../lib/errors.js';
import { recordActivity } from '../activity/record-activity.js';
import type { DomainDeps, RequestContext } from '../context.js';
import type { ResidentActor } from '../actors.js';
import { pick } from '../issuers/localized.js';

export interface ConsentView {
  id: string;
  requester: { name: string; clientId: string; purpose: string };
  scopes: string[];
  documents: string[];
  grantedAt: string;
  validUntil: string;
  status: 'active' | 'withdrawn' | 'expired';
  withdrawnAt: string | null;
  lastUsedAt: string | null;
  accessCount: number;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** Every consent the resident has granted, newest first, with when it was last used and how often. */
export async function listConsents(deps: DomainDeps, actor: ResidentActor, language?: string): Promise<ConsentView[]> {
  const rows = await deps.repos.consents.listConsents(actor.residentId);
  const now = deps.clock.now();
  const requesters = new Map<string, Awaited<ReturnType<typeof deps.repos.requesters.findById>>>();
  for (const id of new Set(rows.map((r) => r.requester_id))) requesters.set(id, await deps.repos.requesters.findById(id));
  return rows.map((r) => {
    const q = requesters.get(r.requester_id);
    return {
      id: r.id,
      requester: {
        name: q ? pick(q.names, language) : '',
        clientId: q?.client_id ?? '',
        purpose: q ? pick(q.purpose, language) : '',
      },
      scopes: r.scope.split(' ').filter((s) => s && !s.startsWith('issued/')),
      documents: r.documents,
      grantedAt: iso(r.granted_at)!,
      validUntil: iso(r.valid_until)!,
      status: r.withdrawn_at !== null ? 'withdrawn' : r.valid_until <= now ? 'expired' : 'active',
      withdrawnAt: iso(r.withdrawn_at),
      lastUsedAt: iso(r.last_used_at),
      accessCount: Number(r.access_count),
    };
  });
}

/** Withdraws one of the resident's own consents; every token of it stops at once. */
export async function withdrawConsent(deps: DomainDeps, actor: ResidentActor, consentId: string, ctx: RequestContext): Promise<void> {
  const row = await deps.repos.consents.findConsent(consentId);
  if (!row || row.resident_id !== actor.residentId) throw new AppError('not_found', 'You have no consent with that id.');
  if (!(await deps.repos.consents.withdrawConsent(actor.residentId, consentId, deps.clock.now()))) return;
  await recordActivity(deps, actor.residentId, 'consent_withdrawn', ctx, { consentId });
}
