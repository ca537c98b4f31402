import { sha256Hex } from '../../crypto/secrets.js';

export const GENESIS_HASH = '0'.repeat(64);

export interface ChainedEvent {
  residentId: string;
  seq: number;
  at: number;
  type: string;
  /** The exact JSON text stored, so what is hashed is what is kept. */
  details: string;
  prevHash: string;
}

/**
 * hash = SHA-256 over the event's fields and the previous event's hash, each length-prefixed
 * so no two different events can serialise to the same bytes. Editing, removing or
 * reordering any stored event changes every hash after it.
 */
export function eventHash(e: ChainedEvent): string {
  const fields = ['tijori-activity-v1', e.residentId, String(e.seq), String(e.at), e.type, e.details, e.prevHash];
  return sha256Hex(fields.map((f) => `${Buffer.byteLength(f)}:${f}`).join('|'));
}
