import { describe, expect, it } from 'vitest';
import { AppError } from '../../lib/errors.js';
import { ids } from '../../lib/ids.js';
import { deviceLabel } from '../sessions/device-label.js';
import { eventHash } from '../activity/hash-chain.js';
import { assertPinStrong } from './credential-rules.js';
import { isValidMobile, maskMobile, normaliseMobile } from './mobile.js';
import { generateOtp } from './otp.js';

describe('mobile numbers', () => {
  it('accepts the ways people type them and rejects the rest', () => {
    for (const typed of ['9876543210', '+91 98765 43210', '+919876543210', '09876543210', '98765-43210']) {
      expect(normaliseMobile(typed)).toBe('9876543210');
    }
    for (const bad of ['5876543210', '987654321', '98765432100', '+1 9876543210']) expect(isValidMobile(normaliseMobile(bad))).toBe(false);
    expect(maskMobile('9876543210')).toBe('XXXXXX3210');
  });
});

describe('PIN rules', () => {
  it('refuses repeated digits and straight runs, accepts others', () => {
    for (const weak of ['000000', '999999', '123456', '654321', '345678']) {
      expect(() => assertPinStrong(weak)).toThrow(AppError);
    }
    for (const ok of ['482913', '112233', '135790']) expect(() => assertPinStrong(ok)).not.toThrow();
  });
});

describe('OTP generation', () => {
  it('gives six digits spread over the whole range', () => {
    const seen = new Set<string>();
    const firstDigits = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const otp = generateOtp();
      expect(otp).toMatch(/^\d{6}$/);
      seen.add(otp);
      firstDigits.add(otp[0]!);
    }
    expect(seen.size).toBeGreaterThan(1990);
    expect(firstDigits.size).toBe(10);
  });
});

describe('device labels', () => {
  it('names common phones and browsers', () => {
    expect(deviceLabel('Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/23.0 Chrome/115.0 Mobile Safari/537.36')).toBe(
      'Samsung Internet on Android',
    );
    expect(deviceLabel('Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0')).toBe('Firefox on Windows');
    expect(deviceLabel(undefined)).toBe('Unknown device');
  });
});

describe('activity hash', () => {
  it('changes with every field and cannot be confused by shifting text between fields', () => {
    const base = { residentId: 'r', seq: 1, at: 1, type: 'signed_in', details: '{}', prevHash: '0'.repeat(64) };
    const h = eventHash(base);
    expect(eventHash({ ...base, seq: 2 })).not.toBe(h);
    expect(eventHash({ ...base, details: '{"ip":"1"}' })).not.toBe(h);
    expect(eventHash({ ...base, type: 'signed_i', details: 'n{}' })).not.toBe(h);
  });
});

describe('UUIDv7', () => {
  it('sorts in creation order even within one millisecond', () => {
    const made = Array.from({ length: 500 }, () => ids.uuidv7());
    expect([...made].sort()).toEqual(made);
    expect(made[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
