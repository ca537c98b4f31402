import { createHmac, createPublicKey, timingSafeEqual, type JsonWebKey, type KeyObject } from 'node:crypto';
import { compactVerify, decodeProtectedHeader, type ProtectedHeaderParameters } from 'jose';
import { AppError } from '../../lib/errors.js';

/**
 * Aadhaar OTP authentication and e-KYC, as an AUA/KUA sees it. Two implementations are
 * planned: the development sandbox (`sandbox/`, demo residents, OTP by the SMS outbox) and a
 * real UIDAI integration, which needs an AUA/KUA licence.
 *
 * Whatever the provider, `ekyc` hands back a compact JWS (see `EkycPayload`) and the caller
 * checks it with `verifyEkycResponse` against `trustedKeys()` before using a single field.
 * A UIDAI adapter verifies UIDAI's own XML signature and re-states the response in this form.
 */
export interface AadhaarAdapter {
  readonly kind: 'sandbox' | 'uidai';
  /** Asks UIDAI to send an OTP to the mobile registered with this Aadhaar. */
  requestOtp(aadhaarNumber: string): Promise<{ txnId: string; maskedMobile: string }>;
  /** Verifies the OTP at UIDAI and returns the signed e-KYC response. */
  ekyc(aadhaarNumber: string, txnId: string, otp: string): Promise<{ signedResponse: string }>;
  /** Public keys (JWKs) whose signatures on e-KYC responses are trusted. */
  trustedKeys(): Promise<JsonWebKey[]>;
  /**
   * Demographic authentication: whether name, date of birth and gender match what UIDAI holds
   * for the number. Only yes or no, never which field differed (as UIDAI answers).
   */
  demoAuth(aadhaarNumber: string, demographics: Demographics): Promise<{ matched: boolean }>;
}

/** What a demographic authentication compares. */
export interface Demographics {
  name: string;
  /** YYYY-MM-DD */
  dob: string;
  gender: Gender;
}

/** ISO 15924 codes of the scripts Aadhaar prints local-language details in. */
export const LOCAL_SCRIPTS = ['Deva', 'Gujr', 'Guru', 'Beng', 'Orya', 'Taml', 'Telu', 'Knda', 'Mlym', 'Arab'] as const;
export type LocalScript = (typeof LOCAL_SCRIPTS)[number];

export type Gender = 'M' | 'F' | 'T';

export interface Address {
  /** "S/O …", "D/O …", "W/O …", "C/O …" as on the Aadhaar letter. */
  careOf?: string;
  house?: string;
  street?: string;
  landmark?: string;
  locality?: string;
  /** Village, town or city. */
  vtc: string;
  district: string;
  state: string;
  /** 6-digit PIN code. */
  pincode: string;
}

export interface EkycProfile {
  name: string;
  nameLocal?: string;
  localScript?: LocalScript;
  /** YYYY-MM-DD */
  dob: string;
  gender: Gender;
  address: Address;
  addressLocal?: Address;
  photo: { mediaType: 'image/png'; base64: string };
  /** Last 4 digits of the Aadhaar number: all that is ever shown (`XXXX XXXX 1234`). */
  last4: string;
  txnId: string;
}

/** The resident data inside a response: `EkycProfile` without what binds it to a transaction. */
export type EkycResident = Omit<EkycProfile, 'last4' | 'txnId'>;

/**
 * The JWS payload. It never carries the Aadhaar number: `uidHash` is
 * HMAC-SHA256(key = the txnId, message = the number), so it binds the response to one number
 * and one transaction without being a stable identifier across transactions. (A 12-digit
 * space can still be searched for one given hash, so a response is used at once and never
 * stored or logged.)
 */
export interface EkycPayload {
  /** Seconds since the epoch, as in JWT. */
  iat: number;
  exp?: number;
  iss?: string;
  txn: string;
  uidHash: string;
  uidLast4: string;
  resident: EkycResident;
}

