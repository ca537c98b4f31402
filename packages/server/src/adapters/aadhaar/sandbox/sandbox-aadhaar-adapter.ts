import { createHmac, createPrivateKey, createPublicKey, randomBytes, timingSafeEqual, type JsonWebKey, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, CompactSign } from 'jose';
import type { MasterKey } from '../../../crypto/master-key.js';
import { isValidAadhaar, maskAadhaar } from '../../../domain/aadhaar/verhoeff.js';
import { namesMatch } from '../../../domain/pull/name-match.js';
import { AppError } from '../../../lib/errors.js';
import type { SmsSender } from '../../sms/sms-sender.js';
import { EKYC_JWS_TYP, EKYC_MAX_AGE_MS, ekycUidHash, type AadhaarAdapter, type EkycPayload, type EkycResident } from '../aadhaar-adapter.js';
import { findDemoResident, type DemoResident } from './demo-residents.js';
import { renderAvatarPng } from './photo.js';

/**
 * TIJORI AADHAAR SANDBOX — a development stand-in for UIDAI's OTP authentication and e-KYC,
 * answering for the demo residents only (see `demo-residents.ts`).
 *
 * Stateless, so any number of server processes sharing the master key agree:
 * - `txnId` = `sbx-<issue time, ms>-<96 random bits>`;
 * - the OTP = HMAC-SHA256(key derived for 'aadhaar-sandbox-otp', txnId, number) → 6 digits,
 *   so it is bound to both the transaction and the number and cannot be predicted;
 * - e-KYC responses are signed with an Ed25519 key derived from the master key
 *   ('aadhaar-sandbox-signing'), published by `trustedKeys()`.
 * It counts no attempts: the caller's OTP challenge does (≤ 5, as UIDAI would).
 *
 * The Aadhaar number never appears in clear in an SMS, an error, a txnId or a response.
 */

export const SANDBOX_ISSUER = 'tijori-aadhaar-sandbox';
/** How long a sandbox OTP (and its transaction) lives. */
export const SANDBOX_OTP_TTL_MS = 10 * 60 * 1000;
const CLOCK_SKEW_MS = 60 * 1000;
const OTP_PURPOSE = 'aadhaar-sandbox-otp';
const SIGNING_PURPOSE = 'aadhaar-sandbox-signing';
const TXN = /^sbx-([0-9]{1,15})-([A-Za-z0-9_-]{16})$/;
/** RFC 8410 PKCS#8 prefix for an Ed25519 private key; the 32-byte seed follows. */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export interface SandboxAadhaarAdapterOptions {
  masterKey: MasterKey;
  /** Delivers the OTP to the demo resident's registered mobile. */
  sms: SmsSender;
  /** Epoch milliseconds; tests move it. */
  now?: () => number;
  /**
   * The demo residents' mobiles are made up but could belong to real people: the sandbox
   * refuses an SMS sender that reaches real phones (`kind !== 'outbox'`) unless this is set.
   */
  allowRealSms?: boolean;
}

/** An Ed25519 private key whose 32-byte seed is `seed`. */
export function ed25519PrivateKeyFromSeed(seed: Buffer): KeyObject {
  if (seed.length !== 32) throw new RangeError('an Ed25519 seed is 32 bytes');
  return createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
}

