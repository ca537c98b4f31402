import { randomBytes } from 'node:crypto';
import { CompactSign } from 'jose';
import { describe, expect, it } from 'vitest';
import { masterKeyFromBytes } from '../../../crypto/master-key.js';
import { AppError, type ErrorCode } from '../../../lib/errors.js';
import type { SmsSender } from '../../sms/sms-sender.js';
import { EKYC_JWS_TYP, verifyEkycResponse } from '../aadhaar-adapter.js';
import { DEMO_RESIDENTS, type DemoResident } from './demo-residents.js';
import { createSandboxAadhaarAdapter, ed25519PrivateKeyFromSeed } from './sandbox-aadhaar-adapter.js';

const T0 = Date.UTC(2026, 2, 1, 9, 30, 0);
const KEY = masterKeyFromBytes(Buffer.alloc(32, 0x42));
/** Valid (Verhoeff) but no demo resident has it. */
const UNKNOWN_VALID = '234123412346';

interface Sent {
  to: string;
  message: string;
}

function fakeSms(kind: SmsSender['kind'] = 'outbox'): SmsSender & { sent: Sent[] } {
  const sent: Sent[] = [];
  return {
    kind,
    sent,
    async send(to, message) {
      sent.push({ to, message });
    },
  };
}

function setup(masterKey = KEY) {
  const clock = { t: T0 };
  const sms = fakeSms();
  const adapter = createSandboxAadhaarAdapter({ masterKey, sms, now: () => clock.t });
  return { clock, sms, adapter };
}

function otpFrom(sms: { sent: Sent[] }): string {
  const m = /^([0-9]{6}) is your Aadhaar OTP \(Tijori Aadhaar sandbox\)/.exec(sms.sent.at(-1)!.message);
  expect(m).not.toBeNull();
  return m![1]!;
}