/** `typ` header of an e-KYC response, so no other JWS the platform meets can pass for one. */
export const EKYC_JWS_TYP = 'tijori-ekyc+jwt';
/** A response older than this is refused. */
export const EKYC_MAX_AGE_MS = 10 * 60 * 1000;
/** How far in the future `iat` may be (the provider's clock running fast). */
export const EKYC_CLOCK_SKEW_MS = 60 * 1000;
/** The photo is stored as a blob: a bound before anything is decoded. */
export const EKYC_PHOTO_MAX_BYTES = 1024 * 1024;
const EKYC_MAX_JWS_CHARS = 2 * 1024 * 1024;
const ALGORITHMS = ['EdDSA', 'Ed25519'];
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The `uidHash` claim for a number in a transaction (base64url). */
export function ekycUidHash(aadhaarNumber: string, txnId: string): string {
  return createHmac('sha256', Buffer.from(txnId, 'utf8')).update('tijori-ekyc-uid/v1\0').update(aadhaarNumber, 'utf8').digest('base64url');
}

function invalid(reason: string, cause?: unknown): AppError {
  return new AppError('ekyc_invalid', `The Aadhaar e-KYC response could not be verified: ${reason}.`, undefined, cause === undefined ? undefined : { cause });
}

/**
 * Verifies a signed e-KYC response and returns the profile in it. Checks, in order: the JWS
 * is signed (EdDSA / Ed25519) by one of `trustedKeys`; it is an e-KYC response (`typ`); it was
 * issued within the last 10 minutes; it answers transaction `expected.txnId`; it is about
 * `expected.aadhaarNumber` (hash and last 4 digits); every profile field is well formed.
 * Any failure is an AppError `ekyc_invalid` whose message never contains the number.
 */
export async function verifyEkycResponse(
  signedResponse: string,
  trustedKeys: readonly JsonWebKey[],
  expected: { aadhaarNumber: string; txnId: string },
  now: number = Date.now(),
): Promise<EkycProfile> {
  if (typeof signedResponse !== 'string' || signedResponse.length === 0 || signedResponse.length > EKYC_MAX_JWS_CHARS) {
    throw invalid('it is empty or too large');
  }
  let header: ProtectedHeaderParameters;
  try {
    header = decodeProtectedHeader(signedResponse);
  } catch (err) {
    throw invalid('it is not a compact JWS', err);
  }
  if (typeof header.alg !== 'string' || !ALGORITHMS.includes(header.alg)) throw invalid('it is not signed with Ed25519');

  const candidates = trustedKeys.filter((k) => isEd25519PublicJwk(k) && (header.kid === undefined || k.kid === undefined || k.kid === header.kid));
  let payloadBytes: Uint8Array | undefined;
  let verifiedHeader: ProtectedHeaderParameters | undefined;
  for (const jwk of candidates) {
    let key: KeyObject;
    try {
      key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: jwk.x }, format: 'jwk' });
    } catch {
      continue; // a malformed trusted key cannot verify anything
    }
    try {
      const result = await compactVerify(signedResponse, key, { algorithms: ALGORITHMS });
      payloadBytes = result.payload;
      verifiedHeader = result.protectedHeader;
      break;
    } catch {
      // try the next trusted key
    }
  }
  if (!payloadBytes || !verifiedHeader) throw invalid('it is not signed by a trusted key, or it was altered');
  if (verifiedHeader.typ !== EKYC_JWS_TYP) throw invalid('it is not an e-KYC response');

  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(payloadBytes).toString('utf8'));
  } catch (err) {
    throw invalid('its payload is not JSON', err);
  }
  if (!isObject(payload)) throw invalid('its payload is not an object');

  const { iat, exp } = payload;
  if (typeof iat !== 'number' || !Number.isFinite(iat)) throw invalid('it has no issue time');
  const issuedAt = iat * 1000;
  if (issuedAt > now + EKYC_CLOCK_SKEW_MS) throw invalid('it was issued in the future');
  if (now - issuedAt > EKYC_MAX_AGE_MS) throw invalid('it is too old');
  if (exp !== undefined && (typeof exp !== 'number' || exp * 1000 <= now)) throw invalid('it has expired');

  if (typeof payload.txn !== 'string' || !safeEqual(payload.txn, expected.txnId)) throw invalid('it answers another transaction');
  if (typeof payload.uidHash !== 'string' || !safeEqual(payload.uidHash, ekycUidHash(expected.aadhaarNumber, expected.txnId))) {
    throw invalid('it is about another Aadhaar number');
  }
  const last4 = expected.aadhaarNumber.slice(-4);
  if (payload.uidLast4 !== last4) throw invalid('it is about another Aadhaar number');

  const resident = parseResident(payload.resident, now);
  return { ...resident, last4, txnId: expected.txnId };
}

