import { notify } from '../notifications/notify.js';
import { recordActivity } from '../activity/record-activity.js';
import type { DomainDeps } from '../context.js';

/**
 * Documents issued before their holder had an account wait under a keyed hash of the
 * Aadhaar number or mobile; signing up or linking Aadhaar hands them over.
 */
export async function claimHeldDocuments(deps: DomainDeps, residentId: string, lookups: string[]): Promise<number> {
  const count = await deps.repos.documents.claimHeld(residentId, lookups, deps.clock.now());
  // URIs pushed for this holder whose content is still awaited follow the same way.
  await deps.repos.awaitedDocuments.claimHeld(residentId, lookups, deps.clock.now());
  if (count > 0) {
    await recordActivity(deps, residentId, 'documents_received', null, { count });
    await notify(deps, [{ residentId, kind: 'documents_received', params: { count } }]);
  }
  return count;
}
