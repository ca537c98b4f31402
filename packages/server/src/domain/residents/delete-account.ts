import { recordActivity } from '../activity/record-activity.js';
import { purgeBlobs } from '../blobs/purge-blobs.js';
import { answerChallenge, openSmsChallenge, type ChallengeView } from '../auth/challenges.js';
import { smsTexts } from '../auth/sms-texts.js';
import type { DomainDeps, RequestContext } from '../context.js';
import type { ResidentActor } from '../actors.js';
import { reauthenticateWithPin } from './reauthenticate.js';

export async function startAccountDeletion(deps: DomainDeps, actor: ResidentActor, input: { pin: string }, ctx: RequestContext): Promise<ChallengeView> {
  const r = await reauthenticateWithPin(deps, actor, input.pin);
  return openSmsChallenge(deps, { purpose: 'delete_account', mobile: r.mobile, residentId: r.id, ip: ctx.ip, message: smsTexts(r.language).deleteAccount });
}

/**
 * Deletes the account: the Aadhaar vault entry and photo go, every session ends, and the
 * mobile number, username and Aadhaar become free. Whoever registers that number next starts
 * from nothing: their account has a new id, and all data hangs off ids, never off the number.
 * Issued documents of an account with Aadhaar linked go back to the locker that links that
 * Aadhaar next (the same person); without Aadhaar they stay with the deleted account.
 */
export async function verifyAccountDeletion(
  deps: DomainDeps,
  actor: ResidentActor,
  input: { challengeId: string; otp: string },
  ctx: RequestContext,
): Promise<void> {
  await answerChallenge(deps, { challengeId: input.challengeId, purpose: 'delete_account', otp: input.otp, residentId: actor.residentId });
  const r = await deps.repos.residents.findById(actor.residentId);
  if (!r) return;
  const now = deps.clock.now();
  const vault = r.aadhaar_ref ? await deps.repos.vault.findByRef(r.aadhaar_ref) : undefined;
  await deps.transaction(async (repos) => {
    // Issued documents belong to the person, whom the Aadhaar names: they wait under its keyed
    // hash for whichever locker links that Aadhaar next, and never go to anyone else.
    if (vault) await repos.documents.holdForLookup(r.id, vault.lookup_hmac, now);
    await repos.awaitedDocuments.holdForLookup(r.id, vault?.lookup_hmac ?? null, now);
    if (r.aadhaar_ref) await repos.vault.remove(r.aadhaar_ref);
    await repos.residents.markDeleted(r.id, now);
    await repos.sessions.endAll(r.id, 'account_deleted', now);
  });
  // The photo goes with the account, unless another record names the same bytes.
  if (r.photo_sha256) await purgeBlobs(deps, [r.photo_sha256]);
  await recordActivity(deps, r.id, 'account_deleted', ctx);
}