async function appError(p: Promise<unknown>, code: ErrorCode): Promise<AppError> {
  const err = await p.then(
    () => {
      throw new Error(`expected ${code}, got success`);
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe(code);
  return err as AppError;
}

/** Every way a number could leak: plain, grouped, hyphenated. */
function leaks(text: string, number: string): boolean {
  const grouped = `${number.slice(0, 4)} ${number.slice(4, 8)} ${number.slice(8)}`;
  return text.includes(number) || text.includes(grouped) || text.includes(grouped.replaceAll(' ', '-')) || text.includes(number.slice(0, 8));
}

function decodePayload(jws: string): string {
  return Buffer.from(jws.split('.')[1]!, 'base64url').toString('utf8');
}

const hetal = DEMO_RESIDENTS.find((r) => r.name === 'Hetal Jignesh Patel')!;
const ganesh = DEMO_RESIDENTS.find((r) => r.name === 'Ganesh Dattatray More')!;

describe('Tijori Aadhaar sandbox adapter', () => {
  it('is a sandbox', () => {
    expect(setup().adapter.kind).toBe('sandbox');
  });

  it('round trip for every demo resident: requestOtp → SMS → ekyc → verified profile, number never in clear', async () => {
    const { sms, adapter, clock } = setup();
    const keys = await adapter.trustedKeys();
    for (const r of DEMO_RESIDENTS) {
      const { txnId, maskedMobile } = await adapter.requestOtp(r.aadhaarNumber);
      expect(maskedMobile).toBe(`XXXXXX${r.mobile.slice(-4)}`);
      const last = sms.sent.at(-1)!;
      expect(last.to).toBe(r.mobile);
      expect(last.message).toContain('Tijori Aadhaar sandbox');
      expect(last.message).toContain(`XXXX XXXX ${r.aadhaarNumber.slice(-4)}`);
      expect(leaks(last.message, r.aadhaarNumber)).toBe(false);
      expect(leaks(txnId, r.aadhaarNumber)).toBe(false);

      clock.t += 30_000;
      const { signedResponse } = await adapter.ekyc(r.aadhaarNumber, txnId, otpFrom(sms));
      expect(leaks(signedResponse, r.aadhaarNumber)).toBe(false);
      expect(leaks(decodePayload(signedResponse), r.aadhaarNumber)).toBe(false);

      const profile = await verifyEkycResponse(signedResponse, keys, { aadhaarNumber: r.aadhaarNumber, txnId }, clock.t + 5_000);
      expect(profile).toMatchObject({ name: r.name, dob: r.dob, gender: r.gender, address: r.address, last4: r.aadhaarNumber.slice(-4), txnId });
      expect(profile.nameLocal).toBe(r.nameLocal);
      expect(profile.localScript).toBe(r.localScript);
      expect(profile.addressLocal).toEqual(r.addressLocal);
      expect(profile.photo.mediaType).toBe('image/png');
      expect(Buffer.from(profile.photo.base64, 'base64').subarray(1, 4).toString('latin1')).toBe('PNG');
      expect(JSON.stringify(profile)).not.toContain(r.aadhaarNumber);
    }
    expect(sms.sent).toHaveLength(DEMO_RESIDENTS.length);
  });

  it('gives each transaction its own OTP, and the same photo each time', async () => {
    const { sms, adapter } = setup();
    const a = await adapter.requestOtp(hetal.aadhaarNumber);
    const otpA = otpFrom(sms);
    const b = await adapter.requestOtp(hetal.aadhaarNumber);
    const otpB = otpFrom(sms);
    expect(a.txnId).not.toBe(b.txnId);
    // The OTP of one transaction does not open another (unless by a 1-in-a-million coincidence).
    if (otpA !== otpB) await appError(adapter.ekyc(hetal.aadhaarNumber, b.txnId, otpA), 'otp_wrong');
    const keys = await adapter.trustedKeys();
    const p1 = await verifyEkycResponse(
      (await adapter.ekyc(hetal.aadhaarNumber, a.txnId, otpA)).signedResponse,
      keys,
      { aadhaarNumber: hetal.aadhaarNumber, txnId: a.txnId },
      T0,
    );
    const p2 = await verifyEkycResponse(
      (await adapter.ekyc(hetal.aadhaarNumber, b.txnId, otpB)).signedResponse,
      keys,
      { aadhaarNumber: hetal.aadhaarNumber, txnId: b.txnId },
      T0,
    );
    expect(p1.photo.base64).toBe(p2.photo.base64);
  });

  it('rejects a wrong or malformed OTP with otp_wrong', async () => {
    const { sms, adapter } = setup();
    const { txnId } = await adapter.requestOtp(hetal.aadhaarNumber);
    const otp = otpFrom(sms);
    const wrong = String((Number(otp) + 1) % 1_000_000).padStart(6, '0');
    for (const bad of [wrong, '', '12345', '1234567', 'abcdef', `${otp} `, ` ${otp}`, '１２３４５６']) {
      const err = await appError(adapter.ekyc(hetal.aadhaarNumber, txnId, bad), 'otp_wrong');
      expect(err.status).toBe(400);
      expect(leaks(err.message, hetal.aadhaarNumber)).toBe(false);
    }
    // The right OTP still works afterwards: the sandbox counts no attempts (the caller does).
    await expect(adapter.ekyc(hetal.aadhaarNumber, txnId, otp)).resolves.toHaveProperty('signedResponse');
  });

  it('binds the OTP to the number and the transaction', async () => {
    const { sms, adapter } = setup();
    const { txnId } = await adapter.requestOtp(hetal.aadhaarNumber);
    const otp = otpFrom(sms);
    await appError(adapter.ekyc(ganesh.aadhaarNumber, txnId, otp), 'otp_wrong');
    // A made-up transaction with a fresh time: the OTP does not carry over.
    await appError(adapter.ekyc(hetal.aadhaarNumber, `sbx-${T0}-${'A'.repeat(16)}`, otp), 'otp_wrong');
    await appError(adapter.ekyc(hetal.aadhaarNumber, txnId.replace(/^sbx-[0-9]+/, `sbx-${T0 + 1}`), otp), 'otp_wrong');
    for (const badTxn of ['', 'nonsense', `${txnId}x`, txnId.toUpperCase()]) await appError(adapter.ekyc(hetal.aadhaarNumber, badTxn, otp), 'otp_wrong');
  });

  it('expires the transaction after 10 minutes (otp_expired)', async () => {
    const { sms, adapter, clock } = setup();
    const { txnId } = await adapter.requestOtp(hetal.aadhaarNumber);
    const otp = otpFrom(sms);
    clock.t = T0 + 10 * 60_000;
    await expect(adapter.ekyc(hetal.aadhaarNumber, txnId, otp)).resolves.toBeDefined();
    clock.t = T0 + 10 * 60_000 + 1;
    const err = await appError(adapter.ekyc(hetal.aadhaarNumber, txnId, otp), 'otp_expired');
    expect(err.status).toBe(410);
    // Expiry is checked after the OTP: a wrong OTP on an old transaction is still just wrong.
    await appError(adapter.ekyc(hetal.aadhaarNumber, txnId, otp === '000000' ? '000001' : '000000'), 'otp_wrong');
    // A transaction from the future (another process's clock far ahead) is refused too.
    clock.t = T0 - 2 * 60_000;
    await appError(adapter.ekyc(hetal.aadhaarNumber, txnId, otp), 'otp_expired');
  });

  it('rejects an invalid number with aadhaar_invalid, sending nothing and echoing nothing', async () => {
    const { sms, adapter } = setup();
    for (const bad of ['234123412347', '123412341234', '2341 2341 2346', '12345', '']) {
      const err = await appError(adapter.requestOtp(bad), 'aadhaar_invalid');
      if (bad.length >= 8) expect(err.message).not.toContain(bad);
      await appError(adapter.ekyc(bad, 'sbx-1-AAAAAAAAAAAAAAAA', '123456'), 'aadhaar_invalid');
    }
    expect(sms.sent).toHaveLength(0);
  });

  it('answers an unknown but valid number with the 4xx aadhaar_otp_unavailable, and a failing gateway with 502', async () => {
    const { sms, adapter } = setup();
    const err = await appError(adapter.requestOtp(UNKNOWN_VALID), 'aadhaar_otp_unavailable');
    expect(err.status).toBe(422);
    expect(leaks(err.message, UNKNOWN_VALID)).toBe(false);
    expect(err.message).not.toMatch(/not found|unknown|exist|register|demo/i);
    expect(sms.sent).toHaveLength(0);
    // A failing SMS gateway gives the very same message.
    const failing = createSandboxAadhaarAdapter({
      masterKey: KEY,
      sms: {
        kind: 'outbox',
        send: () => Promise.reject(new Error('gateway down')),
      },
    });
    const err2 = await appError(failing.requestOtp(hetal.aadhaarNumber), 'aadhaar_otp_failed');
    expect(err2.status).toBe(502);
  });

  it('is stateless: another process with the same master key completes the transaction', async () => {
    const one = setup();
    const two = createSandboxAadhaarAdapter({ masterKey: masterKeyFromBytes(Buffer.alloc(32, 0x42)), sms: fakeSms(), now: () => T0 + 1_000 });
    const { txnId } = await one.adapter.requestOtp(ganesh.aadhaarNumber);
    const { signedResponse } = await two.ekyc(ganesh.aadhaarNumber, txnId, otpFrom(one.sms));
    expect(await two.trustedKeys()).toEqual(await one.adapter.trustedKeys());
    const profile = await verifyEkycResponse(signedResponse, await one.adapter.trustedKeys(), { aadhaarNumber: ganesh.aadhaarNumber, txnId }, T0 + 2_000);
    expect(profile.name).toBe(ganesh.name);
    expect(profile.nameLocal).toBeUndefined();
  });

  it('publishes only a public Ed25519 key, derived from the master key', async () => {
    const { adapter } = setup();
    const [jwk, ...rest] = await adapter.trustedKeys();
    expect(rest).toHaveLength(0);
    expect(jwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' });
    expect(jwk).not.toHaveProperty('d');
    expect(typeof jwk!.kid).toBe('string');
    const other = createSandboxAadhaarAdapter({ masterKey: masterKeyFromBytes(randomBytes(32)), sms: fakeSms() });
    expect((await other.trustedKeys())[0]!.x).not.toBe(jwk!.x);
    // The caller cannot alter the adapter's key list.
    (await adapter.trustedKeys())[0]!.x = 'tampered';
    expect((await adapter.trustedKeys())[0]!.x).toBe(jwk!.x);
  });

  it('a response signed under another master key is rejected', async () => {
    const ours = setup();
    const theirs = setup(masterKeyFromBytes(randomBytes(32)));
    const { txnId } = await theirs.adapter.requestOtp(hetal.aadhaarNumber);
    const { signedResponse } = await theirs.adapter.ekyc(hetal.aadhaarNumber, txnId, otpFrom(theirs.sms));
    const err = await appError(
      verifyEkycResponse(signedResponse, await ours.adapter.trustedKeys(), { aadhaarNumber: hetal.aadhaarNumber, txnId }, T0),
      'ekyc_invalid',
    );
    expect(leaks(err.message, hetal.aadhaarNumber)).toBe(false);
    // And the other way round it verifies, so the failure was the key.
    await expect(
      verifyEkycResponse(signedResponse, await theirs.adapter.trustedKeys(), { aadhaarNumber: hetal.aadhaarNumber, txnId }, T0),
    ).resolves.toBeDefined();
  });

  it('a tampered response is rejected', async () => {
    const { sms, adapter } = setup();
    const keys = await adapter.trustedKeys();
    const { txnId } = await adapter.requestOtp(hetal.aadhaarNumber);
    const { signedResponse } = await adapter.ekyc(hetal.aadhaarNumber, txnId, otpFrom(sms));
    const [h, p, s] = signedResponse.split('.') as [string, string, string];
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as { resident: DemoResident & Record<string, unknown> };
    payload.resident.name = 'Mallory';
    const forged = `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`;
    await appError(verifyEkycResponse(forged, keys, { aadhaarNumber: hetal.aadhaarNumber, txnId }, T0), 'ekyc_invalid');
    // Re-signed with a key of the attacker's own: still rejected.
    const mallory = ed25519PrivateKeyFromSeed(randomBytes(32));
    const resigned = await new CompactSign(Buffer.from(JSON.stringify(payload)))
      .setProtectedHeader({ alg: 'EdDSA', typ: EKYC_JWS_TYP, kid: keys[0]!.kid as string })
      .sign(mallory);
    await appError(verifyEkycResponse(resigned, keys, { aadhaarNumber: hetal.aadhaarNumber, txnId }, T0), 'ekyc_invalid');
  });

  it('a response is only good for its own transaction, number and 10 minutes', async () => {
    const { sms, adapter } = setup();
    const keys = await adapter.trustedKeys();
    const { txnId } = await adapter.requestOtp(hetal.aadhaarNumber);
    const { signedResponse } = await adapter.ekyc(hetal.aadhaarNumber, txnId, otpFrom(sms));
    const { txnId: otherTxn } = await adapter.requestOtp(hetal.aadhaarNumber);
    await appError(verifyEkycResponse(signedResponse, keys, { aadhaarNumber: hetal.aadhaarNumber, txnId: otherTxn }, T0), 'ekyc_invalid');
    await appError(verifyEkycResponse(signedResponse, keys, { aadhaarNumber: ganesh.aadhaarNumber, txnId }, T0), 'ekyc_invalid');
    await expect(verifyEkycResponse(signedResponse, keys, { aadhaarNumber: hetal.aadhaarNumber, txnId }, T0 + 9 * 60_000)).resolves.toBeDefined();
    await appError(verifyEkycResponse(signedResponse, keys, { aadhaarNumber: hetal.aadhaarNumber, txnId }, T0 + 10 * 60_000 + 1_000), 'ekyc_invalid');
  });

  it('refuses to send demo OTPs through a real SMS gateway unless told to', () => {
    expect(() => createSandboxAadhaarAdapter({ masterKey: KEY, sms: fakeSms('http') })).toThrow(/Tijori Aadhaar sandbox/);
    expect(() => createSandboxAadhaarAdapter({ masterKey: KEY, sms: fakeSms('http'), allowRealSms: true })).not.toThrow();
  });

  it('ed25519PrivateKeyFromSeed builds the RFC 8032 key for a seed', () => {
    // RFC 8032 section 7.1, test 1.
    const seed = Buffer.from('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60', 'hex');
    const jwk = ed25519PrivateKeyFromSeed(seed).export({ format: 'jwk' });
    expect(Buffer.from(String(jwk.x), 'base64url').toString('hex')).toBe('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a');
    expect(() => ed25519PrivateKeyFromSeed(Buffer.alloc(31))).toThrow(RangeError);
  });
});

describe('Tijori Aadhaar sandbox: demographic authentication', () => {
  const r = DEMO_RESIDENTS.find((d) => d.name.split(' ').length === 3)!;
  const asked = { name: r.name, dob: r.dob, gender: r.gender };

  it('matches name, date of birth and gender, tolerant of case, initials and a middle name left out', async () => {
    const { adapter, sms } = setup();
    const [first, middle, last] = r.name.split(' ') as [string, string, string];
    for (const name of [r.name, r.name.toUpperCase(), `${first[0]}. ${middle[0]}. ${last}`, `${first} ${last}`])
      expect((await adapter.demoAuth(r.aadhaarNumber, { ...asked, name })).matched, name).toBe(true);
    expect(sms.sent).toEqual([]);
  });

  it('answers only no for another name, date, gender or number, and refuses an invalid number', async () => {
    const { adapter } = setup();
    const other = r.gender === 'M' ? 'F' : 'M';
    for (const wrong of [{ name: `${r.name} Kumar` }, { name: 'Someone Else' }, { dob: '2000-01-01' }, { gender: other as 'M' | 'F' }])
      expect(await adapter.demoAuth(r.aadhaarNumber, { ...asked, ...wrong })).toEqual({ matched: false });
    expect(await adapter.demoAuth(UNKNOWN_VALID, asked)).toEqual({ matched: false });
    await expect(adapter.demoAuth('123456789012', asked)).rejects.toMatchObject({ code: 'aadhaar_invalid' });
  });
});
