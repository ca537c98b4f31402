import { generateKeyPairSync, type JsonWebKey, type KeyObject } from 'node:crypto';
import fc from 'fast-check';
import { CompactSign } from 'jose';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../lib/errors.js';
import { EKYC_JWS_TYP, ekycUidHash, verifyEkycResponse, type EkycPayload, type EkycResident } from './aadhaar-adapter.js';
import { renderAvatarPng } from './sandbox/photo.js';

const NUMBER = '234123412346';
const OTHER_NUMBER = '673904287503';
const TXN = 'txn-test-0001';
const NOW = Date.UTC(2026, 0, 15, 10, 0, 0);

function keyPair(): { privateKey: KeyObject; jwk: JsonWebKey } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { privateKey, jwk: publicKey.export({ format: 'jwk' }) };
}

const resident: EkycResident = {
  name: 'Test Resident',
  nameLocal: 'परीक्षण निवासी',
  localScript: 'Deva',
  dob: '1990-01-31',
  gender: 'F',
  address: { careOf: 'D/O: Someone', vtc: 'Pune', district: 'Pune', state: 'Maharashtra', pincode: '411038' },
  addressLocal: { vtc: 'पुणे', district: 'पुणे', state: 'महाराष्ट्र', pincode: '411038' },
  photo: { mediaType: 'image/png', base64: renderAvatarPng('Test Resident').toString('base64') },
};

function payloadFor(overrides: Partial<EkycPayload> = {}, number = NUMBER, txn = TXN): EkycPayload {
  const iat = Math.floor(NOW / 1000);
  return { iat, exp: iat + 600, txn, uidHash: ekycUidHash(number, txn), uidLast4: number.slice(-4), resident, ...overrides };
}

async function sign(payload: unknown, privateKey: KeyObject, header: Record<string, unknown> = {}): Promise<string> {
  return new CompactSign(Buffer.from(JSON.stringify(payload))).setProtectedHeader({ alg: 'EdDSA', typ: EKYC_JWS_TYP, ...header }).sign(privateKey);
}