export function createSandboxAadhaarAdapter(options: SandboxAadhaarAdapterOptions): AadhaarAdapter {
  const { masterKey, sms } = options;
  const now = options.now ?? Date.now;
  if (sms.kind !== 'outbox' && !options.allowRealSms) {
    throw new Error(
      'the Tijori Aadhaar sandbox sends OTPs to made-up demo mobiles and will only do so through the development SMS outbox; ' +
        'pass allowRealSms: true to use a real SMS gateway with it',
    );
  }
  const otpKey = masterKey.derive(OTP_PURPOSE);
  const privateKey = ed25519PrivateKeyFromSeed(masterKey.derive(SIGNING_PURPOSE));
  const publicJwk = createPublicKey(privateKey).export({ format: 'jwk' });
  const x = String(publicJwk.x);
  const keyPromise: Promise<{ kid: string; jwk: JsonWebKey }> = calculateJwkThumbprint({ kty: 'OKP', crv: 'Ed25519', x }).then((kid) => ({
    kid,
    jwk: { kty: 'OKP', crv: 'Ed25519', x, kid, alg: 'EdDSA', use: 'sig' },
  }));
  const photos = new Map<string, string>();

  function otpFor(txnId: string, aadhaarNumber: string): string {
    const mac = createHmac('sha256', otpKey).update('tijori-aadhaar-sandbox-otp/v1\0').update(txnId).update('\0').update(aadhaarNumber).digest();
    return (mac.readBigUInt64BE(0) % 1_000_000n).toString().padStart(6, '0');
  }

  function requireValid(aadhaarNumber: string): void {
    if (typeof aadhaarNumber !== 'string' || !isValidAadhaar(aadhaarNumber)) {
      throw new AppError('aadhaar_invalid', 'Tijori Aadhaar sandbox: that is not a valid Aadhaar number.');
    }
  }

  function photoOf(r: DemoResident): string {
    let b64 = photos.get(r.aadhaarNumber);
    if (!b64) {
      b64 = renderAvatarPng(r.name, { longHair: r.gender !== 'M', grey: r.dob < '1965' }).toString('base64');
      photos.set(r.aadhaarNumber, b64);
    }
    return b64;
  }

  return {
    kind: 'sandbox',

    async requestOtp(aadhaarNumber) {
      requireValid(aadhaarNumber);
      const resident = findDemoResident(aadhaarNumber);
      if (!resident) {
        // The resident's mistake (or a number with no mobile), not an outage: a 4xx, as UIDAI
        // answers; worded alike for both, so it does not say whether the number exists.
        throw new AppError(
          'aadhaar_otp_unavailable',
          'Tijori Aadhaar sandbox: no OTP can be sent for this Aadhaar number. Check the number; if it is right, have a mobile number linked to your Aadhaar at an Aadhaar centre.',
        );
      }
      const txnId = `sbx-${now()}-${randomBytes(12).toString('base64url')}`;
      const otp = otpFor(txnId, aadhaarNumber);
      const message =
        `${otp} is your Aadhaar OTP (Tijori Aadhaar sandbox) for ${maskAadhaar(aadhaarNumber)}. ` +
        `It is valid for ${SANDBOX_OTP_TTL_MS / 60_000} minutes. Do not share it with anyone.`;
      try {
        await sms.send(resident.mobile, message);
      } catch (err) {
        throw new AppError('aadhaar_otp_failed', 'Tijori Aadhaar sandbox: could not send an OTP for this Aadhaar number. Try again later.', undefined, {
          cause: err,
        });
      }
      return { txnId, maskedMobile: `XXXXXX${resident.mobile.slice(-4)}` };
    },

    async ekyc(aadhaarNumber, txnId, otp) {
      requireValid(aadhaarNumber);
      const m = typeof txnId === 'string' ? TXN.exec(txnId) : null;
      const expected = Buffer.from(m ? otpFor(txnId, aadhaarNumber) : '000000', 'utf8');
      const wellFormed = typeof otp === 'string' && /^[0-9]{6}$/.test(otp);
      const given = Buffer.from(wellFormed ? otp : '------', 'utf8');
      const matches = timingSafeEqual(expected, given);
      if (!m || !wellFormed || !matches) throw new AppError('otp_wrong', 'Tijori Aadhaar sandbox: the OTP is not correct.');

      const issuedAt = Number(m[1]);
      const t = now();
      if (t - issuedAt > SANDBOX_OTP_TTL_MS || issuedAt - t > CLOCK_SKEW_MS) {
        throw new AppError('otp_expired', 'Tijori Aadhaar sandbox: this OTP has expired. Ask for a new one.');
      }
      const r = findDemoResident(aadhaarNumber);
      if (!r)
        throw new AppError(
          'aadhaar_otp_unavailable',
          'Tijori Aadhaar sandbox: no OTP can be sent for this Aadhaar number. Check the number; if it is right, have a mobile number linked to your Aadhaar at an Aadhaar centre.',
        );

      const resident: EkycResident = {
        name: r.name,
        ...(r.nameLocal !== undefined ? { nameLocal: r.nameLocal } : {}),
        ...(r.localScript !== undefined ? { localScript: r.localScript } : {}),
        dob: r.dob,
        gender: r.gender,
        address: { ...r.address },
        ...(r.addressLocal !== undefined ? { addressLocal: { ...r.addressLocal } } : {}),
        photo: { mediaType: 'image/png', base64: photoOf(r) },
      };
      const iat = Math.floor(t / 1000);
      const payload: EkycPayload = {
        iss: SANDBOX_ISSUER,
        iat,
        exp: iat + Math.floor(EKYC_MAX_AGE_MS / 1000),
        txn: txnId,
        uidHash: ekycUidHash(aadhaarNumber, txnId),
        uidLast4: aadhaarNumber.slice(-4),
        resident,
      };
      const { kid } = await keyPromise;
      const signedResponse = await new CompactSign(Buffer.from(JSON.stringify(payload), 'utf8'))
        .setProtectedHeader({ alg: 'EdDSA', typ: EKYC_JWS_TYP, kid })
        .sign(privateKey);
      return { signedResponse };
    },

    async trustedKeys() {
      return [{ ...(await keyPromise).jwk }];
    },

    async demoAuth(aadhaarNumber, demographics) {
      requireValid(aadhaarNumber);
      const r = findDemoResident(aadhaarNumber);
      // As tolerant of the name as a pull's record match; strict on date of birth and gender.
      const matched = !!r && r.dob === demographics.dob && r.gender === demographics.gender && namesMatch(demographics.name, r.name);
      return { matched };
    },
  };
}
