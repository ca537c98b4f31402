import { verifyEkycResponse } from '../../adapters/aadhaar/aadhaar-adapter.js';
import { aadhaarLookupHmac, openAadhaar, sealAadhaar } from '../../crypto/aadhaar-vault.js';
import { isUniqueViolation } from '../../db/db-errors.js';
import { AppError, isAppError } from '../../lib/errors.js';
import { isValidAadhaar, maskAadhaar } from '../aadhaar/verhoeff.js';
import { recordActivity } from '../activity/record-activity.js';
import { claimHeldDocuments } from '../documents/claim-held-documents.js';
import { answerChallenge, openExternalChallenge, resendChallenge, type ChallengeView } from '../auth/challenges.js';
import { enforceLimit, LIMITS } from '../auth/rate-limit.js';
import type { DomainDeps, RequestContext } from '../context.js';
import type { ResidentActor } from '../actors.js';
import { getMe } from './get-me.js';
import type { Me } from './me.js';
import { statDay } from '../statistics/stat-day.js';
import { recordBlobs } from '../blobs/record-blobs.js';

const PHOTO_MAX_BYTES = 1024 * 1024;

/**
 * Step 1: a valid number (format and Verhoeff digit checked before anything is sent) goes to
 * UIDAI, which sends an OTP to the mobile registered with Aadhaar. The number waits for step 2
 * sealed in the challenge, bound to it; it is never stored or logged in clear.
 */
export async function startAadhaarLink(deps: DomainDeps, actor: ResidentActor, input: { aadhaarNumber: string; consent: boolean }): Promise<ChallengeView> {
  if (!input.consent) {
    throw new AppError('consent_required', 'Tick the consent box to let Tijori fetch your e-KYC details from UIDAI.', {
      errors: [{ path: '/body/consent', message: 'must be given' }],
    });
  }
  if (!isValidAadhaar(input.aadhaarNumber)) {
    throw new AppError('aadhaar_invalid', 'That is not a valid Aadhaar number: check the 12 digits.', {
      errors: [{ path: '/body/aadhaarNumber', message: 'is not a valid Aadhaar number' }],
    });
  }
  const r = await deps.repos.residents.findById(actor.residentId);
  if (r?.aadhaar_ref) throw new AppError('aadhaar_already_linked', 'Your account already has an Aadhaar linked.');
  await enforceLimit(deps, `aadhaar:link:${actor.residentId}`, LIMITS.aadhaarLinkPerResident);
  const { txnId, maskedMobile } = await deps.aadhaar.requestOtp(input.aadhaarNumber);
  const id = deps.ids.token(16);
  const sealed = sealAadhaar(deps.masterKey, input.aadhaarNumber, id).ciphertext.toString('base64');
  return openExternalChallenge(deps, { id, purpose: 'aadhaar_link', residentId: actor.residentId, maskedMobile, context: { txnId, sealed } });
}

export async function resendAadhaarOtp(deps: DomainDeps, actor: ResidentActor, challengeId: string, ip: string) {
  return resendChallenge(
    deps,
    {
      challengeId,
      residentId: actor.residentId,
      ip,
      resendExternal: async (row) => {
        const number = openAadhaar(deps.masterKey, Buffer.from(String(row.context.sealed), 'base64'), row.id);
        const { txnId } = await deps.aadhaar.requestOtp(number);
        return { txnId };
      },
    },
    () => '',
  );
}

/** Step 2: UIDAI checks the OTP and answers with signed e-KYC, which we verify before use. */
export async function verifyAadhaarLink(deps: DomainDeps, actor: ResidentActor, input: { challengeId: string; otp: string }, ctx: RequestContext): Promise<Me> {
  let number = '';
  let signed = '';
  let txnId = '';
  await answerChallenge(deps, {
    challengeId: input.challengeId,
    purpose: 'aadhaar_link',
    otp: input.otp,
    residentId: actor.residentId,
    checkExternally: async (row, otp) => {
      const context = row.context;
      txnId = String(context.txnId);
      number = openAadhaar(deps.masterKey, Buffer.from(String(context.sealed), 'base64'), row.id);
      try {
        signed = (await deps.aadhaar.ekyc(number, txnId, otp)).signedResponse;
        return true;
      } catch (err) {
        if (isAppError(err) && err.code === 'otp_wrong') return false;
        throw err;
      }
    },
  });
  const profile = await verifyEkycResponse(signed, await deps.aadhaar.trustedKeys(), { aadhaarNumber: number, txnId }, deps.clock.now());

  const lookup = aadhaarLookupHmac(deps.masterKey, number);
  const taken = () => new AppError('aadhaar_already_linked', 'This Aadhaar is already linked to another Tijori account. One Aadhaar can have one locker.');
  if (await deps.repos.vault.findByLookup(lookup)) throw taken();

  const photo = await deps.blobs.put(Buffer.from(profile.photo.base64, 'base64'), { maxBytes: PHOTO_MAX_BYTES });
  const now = deps.clock.now();

  const ref = deps.ids.uuid();
  const { keyId, ciphertext } = sealAadhaar(deps.masterKey, number, ref);
  try {
    await deps.transaction(async (repos) => {
      await recordBlobs(deps, repos, [{ sha256: photo.sha256, size_bytes: photo.size, media_type: profile.photo.mediaType, stored_at: now }]);
      await repos.vault.insert({ ref, lookup_hmac: lookup, key_id: keyId, ciphertext, last4: number.slice(-4), created_at: now });
      await repos.residents.update(actor.residentId, {
        aadhaar_ref: ref,
        name: profile.name,
        name_local: profile.nameLocal ?? null,
        local_script: profile.localScript ?? null,
        dob: profile.dob,
        gender: profile.gender,
        address: profile.address,
        address_local: profile.addressLocal ?? null,
        photo_sha256: photo.sha256,
        updated_at: now,
      });
      await repos.stats.bump([{ metric: 'residents_aadhaar_linked', day: statDay(now), n: 1 }]);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw taken();
    throw err;
  }
  await recordActivity(deps, actor.residentId, 'aadhaar_linked', ctx, { aadhaar: maskAadhaar(number) });
  await claimHeldDocuments(deps, actor.residentId, [lookup]);
  return getMe(deps, actor);
}
