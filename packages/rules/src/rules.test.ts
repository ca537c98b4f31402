import { describe, expect, it } from 'vitest';
import { isDate, isSixDigits, isValidMobile, isWeakPin, maskMobile, normaliseLogin, normaliseMobile, onlyDigits } from './index.js';

describe('mobile numbers', () => {
  it('accepts a number however it was typed, the same way on both sides', () => {
    for (const typed of ['9876543210', '+91 98765 43210', '91-98765-43210', '098765 43210', '(98765) 43210', '98765.43210']) {
      expect(normaliseMobile(typed), typed).toBe('9876543210');
    }
    expect(isValidMobile('9876543210')).toBe(true);
    expect(isValidMobile('5876543210')).toBe(false);
    expect(isValidMobile('987654321')).toBe(false);
    expect(maskMobile('9876543210')).toBe('XXXXXX3210');
  });

  it('tells a mobile login from a username', () => {
    expect(normaliseLogin(' +91 98765 43210 ')).toBe('9876543210');
    expect(normaliseLogin(' Anjali.M ')).toBe('anjali.m');
  });
});

describe('PINs', () => {
  it('is six ASCII digits, and refuses the first guesses', () => {
    expect(isSixDigits('048213')).toBe(true);
    expect(isSixDigits('04821')).toBe(false);
    expect(isSixDigits('०४८२१३')).toBe(false);
    for (const weak of ['000000', '777777', '123456', '987654', '456789']) expect(isWeakPin(weak), weak).toBe(true);
    for (const fine of ['048213', '135790', '112233']) expect(isWeakPin(fine), fine).toBe(false);
  });

  it('reads Devanagari and Gujarati digits as typed on an Indian keyboard', () => {
    expect(onlyDigits('०४८ २१३', 6)).toBe('048213');
    expect(onlyDigits('૦૪૮૨૧૩૯', 6)).toBe('048213');
  });
});

describe('dates', () => {
  it('is YYYY-MM-DD and a day that exists', () => {
    expect(isDate('2024-02-29')).toBe(true);
    expect(isDate('2023-02-29')).toBe(false);
    expect(isDate('2000-02-29')).toBe(true);
    expect(isDate('1900-02-29')).toBe(false);
    expect(isDate('2024-04-31')).toBe(false);
    expect(isDate('2024-13-01')).toBe(false);
    expect(isDate('24-01-01')).toBe(false);
  });
});

describe('Aadhaar numbers in free text', () => {
  it('masks valid numbers however they are written, and leaves other digits alone', async () => {
    const { maskAadhaarNumbers } = await import('./index.js');
    expect(maskAadhaarNumbers('Aadhaar 3249 1261 0678.pdf')).toBe('Aadhaar XXXX XXXX 0678.pdf');
    expect(maskAadhaarNumbers('324912610678')).toBe('XXXX XXXX 0678');
    expect(maskAadhaarNumbers('scan-3249-1261-0678 and 407154525645')).toBe('scan-XXXX XXXX 0678 and XXXX XXXX 5645');
    // Fails the Verhoeff check, or is not 12 digits: not an Aadhaar number.
    expect(maskAadhaarNumbers('324912610679')).toBe('324912610679');
    expect(maskAadhaarNumbers('Roll 15374848, year 2014')).toBe('Roll 15374848, year 2014');
    expect(maskAadhaarNumbers('1324912610678')).toBe('1324912610678');
  });
});
