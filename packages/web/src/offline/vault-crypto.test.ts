import { describe, expect, it } from 'vitest';
import { newVaultKeys, openBytes, openJson, recordId, sealBytes, sealJson } from './vault-crypto.js';

const text = (b: ArrayBuffer) => new TextDecoder().decode(b);

describe('offline vault encryption', () => {
  it('opens what it sealed, and the stored bytes do not contain the plain text', async () => {
    const keys = await newVaultKeys();
    const doc = { name: 'PAN Card', docId: 'ABCDE1234F' };
    const sealed = await sealJson(keys, 'r1', doc);
    expect(text(sealed.data)).not.toContain('ABCDE1234F');
    expect(sealed.iv.byteLength).toBe(12);
    expect(await openJson(keys, 'r1', sealed)).toEqual(doc);
  });

  it('uses a fresh IV for every record', async () => {
    const keys = await newVaultKeys();
    const a = await sealBytes(keys, 'r', new Uint8Array([1, 2, 3]));
    const b = await sealBytes(keys, 'r', new Uint8Array([1, 2, 3]));
    expect(Buffer.from(a.iv).equals(Buffer.from(b.iv))).toBe(false);
    expect(Buffer.from(a.data).equals(Buffer.from(b.data))).toBe(false);
  });

  it('refuses a record that was altered, moved to another id, or sealed under other keys', async () => {
    const keys = await newVaultKeys();
    const sealed = await sealBytes(keys, 'pdf-1', new TextEncoder().encode('%PDF-1.7'));
    const flipped = new Uint8Array(sealed.data.slice(0));
    flipped[0] = flipped[0]! ^ 1;
    await expect(openBytes(keys, 'pdf-1', { iv: sealed.iv, data: flipped.buffer })).rejects.toThrow();
    await expect(openBytes(keys, 'pdf-2', sealed)).rejects.toThrow();
    await expect(openBytes(await newVaultKeys(), 'pdf-1', sealed)).rejects.toThrow();
    expect(text(await openBytes(keys, 'pdf-1', sealed))).toBe('%PDF-1.7');
  });

  it('keeps its keys inside WebCrypto: they cannot be exported', async () => {
    const keys = await newVaultKeys();
    expect(keys.seal.extractable).toBe(false);
    expect(keys.name.extractable).toBe(false);
    await expect(crypto.subtle.exportKey('raw', keys.seal)).rejects.toThrow();
  });

  it('names records by a keyed hash, stable per vault and different between vaults', async () => {
    const keys = await newVaultKeys();
    const id = await recordId(keys, 'doc:in.gov.pan-PANCR-ABCDE1234F');
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    expect(await recordId(keys, 'doc:in.gov.pan-PANCR-ABCDE1234F')).toBe(id);
    expect(await recordId(await newVaultKeys(), 'doc:in.gov.pan-PANCR-ABCDE1234F')).not.toBe(id);
  });
});
