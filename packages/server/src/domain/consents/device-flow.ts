import { hmacHex, sha256Hex } from '../../crypto/secrets.js';
import { AppError, isAppError } from '../../lib/errors.js';
import type { DriveGrant } from '../../repositories/consents.repository.js';
import type { RequesterRow } from '../../repositories/requesters.repository.js';
import type { ResidentRow } from '../../repositories/residents.repository.js';
import { answerChallenge } from '../auth/challenges.js';
import { isValidMobile, maskMobile, normaliseMobile } from '../auth/mobile.js';
import { OTP_RULES, generateOtp, otpHash } from '../auth/otp.js';
import { enforceLimit, type Limit } from '../auth/rate-limit.js';
import { smsTexts, smsTime } from '../auth/sms-texts.js';
import type { DomainDeps, RequestContext } from '../context.js';
import { listResidentDocuments } from '../documents/list-resident-documents.js';
import { pick } from '../issuers/localized.js';
import { OPERATOR_SCOPES, parseScope } from '../requesters/scopes.js';
import { authenticateClient } from '../requesters/requester-secret.js';
import { docTypeAllowed } from './authorize.js';
import { describeGrant } from './grant-words.js';
import { driveAsItIs, noteConsentGranted, recordConsent, type ConsentGrant } from './record-consent.js';
import { MAX_TOP_FILES } from './drive-grant.js';
import { mintTokens, type TokenResponse } from './tokens.js';

export const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
const DEVICE_SCOPE: (typeof OPERATOR_SCOPES)[number] = 'device.flow';
/** What a device may be granted: reading only (no uploads, no pulls into the locker). */
const DEVICE_READ_SCOPES = ['openid', 'userdetails', 'files.issueddocs', 'files.uploadeddocs', 'eaadhaar'];
const DAY_MS = 24 * 60 * 60 * 1000;

/** Device codes one requester may ask for, and codes asked for one mobile number or username. */
export const DEVICE_LIMITS = {
  perClient: { max: 300, windowMs: 60 * 60 * 1000 },
  perLogin: { max: 5, windowMs: 60 * 60 * 1000 },
  perIp: { max: 30, windowMs: 60 * 60 * 1000 },
} as const satisfies Record<string, Limit>;

export interface DeviceCodeResponse {
  device_code: string;
  dl_masked_mobile: string;
  dl_masked_email: string;
  expires_in: number;
}

/** The consent the OTP will confirm, fixed when the code is asked for (the SMS names it). */
interface DeviceContext {
  requesterId: string;
  scope: string;
  documents: string[];
  /** The drive as it was when the SMS named "your uploaded files" (`driveAsItIs`); absent before it was fixed so. */
  uploads?: DriveGrant;
  validUntil: number;
  [k: string]: unknown;
}

/**
 * For a username nobody has, a mask that looks like any other and stays the same on every ask,
 * so the answer does not tell whether the account exists.
 */
function decoyMask(deps: DomainDeps, login: string): string {
  const n = Number.parseInt(hmacHex(deps.masterKey.derive('device-flow/decoy/v1'), login).slice(0, 8), 16) % 10000;
  return `XXXXXX${String(n).padStart(4, '0')}`;
}

/**
 * The client asking for a device code. The reference sends only `client_id` (a device cannot
 * keep a secret); a client that does send its secret must send the right one.
 */
export async function identifyDeviceClient(deps: DomainDeps, clientId: string | undefined, secret: string | undefined): Promise<RequesterRow> {
  if (secret !== undefined) return authenticateClient(deps, clientId, secret);
  const row = clientId ? await deps.repos.requesters.findByClientId(clientId) : undefined;
  if (!row || row.status !== 'active') throw new AppError('invalid_client_id', 'The client id is not valid.');
  return row;
}

/**
 * The partner API's device flow, step 1 (`POST /oauth2/1/code`). Only a requester the operator
 * granted `device.flow` may use it. A consent OTP of its own purpose (`consent_device`) goes to
 * the resident's registered mobile naming the requester, what it will read and until when;
 * the device code is returned and only its hash is stored. An unknown or closed account gets
 * the same answer and no SMS, and its code never works.
 */
