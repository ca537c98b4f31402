import { aadhaarLookupHmac } from '../../crypto/aadhaar-vault.js';
import { AppError } from '../../lib/errors.js';
import type { RequesterRow } from '../../repositories/requesters.repository.js';
import { isValidAadhaar, normaliseAadhaar } from '../aadhaar/verhoeff.js';
import { enforceLimit, type Limit } from '../auth/rate-limit.js';
import { isValidMobile, normaliseMobile } from '../auth/mobile.js';
import type { DomainDeps } from '../context.js';
import { auditRequesterCall } from './audit-requester-call.js';
import { OPERATOR_SCOPES } from './scopes.js';

/** Look-ups one requester may make: enough for onboarding checks, too few to sweep numbers. */
export const ACCOUNT_VERIFY_LIMIT: Limit = { max: 300, windowMs: 60 * 60 * 1000 };

const VERIFY_SCOPE: (typeof OPERATOR_SCOPES)[number] = 'account.verify';

/**
 * The partner API's `account/2/verify`: whether an Aadhaar number or a mobile number has a
 * locker, and its id. It answers for anyone's number, so it is an enumeration oracle: only a
 * requester the operator granted `account.verify` may ask, each at most ACCOUNT_VERIFY_LIMIT
 * times an hour (counted before the look-up, refused or not), and the number is never logged or
 * echoed. Aadhaar numbers are found by the vault's keyed lookup hash, never stored or compared
 * in the clear. The meta call has already authenticated the requester. Every call, answered or
 * refused, is written to the operators' audit log with the requester and the outcome.
 */
export async function verifyAccount(
  deps: DomainDeps,
  requester: RequesterRow,
  input: { uid?: string; mobile?: string },
): Promise<{ registered: boolean; digilockerid: string }> {
  const uid = input.uid?.trim() ? input.uid : undefined;
  const mobile = input.mobile?.trim() ? input.mobile : undefined;
  // Every call is in the operators' audit log with its outcome; which number it was about, never.
  const by = uid !== undefined && mobile === undefined ? 'uid' : mobile !== undefined && uid === undefined ? 'mobile' : 'none';
  return auditRequesterCall(
    deps,
    requester,
    'requester.account_verify',
    { by },
    () => lookUp(deps, requester, uid, mobile),
    (r) => ({ outcome: r.registered ? 'registered' : 'not_registered' }),
  );
}

async function lookUp(deps: DomainDeps, requester: RequesterRow, uid: string | undefined, mobile: string | undefined) {
  if (!requester.scopes.includes(VERIFY_SCOPE))
    throw new AppError('insufficient_scope', 'This client is not allowed to verify accounts; the operator grants account.verify.');
  if ((uid === undefined) === (mobile === undefined)) throw new AppError('parameter_missing', 'Give exactly one of uid and mobile.');
  await enforceLimit(deps, `account-verify:${requester.id}`, ACCOUNT_VERIFY_LIMIT);
  let residentId: string | undefined;
  if (uid !== undefined) {
    const number = normaliseAadhaar(uid);
    if (!isValidAadhaar(number)) throw new AppError('invalid_parameter', 'uid must be a 12-digit Aadhaar number.');
    const vault = await deps.repos.vault.findByLookup(aadhaarLookupHmac(deps.masterKey, number));
    residentId = vault ? (await deps.repos.residents.findActiveByAadhaarRefs([vault.ref]))[0]?.id : undefined;
  } else {
    const number = normaliseMobile(mobile!);
    if (!isValidMobile(number)) throw new AppError('invalid_parameter', 'mobile must be a 10-digit Indian mobile number.');
    residentId = (await deps.repos.residents.findActiveByMobile(number))?.id;
  }
  return { registered: residentId !== undefined, digilockerid: residentId ?? '' };
}
