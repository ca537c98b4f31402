import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { MasterKey } from './master-key.js';

/**
 * A small secret sealed for storage the way the project seals its others (signing keys, client
 * secrets): AES-256-GCM under a key derived from the master key for `purpose`, laid out as
 * iv ‖ ciphertext ‖ tag, with `binding` (the owning row's id) as associated data so a sealed
 * value copied onto another row does not open.
 */
export function sealSecret(master: MasterKey, purpose: string, binding: string, plaintext: Buffer): Buffer {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', master.derive(purpose), iv);
  c.setAAD(Buffer.from(binding));
  return Buffer.concat([iv, c.update(plaintext), c.final(), c.getAuthTag()]);
}

export function openSecret(master: MasterKey, purpose: string, binding: string, sealed: Uint8Array): Buffer {
  const bytes = Buffer.from(sealed);
  const d = createDecipheriv('aes-256-gcm', master.derive(purpose), bytes.subarray(0, 12));
  d.setAAD(Buffer.from(binding));
  d.setAuthTag(bytes.subarray(bytes.length - 16));
  return Buffer.concat([d.update(bytes.subarray(12, bytes.length - 16)), d.final()]);
}
