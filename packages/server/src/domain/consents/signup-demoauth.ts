import type { Demographics, Gender } from '../../adapters/aadhaar/aadhaar-adapter.js';
import { aadhaarLookupHmac, openAadhaar, sealAadhaar } from '../../crypto/aadhaar-vault.js';
import { isUniqueViolation } from '../../db/db-errors.js';
import { AppError, isAppError } from '../../lib/errors.js';
import type { ConsentRow } from '../../repositories/consents.repository.js';
import type { ChallengeRow } from '../../repositories/otp-challenges.repository.js';
import type { RequesterRow } from '../../repositories/requesters.repository.js';
import { isValidAadhaar, maskAadhaar, normaliseAadhaar } from '../aadhaar/verhoeff.js';
import { recordActivity } from '../activity/record-activity.js';
import { answerChallenge, openSmsChallenge } from '../auth/challenges.js';
import { isValidMobile, maskMobile, normaliseMobile } from '../auth/mobile.js';
import { OTP_RULES } from '../auth/otp.js';
import { enforceLimit, type Limit } from '../auth/rate-limit.js';
import { smsTexts, smsTime } from '../auth/sms-texts.js';
import type { DomainDeps, RequestContext } from '../context.js';
import { claimHeldDocuments } from '../documents/claim-held-documents.js';
import { mobileLookup } from '../documents/holders.js';
import { partnerDate } from '../documents/push-uri-account.js';
import { pick } from '../issuers/localized.js';
import { newResidentRow } from '../residents/new-resident.js';
import { auditRequesterCall } from '../requesters/audit-requester-call.js';
import { parseScope, type OPERATOR_SCOPES } from '../requesters/scopes.js';
import { statDay } from '../statistics/stat-day.js';
import { describeGrant } from './grant-words.js';
import { noteConsentGranted, recordConsent, type ConsentGrant } from './record-consent.js';
import { mintTokens, type TokenResponse } from './tokens.js';

const SIGNUP_SCOPE: (typeof OPERATOR_SCOPES)[number] = 'signup.demoauth';
/**
 * What the new locker's consent may cover: reading what a new locker has. Issued documents are
 * granted one by one on a consent screen, and the e-Aadhaar needs e-KYC, which a demographic
 * authentication does not give.
 */
const SIGNUP_READ_SCOPES = ['openid', 'userdetails', 'files.uploadeddocs'];
const DAY_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;

/** Sign-ups one requester may start, and starts for one Aadhaar number (counted by its keyed hash). */
export const SIGNUP_LIMITS = {
  perClient: { max: 300, windowMs: HOUR_MS },
  perAadhaar: { max: 5, windowMs: HOUR_MS },
} as const satisfies Record<string, Limit>;

export interface SignupPending {
  verification: 'pending';
  masked_mobile: string;
  expires_in: number;
}

/** What the OTP will confirm, fixed when it is sent (the SMS names it). */
interface SignupContext {
  requesterId: string;
  /** The Aadhaar number sealed under the challenge id: never stored or logged in clear. */
  sealed: string;
  name: string;
  dob: string;
  gender: Gender;
  scope: string;
  validUntil: number;
  [k: string]: unknown;
}

export interface DemoauthInput {
  uid?: string;
  name?: string;
  dob?: string;
  gender?: string;
  mobile?: string;
  consent?: string;
  demoauth?: string;
  verification?: string;
}

