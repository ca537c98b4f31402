import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { aadhaarLookupHmac, openAadhaar, sealAadhaar } from './aadhaar-vault.js';
import { masterKeyFromBytes } from './master-key.js';

const master = masterKeyFromBytes(Buffer.alloc(32, 7));
const other = masterKeyFromBytes(Buffer.alloc(32, 8));
const NUMBER = '407154525645';

describe('the Aadhaar vault', () => {
  it('seals a number so that its bytes are not in the ciphertext, and opens it with the same key and entry', () => {
    const { ciphertext } = sealAadhaar(master, NUMBER, 'ref-a');
    expect(ciphertext.toString('latin1')).not.toContain(NUMBER);
    expect(ciphertext.length).toBe(12 + NUMBER.length + 16);
    expect(openAadhaar(master, ciphertext, 'ref-a')).toBe(NUMBER);
  });

  it('refuses a ciphertext moved to another entry, opened under another master key, or altered', () => {
    const { ciphertext } = sealAadhaar(master, NUMBER, 'ref-a');
    expect(() => openAadhaar(master, ciphertext, 'ref-b')).toThrow();
    expect(() => openAadhaar(other, ciphertext, 'ref-a')).toThrow();
    const altered = Buffer.from(ciphertext);
    altered[14]! ^= 1;
    expect(() => openAadhaar(master, altered, 'ref-a')).toThrow();
  });

  it('looks numbers up by a keyed HMAC: stable under one master key, different under another, not a plain hash', () => {
    expect(aadhaarLookupHmac(master, NUMBER)).toBe(aadhaarLookupHmac(master, NUMBER));
    expect(aadhaarLookupHmac(master, NUMBER)).not.toBe(aadhaarLookupHmac(other, NUMBER));
    expect(aadhaarLookupHmac(master, NUMBER)).not.toBe(createHash('sha256').update(NUMBER).digest('hex'));
  });
});