export async function startDeviceAuthorization(
  deps: DomainDeps,
  requester: RequesterRow,
  input: { response_type?: string; dl_username?: string; dl_mobile?: string; scope?: string },
  ctx: RequestContext,
): Promise<DeviceCodeResponse> {
  if (!requester.scopes.includes(DEVICE_SCOPE))
    throw new AppError('insufficient_scope', 'This client is not allowed the device flow; the operator grants device.flow.');
  if (input.response_type !== 'device_code') throw new AppError('unsupported_response_type', 'response_type must be device_code.');
  const username = input.dl_username?.trim() || undefined;
  const mobileIn = input.dl_mobile?.trim() || undefined;
  if ((username === undefined) === (mobileIn === undefined)) throw new AppError('parameter_missing', 'Give exactly one of dl_username and dl_mobile.');
  const mobile = mobileIn === undefined ? undefined : normaliseMobile(mobileIn);
  if (mobile !== undefined && !isValidMobile(mobile)) throw new AppError('invalid_parameter', 'dl_mobile must be a 10-digit Indian mobile number.');
  if (username !== undefined && username.length > 64) throw new AppError('invalid_parameter', 'dl_username is too long.');
  const allowed = requester.scopes.filter((s) => DEVICE_READ_SCOPES.includes(s));
  const asked = parseScope(input.scope);
  if (!asked.every((s) => allowed.includes(s)))
    throw new AppError('invalid_scope', 'The requested scope is more than this application may read by the device flow.');
  const scopes = asked.length > 0 ? asked : allowed;

  const login = mobile ?? username!.toLowerCase();
  await enforceLimit(deps, `device:ip:${ctx.ip}`, DEVICE_LIMITS.perIp);
  await enforceLimit(deps, `device:client:${requester.id}`, DEVICE_LIMITS.perClient);
  await enforceLimit(deps, `device:login:${login}`, DEVICE_LIMITS.perLogin);

  const found: ResidentRow | undefined = mobile
    ? await deps.repos.residents.findActiveByMobile(mobile)
    : await deps.repos.residents.findActiveByUsername(login);
  const resident = found?.mobile ? found : undefined;
  const now = deps.clock.now();
  const deviceCode = deps.ids.token(32);
  const id = sha256Hex(deviceCode);
  const context: DeviceContext = { requesterId: requester.id, scope: scopes.join(' '), documents: [], validUntil: now + requester.consent_days * DAY_MS };
  const code = generateOtp();
  if (resident) {
    const names: string[] = [];
    if (scopes.includes('files.issueddocs')) {
      const actor = { kind: 'resident' as const, residentId: resident.id, sessionId: 'device-flow' };
      const { documents } = await listResidentDocuments(deps, actor, { limit: 100, language: resident.language });
      for (const d of documents.filter((d) => d.status === 'active' && docTypeAllowed(requester.doc_types, d))) {
        context.documents.push(d.uri);
        names.push(d.name);
      }
    }
    if (scopes.includes('files.uploadeddocs'))
      context.uploads = await driveAsItIs(deps, { kind: 'resident', residentId: resident.id, sessionId: 'device-flow' }, MAX_TOP_FILES);
    const sms = smsTexts(resident.language);
    const what = describeGrant(scopes, names, sms.grant);
    await deps.repos.challenges.insert({
      id,
      purpose: 'consent_device',
      resident_id: resident.id,
      mobile: resident.mobile,
      code_hash: otpHash(deps.masterKey, id, code),
      last_sent_at: now,
      expires_at: now + OTP_RULES.ttlMs,
      context,
      created_at: now,
    });
    await deps.sms.send(
      resident.mobile!,
      sms.consentDevice(code, pick(requester.names, resident.language), what, smsTime(context.validUntil, resident.language)),
    );
  } else {
    // Same row, no code that could ever match, no SMS.
    await deps.repos.challenges.insert({
      id,
      purpose: 'consent_device',
      resident_id: null,
      mobile: null,
      code_hash: null,
      last_sent_at: now,
      expires_at: now + OTP_RULES.ttlMs,
      context,
      created_at: now,
    });
  }
  return {
    device_code: deviceCode,
    dl_masked_mobile: resident ? maskMobile(resident.mobile!) : mobile ? maskMobile(mobile) : decoyMask(deps, login),
    // Tijori keeps no e-mail address for residents: the OTP goes only by SMS.
    dl_masked_email: '',
    expires_in: OTP_RULES.ttlMs / 1000,
  };
}

/** OTP failures in OAuth's words; the message says what to do, never whether an account exists. */
function asGrantError(err: unknown): never {
  if (!isAppError(err)) throw err;
  switch (err.code) {
    case 'otp_wrong':
      throw new AppError('invalid_grant', err.message);
    case 'otp_expired':
      throw new AppError('expired_token', 'The device code has expired; ask for a new one.');
    case 'otp_locked':
      throw new AppError('invalid_grant', 'Too many wrong OTPs: this device code no longer works; ask for a new one.');
    case 'otp_used':
    case 'challenge_not_found':
      throw new AppError('invalid_grant', 'The device code is not valid.');
    default:
      throw err;
  }
}

/**
 * Step 2 (`grant_type=urn:ietf:params:oauth:grant-type:device_code`): the device code, from the
 * client it was issued to, with the consent OTP. Five wrong OTPs lock the device code (not the
 * resident); a right one is used once, records the consent the resident sees and can withdraw,
 * and returns an access token without a refresh token.
 */
export async function exchangeDeviceCode(
  deps: DomainDeps,
  requester: RequesterRow,
  input: { device_code?: string; dl_otp?: string },
  ctx: RequestContext,
): Promise<TokenResponse> {
  if (!input.device_code || !input.dl_otp) throw new AppError('invalid_request', 'device_code and dl_otp are required.');
  if (!requester.scopes.includes(DEVICE_SCOPE))
    throw new AppError('insufficient_scope', 'This client is not allowed the device flow; the operator grants device.flow.');
  const id = sha256Hex(input.device_code);
  const row = await deps.repos.challenges.find(id);
  const bound = row?.purpose === 'consent_device' && (row.context as DeviceContext).requesterId === requester.id;
  if (!bound) throw new AppError('invalid_grant', 'The device code is not valid.');
  const answered = await answerChallenge(deps, { challengeId: id, purpose: 'consent_device', otp: input.dl_otp }).catch(asGrantError);
  const context = answered.context as DeviceContext;
  const residentId = answered.resident_id;
  const resident = residentId ? await deps.repos.residents.findById(residentId) : undefined;
  if (!resident || resident.status !== 'active') throw new AppError('invalid_grant', 'The device code is not valid.');
  const grant: ConsentGrant = {
    residentId: resident.id,
    requester,
    scopes: parseScope(context.scope),
    documents: context.documents,
    // Absent in a code asked for before the drive was fixed with the SMS: the whole drive, as that SMS said.
    uploads: context.uploads === undefined ? null : context.uploads,
    validUntil: context.validUntil,
    via: 'device',
  };
  const consent = await recordConsent(deps, deps.repos, grant);
  await noteConsentGranted(deps, grant, consent, ctx);
  return mintTokens(deps, requester, consent, id, { nonce: null, refresh: false });
}
