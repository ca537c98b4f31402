import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, hotp, matchTotp, otpauthUri, totpCode, totpStep } from './totp.js';

// RFC 6238 Appendix B: the seed is the ASCII of "1234567890" repeated to the hash's key size.
const SEED_SHA1 = Buffer.from('12345678901234567890');
const SEED_SHA256 = Buffer.from('12345678901234567890123456789012');
const SEED_SHA512 = Buffer.from('1234567890123456789012345678901234567890123456789012345678901234');

const RFC6238: [seconds: number, sha1: string, sha256: string, sha512: string][] = [
  [59, '94287082', '46119246', '90693936'],
  [1111111109, '07081804', '68084774', '25091201'],
  [1111111111, '14050471', '67062674', '99943326'],
  [1234567890, '89005924', '91819424', '93441116'],
  [2000000000, '69279037', '90698825', '38618901'],
  [20000000000, '65353130', '77737706', '47863826'],
];

describe('TOTP (RFC 6238) and HOTP (RFC 4226)', () => {
  for (const [seconds, sha1, sha256, sha512] of RFC6238) {
    it(`gives the RFC 6238 test vectors at T=${seconds}s`, () => {
      const step = totpStep(seconds * 1000);
      expect(totpCode(SEED_SHA1, step, 8, 'sha1')).toBe(sha1);
      expect(totpCode(SEED_SHA256, step, 8, 'sha256')).toBe(sha256);
      expect(totpCode(SEED_SHA512, step, 8, 'sha512')).toBe(sha512);
    });
  }

  it('gives the RFC 4226 Appendix D HOTP values for counters 0–9', () => {
    const want = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
    expect(want.map((_, counter) => hotp(SEED_SHA1, counter))).toEqual(want);
  });

  it('accepts a code one step either side of now and answers which step it was, nothing further', () => {
    const now = 1_700_000_000_000;
    const step = totpStep(now);
    for (const offset of [-1, 0, 1]) expect(matchTotp(SEED_SHA1, totpCode(SEED_SHA1, step + offset), now)).toBe(step + offset);
    for (const offset of [-2, 2, 10]) expect(matchTotp(SEED_SHA1, totpCode(SEED_SHA1, step + offset), now)).toBeUndefined();
    expect(matchTotp(SEED_SHA1, '12345', now)).toBeUndefined();
    expect(matchTotp(SEED_SHA1, 'abcdef', now)).toBeUndefined();
  });

  it('writes secrets in RFC 4648 base32 (test vectors) and reads them back, spaces and case aside', () => {
    const vectors: [string, string][] = [
      ['', ''],
      ['f', 'MY'],
      ['fo', 'MZXQ'],
      ['foo', 'MZXW6'],
      ['foob', 'MZXW6YQ'],
      ['fooba', 'MZXW6YTB'],
      ['foobar', 'MZXW6YTBOI'],
    ];
    for (const [plain, encoded] of vectors) {
      expect(base32Encode(Buffer.from(plain))).toBe(encoded);
      expect(base32Decode(encoded.toLowerCase()).toString()).toBe(plain);
    }
    expect(base32Decode('GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ')).toEqual(SEED_SHA1);
    expect(() => base32Decode('not base32!')).toThrow();
  });

  it('builds the otpauth:// URI authenticator apps read, with the label and issuer escaped', () => {
    expect(otpauthUri({ issuer: 'Tijori console', account: 'ops.admin', secret: SEED_SHA1 })).toBe(
      'otpauth://totp/Tijori%20console:ops.admin?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Tijori%20console&algorithm=SHA1&digits=6&period=30',
    );
  });
});