async function rejected(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => {
      throw new Error('expected ekyc_invalid, got a profile');
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe('ekyc_invalid');
  expect((err as AppError).status).toBe(502);
  expect((err as AppError).message).not.toContain(NUMBER);
  return err as AppError;
}

describe('verifyEkycResponse', () => {
  const signer = keyPair();
  const expected = { aadhaarNumber: NUMBER, txnId: TXN };

  it('returns the profile from a response signed by a trusted key', async () => {
    const profile = await verifyEkycResponse(await sign(payloadFor(), signer.privateKey), [signer.jwk], expected, NOW);
    expect(profile).toEqual({ ...resident, last4: '2346', txnId: TXN });
  });

  it('finds the right key among several, by kid or by trying each', async () => {
    const others = [keyPair().jwk, keyPair().jwk];
    const jws = await sign(payloadFor(), signer.privateKey);
    await expect(verifyEkycResponse(jws, [...others, signer.jwk], expected, NOW)).resolves.toMatchObject({ name: 'Test Resident' });
    const withKid = await sign(payloadFor(), signer.privateKey, { kid: 'k2' });
    await expect(
      verifyEkycResponse(
        withKid,
        [
          { ...others[0]!, kid: 'k1' },
          { ...signer.jwk, kid: 'k2' },
        ],
        expected,
        NOW,
      ),
    ).resolves.toBeDefined();
    // A kid pointing at another trusted key does not verify.
    await rejected(
      verifyEkycResponse(
        withKid,
        [
          { ...others[0]!, kid: 'k2' },
          { ...signer.jwk, kid: 'k1' },
        ],
        expected,
        NOW,
      ),
    );
  });

  it('rejects a response signed by an untrusted key, or with no trusted keys', async () => {
    const jws = await sign(payloadFor(), keyPair().privateKey);
    await rejected(verifyEkycResponse(jws, [signer.jwk], expected, NOW));
    await rejected(verifyEkycResponse(await sign(payloadFor(), signer.privateKey), [], expected, NOW));
  });

  it('ignores trusted keys that are not Ed25519 public signing keys', async () => {
    const jws = await sign(payloadFor(), signer.privateKey);
    await rejected(verifyEkycResponse(jws, [{ ...signer.jwk, use: 'enc' }], expected, NOW));
    await rejected(verifyEkycResponse(jws, [{ ...signer.jwk, crv: 'X25519' }], expected, NOW));
    await rejected(verifyEkycResponse(jws, [{ kty: 'oct', k: 'c2VjcmV0' }], expected, NOW));
    await rejected(verifyEkycResponse(jws, [{ ...signer.jwk, x: 'not-a-key' }], expected, NOW));
  });

  it('rejects any change to the signed payload', async () => {
    const jws = await sign(payloadFor(), signer.privateKey);
    const [h, p, s] = jws.split('.') as [string, string, string];
    const bytes = Buffer.from(p, 'base64url');
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: bytes.length - 1 }), fc.integer({ min: 1, max: 255 }), async (i, x) => {
        const changed = Buffer.from(bytes);
        changed[i] = changed[i]! ^ x;
        await rejected(verifyEkycResponse(`${h}.${changed.toString('base64url')}.${s}`, [signer.jwk], expected, NOW));
      }),
      { numRuns: 40 },
    );
    const forged = Buffer.from(JSON.stringify({ ...payloadFor(), resident: { ...resident, name: 'Someone Else' } })).toString('base64url');
    await rejected(verifyEkycResponse(`${h}.${forged}.${s}`, [signer.jwk], expected, NOW));
    // One character of the signature changed (never to the character it already was).
    const other = s[10] === 'A' ? 'B' : 'A';
    await rejected(verifyEkycResponse(`${h}.${p}.${s.slice(0, 10)}${other}${s.slice(11)}`, [signer.jwk], expected, NOW));
  });

  it('rejects alg none, HMAC and a missing or wrong typ', async () => {
    const p = Buffer.from(JSON.stringify(payloadFor())).toString('base64url');
    const none = Buffer.from(JSON.stringify({ alg: 'none', typ: EKYC_JWS_TYP })).toString('base64url');
    await rejected(verifyEkycResponse(`${none}.${p}.`, [signer.jwk], expected, NOW));
    const hmac = await new CompactSign(Buffer.from(JSON.stringify(payloadFor())))
      .setProtectedHeader({ alg: 'HS256', typ: EKYC_JWS_TYP })
      .sign(Buffer.from(String(signer.jwk.x), 'utf8'));
    await rejected(verifyEkycResponse(hmac, [signer.jwk], expected, NOW));
    await rejected(verifyEkycResponse(await sign(payloadFor(), signer.privateKey, { typ: 'JWT' }), [signer.jwk], expected, NOW));
    const noTyp = await new CompactSign(Buffer.from(JSON.stringify(payloadFor()))).setProtectedHeader({ alg: 'EdDSA' }).sign(signer.privateKey);
    await rejected(verifyEkycResponse(noTyp, [signer.jwk], expected, NOW));
  });

  it('rejects garbage', async () => {
    for (const bad of ['', 'abc', 'a.b.c', '...', 'x'.repeat(3 * 1024 * 1024)]) await rejected(verifyEkycResponse(bad, [signer.jwk], expected, NOW));
    await rejected(verifyEkycResponse(await sign('just a string', signer.privateKey), [signer.jwk], expected, NOW));
    await rejected(verifyEkycResponse(await sign([1, 2], signer.privateKey), [signer.jwk], expected, NOW));
  });

  it('rejects a response for another transaction or another number', async () => {
    const jws = await sign(payloadFor(), signer.privateKey);
    await rejected(verifyEkycResponse(jws, [signer.jwk], { aadhaarNumber: NUMBER, txnId: 'txn-test-0002' }, NOW));
    await rejected(verifyEkycResponse(jws, [signer.jwk], { aadhaarNumber: OTHER_NUMBER, txnId: TXN }, NOW));
    // Right hash, wrong last 4; right last 4, hash of another number.
    await rejected(verifyEkycResponse(await sign(payloadFor({ uidLast4: '0000' }), signer.privateKey), [signer.jwk], expected, NOW));
    await rejected(verifyEkycResponse(await sign(payloadFor({ uidHash: ekycUidHash(OTHER_NUMBER, TXN) }), signer.privateKey), [signer.jwk], expected, NOW));
    // The hash is bound to the transaction: the same number's hash from another txn does not do.
    await rejected(verifyEkycResponse(await sign(payloadFor({ uidHash: ekycUidHash(NUMBER, 'other') }), signer.privateKey), [signer.jwk], expected, NOW));
  });

  it('accepts a response up to 10 minutes old and rejects a stale or future one', async () => {
    const jws = await sign(payloadFor({ exp: undefined }), signer.privateKey);
    await expect(verifyEkycResponse(jws, [signer.jwk], expected, NOW + 10 * 60_000)).resolves.toBeDefined();
    await rejected(verifyEkycResponse(jws, [signer.jwk], expected, NOW + 10 * 60_000 + 1));
    await expect(verifyEkycResponse(jws, [signer.jwk], expected, NOW - 60_000)).resolves.toBeDefined();
    await rejected(verifyEkycResponse(jws, [signer.jwk], expected, NOW - 60_001));
    const expired = await sign(payloadFor({ exp: Math.floor(NOW / 1000) + 60 }), signer.privateKey);
    await rejected(verifyEkycResponse(expired, [signer.jwk], expected, NOW + 61_000));
    await rejected(verifyEkycResponse(await sign(payloadFor({ iat: undefined as unknown as number }), signer.privateKey), [signer.jwk], expected, NOW));
  });

  it('rejects signed but malformed resident details', async () => {
    const bad: Record<string, unknown>[] = [
      { name: '' },
      { name: 'x'.repeat(201) },
      { name: 'Evil\u202eName' },
      { name: 'Line\nbreak' },
      { dob: '1990-02-30' },
      { dob: '31-01-1990' },
      { dob: '2999-01-01' },
      { gender: 'X' },
      { localScript: 'Latn' },
      { localScript: undefined },
      { address: { ...resident.address, pincode: '01234' } },
      { address: { ...resident.address, vtc: undefined } },
      { address: { ...resident.address, house: 42 } },
      { addressLocal: 'पुणे' },
      { photo: { mediaType: 'image/jpeg', base64: resident.photo.base64 } },
      { photo: { mediaType: 'image/png', base64: Buffer.from('GIF89a not a png at all, honestly').toString('base64') } },
      { photo: { mediaType: 'image/png', base64: 'not base64!' } },
      { photo: { mediaType: 'image/png', base64: 'A'.repeat(1.5 * 1024 * 1024) } },
    ];
    for (const change of bad) {
      const jws = await sign(payloadFor({ resident: { ...resident, ...change } as EkycResident }), signer.privateKey);
      await rejected(verifyEkycResponse(jws, [signer.jwk], expected, NOW));
    }
  });

  it('accepts a resident without local-language details', async () => {
    const plain: EkycResident = { name: resident.name, dob: resident.dob, gender: 'T', address: resident.address, photo: resident.photo };
    const profile = await verifyEkycResponse(await sign(payloadFor({ resident: plain }), signer.privateKey), [signer.jwk], expected, NOW);
    expect(profile).toEqual({ ...plain, last4: '2346', txnId: TXN });
    expect('nameLocal' in profile).toBe(false);
  });
});

describe('ekycUidHash', () => {
  it('depends on the number and the transaction, and contains neither', () => {
    const h = ekycUidHash(NUMBER, TXN);
    expect(h).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(h).not.toContain(NUMBER);
    expect(ekycUidHash(NUMBER, 'txn-2')).not.toBe(h);
    expect(ekycUidHash(OTHER_NUMBER, TXN)).not.toBe(h);
  });
});