function isEd25519PublicJwk(k: JsonWebKey): k is JsonWebKey & { x: string } {
  return (
    isObject(k) &&
    k.kty === 'OKP' &&
    k.crv === 'Ed25519' &&
    typeof k.x === 'string' &&
    (k.use === undefined || k.use === 'sig') &&
    (k.alg === undefined || (typeof k.alg === 'string' && ALGORITHMS.includes(k.alg)))
  );
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// ---- The resident: signed, but still checked field by field before it reaches the database.

const MAX_TEXT = 200;
// No control characters, no bidi overrides: these end up on screens and in PDFs.
const UNSAFE_TEXT = /[\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

function text(v: unknown, field: string, required: true): string;
function text(v: unknown, field: string, required: false): string | undefined;
function text(v: unknown, field: string, required: boolean): string | undefined {
  if (v === undefined && !required) return undefined;
  if (typeof v !== 'string' || v.trim().length === 0 || v.length > MAX_TEXT || UNSAFE_TEXT.test(v)) throw invalid(`its ${field} is missing or malformed`);
  return v.normalize('NFC');
}

function parseAddress(v: unknown, field: string): Address {
  if (!isObject(v)) throw invalid(`its ${field} is missing`);
  const a: Partial<Address> = {};
  for (const k of ['careOf', 'house', 'street', 'landmark', 'locality'] as const) {
    const value = text(v[k], `${field} ${k}`, false);
    if (value !== undefined) a[k] = value;
  }
  const pincode = text(v.pincode, `${field} PIN code`, true);
  if (!/^[1-9][0-9]{5}$/.test(pincode)) throw invalid(`its ${field} PIN code is malformed`);
  return {
    ...a,
    vtc: text(v.vtc, `${field} village/town/city`, true),
    district: text(v.district, `${field} district`, true),
    state: text(v.state, `${field} state`, true),
    pincode,
  };
}

function parseDob(v: unknown, now: number): string {
  if (typeof v !== 'string' || !/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(v)) throw invalid('its date of birth is malformed');
  const t = Date.parse(`${v}T00:00:00Z`);
  if (Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== v || t > now || v < '1880-01-01') throw invalid('its date of birth is malformed');
  return v;
}

function parsePhoto(v: unknown): EkycProfile['photo'] {
  if (!isObject(v) || v.mediaType !== 'image/png' || typeof v.base64 !== 'string') throw invalid('its photo is missing');
  const b64 = v.base64;
  if (b64.length === 0 || b64.length % 4 !== 0 || b64.length > Math.ceil(EKYC_PHOTO_MAX_BYTES / 3) * 4 || !/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) {
    throw invalid('its photo is malformed or too large');
  }
  const bytes = Buffer.from(b64, 'base64');
  if (bytes.length < 8 + 25 || !bytes.subarray(0, 8).equals(PNG_SIGNATURE)) throw invalid('its photo is not a PNG');
  return { mediaType: 'image/png', base64: b64 };
}

function parseResident(v: unknown, now: number): EkycResident {
  if (!isObject(v)) throw invalid('it has no resident details');
  const name = text(v.name, 'name', true);
  let localScript: LocalScript | undefined;
  if (v.localScript !== undefined) {
    if (typeof v.localScript !== 'string' || !(LOCAL_SCRIPTS as readonly string[]).includes(v.localScript)) throw invalid('its local script is unknown');
    localScript = v.localScript as LocalScript;
  }
  if ((v.nameLocal !== undefined || v.addressLocal !== undefined) && !localScript) throw invalid('it has local-language details without their script');
  const nameLocal = text(v.nameLocal, 'local-language name', false);
  const gender = v.gender;
  if (gender !== 'M' && gender !== 'F' && gender !== 'T') throw invalid('its gender is malformed');
  const dob = parseDob(v.dob, now);
  const address = parseAddress(v.address, 'address');
  const addressLocal = v.addressLocal === undefined ? undefined : parseAddress(v.addressLocal, 'local-language address');
  const photo = parsePhoto(v.photo);
  return {
    name,
    ...(nameLocal !== undefined ? { nameLocal } : {}),
    ...(localScript !== undefined ? { localScript } : {}),
    dob,
    gender,
    address,
    ...(addressLocal !== undefined ? { addressLocal } : {}),
    photo,
  };
}
