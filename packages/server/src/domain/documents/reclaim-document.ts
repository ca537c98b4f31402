import { AppError } from '../../lib/errors.js';
import type { DocumentRow } from '../../repositories/documents.repository.js';
import { recordActivity } from '../activity/record-activity.js';
import type { DomainDeps } from '../context.js';
import type { ResidentActor } from '../actors.js';
import { mobileLookup } from './holders.js';

/**
 * A pull found that the document already exists. It is the puller's when they hold it, or
 * when it waits under their own Aadhaar or mobile, or when its holder's account was deleted
 * and the issuer's record was just matched against the puller's Aadhaar profile (the same
 * proof the first pull gave). A document of any other, live holder is never moved.
 * Answers whether the resident already held it.
 */
export async function reclaimPulledDocument(
  deps: DomainDeps,
  actor: ResidentActor,
  doc: DocumentRow | undefined,
  options: { matchedProfile: boolean },
  notFound: () => AppError,
): Promise<boolean> {
  if (!doc) throw notFound();
  if (doc.resident_id === actor.residentId) return true;
  const resident = await deps.repos.residents.findById(actor.residentId);
  if (!resident) throw notFound();
  let mine = false;
  if (doc.resident_id === null && doc.holder_lookup !== null) {
    const vault = resident.aadhaar_ref ? await deps.repos.vault.findByRef(resident.aadhaar_ref) : undefined;
    mine = doc.holder_lookup === vault?.lookup_hmac || (resident.mobile !== null && doc.holder_lookup === mobileLookup(deps.masterKey, resident.mobile));
  } else if (doc.resident_id !== null && options.matchedProfile) {
    mine = (await deps.repos.residents.findById(doc.resident_id))?.status === 'deleted';
  }
  if (
    !mine ||
    !(await deps.repos.documents.moveTo(doc.id, { residentId: doc.resident_id, holderLookup: doc.holder_lookup }, actor.residentId, deps.clock.now()))
  )
    throw notFound();
  await recordActivity(deps, actor.residentId, 'documents_received', null, { count: 1, uri: doc.uri });
  return false;
}