const NAME = /^[\p{L}\p{M}][\p{L}\p{M} .'’-]{0,98}[\p{L}\p{M}.]$|^[\p{L}\p{M}]$/u;

function assertGranted(requester: RequesterRow): void {
  if (!requester.scopes.includes(SIGNUP_SCOPE))
    throw new AppError('insufficient_scope', 'This client may not sign residents up; the operator grants signup.demoauth.');
}

/** The fields, checked; messages never repeat a value (the Aadhaar number above all). */
function parseDemoauth(input: DemoauthInput, now: number): { number: string; mobile: string; demographics: Demographics } {
  for (const field of ['uid', 'name', 'dob', 'gender', 'mobile', 'consent'] as const)
    if (!input[field]?.trim()) throw new AppError('parameter_missing', 'uid, name, dob, gender, mobile and consent are required.');
  if (input.consent!.trim().toUpperCase() !== 'Y') throw new AppError('invalid_parameter', 'consent must be Y: the resident agrees to Aadhaar authentication.');
  const number = normaliseAadhaar(input.uid!);
  if (!isValidAadhaar(number)) throw new AppError('invalid_parameter', 'uid must be a 12-digit Aadhaar number.');
  const mobile = normaliseMobile(input.mobile!);
  if (!isValidMobile(mobile)) throw new AppError('invalid_parameter', 'mobile must be a 10-digit Indian mobile number.');
  const name = input.name!.normalize('NFC').trim().replace(/\s+/g, ' ');
  if (!NAME.test(name)) throw new AppError('invalid_parameter', 'name must be the name as on Aadhaar (letters, spaces, dots, hyphens; at most 100).');
  const dob = partnerDate(input.dob!.trim(), 'dob')!;
  if (dob > new Date(now).toISOString().slice(0, 10) || dob < '1880-01-01') throw new AppError('invalid_parameter', 'dob must be a past date as DDMMYYYY.');
  const gender = input.gender!.trim().toUpperCase();
  if (gender !== 'M' && gender !== 'F' && gender !== 'T') throw new AppError('invalid_parameter', 'gender must be M, F or T.');
  for (const field of ['demoauth', 'verification'] as const)
    if ((input[field]?.length ?? 0) > 20) throw new AppError('invalid_parameter', `${field} is too long.`);
  return { number, mobile, demographics: { name, dob, gender } };
}

async function assertNoLocker(deps: DomainDeps, mobile: string, number: string): Promise<void> {
  if (await deps.repos.residents.findActiveByMobile(mobile)) throw mobileExists();
  if (await deps.repos.vault.findByLookup(aadhaarLookupHmac(deps.masterKey, number))) throw aadhaarExists();
}

/**
 * The partner API's `signup/2/demoauth`: a requester the operator granted `signup.demoauth`
 * signs a new resident up. The Aadhaar number, name, date of birth and gender must pass UIDAI's
 * demographic authentication (`auth_failure` otherwise, not saying which field); a mobile or an
 * Aadhaar that already has a locker is refused (`mobile_exists`, `aadhaar_exists`, naming no one).
 * Then an OTP goes to the mobile, naming the requester, that a locker will be opened and what
 * the requester will read; nothing is made until `completeDemoauthSignup` gets that OTP.
 * Every call is in the operators' audit log with its outcome, never with the numbers.
 */
export async function startDemoauthSignup(deps: DomainDeps, requester: RequesterRow, input: DemoauthInput, ctx: RequestContext): Promise<SignupPending> {
  return auditRequesterCall(
    deps,
    requester,
    'requester.signup_demoauth',
    {},
    () => startSignup(deps, requester, input, ctx),
    () => ({ outcome: 'otp_sent' }),
  );
}

async function startSignup(deps: DomainDeps, requester: RequesterRow, input: DemoauthInput, ctx: RequestContext): Promise<SignupPending> {
  assertGranted(requester);
  const { number, mobile, demographics } = parseDemoauth(input, deps.clock.now());
  await enforceLimit(deps, `signup-demoauth:client:${requester.id}`, SIGNUP_LIMITS.perClient);
  await enforceLimit(deps, `signup-demoauth:aadhaar:${aadhaarLookupHmac(deps.masterKey, number)}`, SIGNUP_LIMITS.perAadhaar);
  if (!(await deps.aadhaar.demoAuth(number, demographics)).matched)
    throw new AppError('auth_failure', 'Aadhaar authentication failed: the details do not match UIDAI’s records.');
  await assertNoLocker(deps, mobile, number);

  const scopes = requester.scopes.filter((s) => SIGNUP_READ_SCOPES.includes(s));
  const validUntil = deps.clock.now() + requester.consent_days * DAY_MS;
  const id = deps.ids.token(16);
  const context: SignupContext = {
    requesterId: requester.id,
    sealed: sealAadhaar(deps.masterKey, number, id).ciphertext.toString('base64'),
    ...demographics,
    scope: scopes.join(' '),
    validUntil,
  };
  const requesterName = pick(requester.names, 'en');
  const sms = smsTexts(undefined);
  await openSmsChallenge(deps, {
    id,
    purpose: 'signup_demoauth',
    mobile,
    ip: ctx.ip,
    context,
    // No locker, so no language chosen yet: the platform's default (English).
    message: (code) => sms.signupDemoauth(code, requesterName, maskAadhaar(number), describeGrant(scopes, [], sms.grant), smsTime(validUntil)),
  });
  return { verification: 'pending', masked_mobile: maskMobile(mobile), expires_in: OTP_RULES.ttlMs / 1000 };
}

/** OTP failures in the partner API's words; none says whether a sign-up is waiting. */
function asOtpError(err: unknown): never {
  if (!isAppError(err)) throw err;
  switch (err.code) {
    case 'otp_wrong':
      throw new AppError('invalid_otp', err.message);
    case 'otp_used':
    case 'challenge_not_found':
      throw noSignup();
    default:
      throw err;
  }
}

/**
 * `signup/1/demoauthverify`: the OTP sent by `startDemoauthSignup` to this mobile, from the same
 * requester (five wrong ones lock it). A right one opens the locker with the Aadhaar linked (no
 * PIN yet: the resident sets one with "Forgot PIN", proving the Aadhaar by UIDAI's OTP), records
 * the consent the SMS described (the resident sees it under Consents and can withdraw it), and
 * answers the token endpoint's response.
 */
export async function completeDemoauthSignup(
  deps: DomainDeps,
  requester: RequesterRow,
  input: { mobile?: string; otp?: string },
  ctx: RequestContext,
): Promise<TokenResponse> {
  return auditRequesterCall(
    deps,
    requester,
    'requester.signup_verify',
    {},
    () => completeSignup(deps, requester, input, ctx),
    (tokens) => ({ outcome: 'locker_opened', target: tokens.digilockerid }),
  );
}

async function completeSignup(
  deps: DomainDeps,
  requester: RequesterRow,
  input: { mobile?: string; otp?: string },
  ctx: RequestContext,
): Promise<TokenResponse> {
  assertGranted(requester);
  if (!input.mobile?.trim() || !input.otp?.trim()) throw new AppError('parameter_missing', 'mobile and otp are required.');
  const mobile = normaliseMobile(input.mobile);
  if (!isValidMobile(mobile)) throw new AppError('invalid_parameter', 'mobile must be a 10-digit Indian mobile number.');
  if (!/^\d{6}$/.test(input.otp.trim())) throw new AppError('invalid_parameter', 'otp must be the 6 digits sent by SMS.');
  const now = deps.clock.now();
  // The newest sign-up this requester started for the number is the one the OTP answers.
  const pending: ChallengeRow | undefined = (await deps.repos.challenges.findOpenByMobile('signup_demoauth', mobile, now)).find(
    (r) => (r.context as SignupContext).requesterId === requester.id,
  );
  if (!pending) throw noSignup();
  const row = await answerChallenge(deps, { challengeId: pending.id, purpose: 'signup_demoauth', otp: input.otp.trim() }).catch(asOtpError);
  const context = row.context as SignupContext;
  const number = openAadhaar(deps.masterKey, Buffer.from(context.sealed, 'base64'), row.id);
  await assertNoLocker(deps, mobile, number);

  const residentId = deps.ids.uuid();
  const ref = deps.ids.uuid();
  const lookup = aadhaarLookupHmac(deps.masterKey, number);
  const grant: ConsentGrant = {
    residentId,
    requester,
    scopes: parseScope(context.scope),
    documents: [],
    // The drive as it is when the SMS names it, as in the device flow: a new locker's is empty.
    uploads: { files: [], folders: [] },
    validUntil: context.validUntil,
    via: 'demoauth',
  };
  let consent: ConsentRow;
  try {
    consent = await deps.transaction(async (repos) => {
      const { keyId, ciphertext } = sealAadhaar(deps.masterKey, number, ref);
      await repos.vault.insert({ ref, lookup_hmac: lookup, key_id: keyId, ciphertext, last4: number.slice(-4), created_at: now });
      // No PIN yet ('!' matches nothing): the resident sets one by PIN recovery. No e-KYC either:
      // a demographic authentication confirms name, date of birth and gender, nothing more.
      await repos.residents.insert(
        newResidentRow({
          id: residentId,
          mobile,
          pin_hash: '!',
          aadhaar_ref: ref,
          name: context.name,
          dob: context.dob,
          gender: context.gender,
          created_at: now,
        }),
      );
      await repos.stats.bump([
        { metric: 'residents_signed_up', day: statDay(now), n: 1 },
        { metric: 'residents_aadhaar_linked', day: statDay(now), n: 1 },
      ]);
      return recordConsent(deps, repos, grant);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw (await deps.repos.residents.findActiveByMobile(mobile)) ? mobileExists() : aadhaarExists();
    throw err;
  }
  const requesterName = pick(requester.names, 'en');
  const via = { via: 'demoauth', clientId: requester.client_id };
  await recordActivity(deps, residentId, 'signed_up', ctx, via);
  await recordActivity(deps, residentId, 'aadhaar_linked', ctx, { aadhaar: maskAadhaar(number), method: 'demographic', ...via });
  await noteConsentGranted(deps, grant, consent, ctx);
  await claimHeldDocuments(deps, residentId, [mobileLookup(deps.masterKey, mobile), lookup]);
  await deps.sms.send(mobile, smsTexts(undefined).signupDemoauthDone(requesterName));
  return mintTokens(deps, requester, consent, row.id, { nonce: null, refresh: true });
}

const mobileExists = () => new AppError('mobile_exists', 'This mobile number already has a Tijori locker: ask the resident to sign in and consent instead.');
const aadhaarExists = () =>
  new AppError('aadhaar_exists', 'This Aadhaar is already linked to a Tijori locker: ask the resident to sign in and consent instead.');
const noSignup = () =>
  new AppError('invalid_otp', 'No sign-up from this client is waiting for that OTP at this mobile number; start again with signup/2/demoauth.');
