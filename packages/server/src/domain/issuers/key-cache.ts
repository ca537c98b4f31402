import { createPublicKey, type KeyObject } from 'node:crypto';
import type { SigningAlg } from '../../crypto/signing-keys.js';
import type { DomainDeps } from '../context.js';

/** An issuer's public key, ready to verify with (node:crypto), and whose key it is. */
export interface VerificationKey {
  kid: string;
  issuerId: string;
  alg: SigningAlg;
  key: KeyObject;
}

/** Bound on remembered keys per database; far above any real directory (keys rotate rarely). */
const MAX_KEYS = 10_000;

interface KeyCache {
  keys: Map<string, VerificationKey>;
  /** Look-ups in flight, so a burst of requests for a new kid makes one query. */
  pending: Map<string, Promise<VerificationKey | undefined>>;
}

/** One cache per database (tests run many in one process); entries go with the database handle. */
const caches = new WeakMap<object, KeyCache>();

function cacheFor(deps: Pick<DomainDeps, 'db'>): KeyCache {
  let cache = caches.get(deps.db);
  if (!cache) {
    cache = { keys: new Map(), pending: new Map() };
    caches.set(deps.db, cache);
  }
  return cache;
}

/**
 * The public key with this id (bare, or `did…#kid` as in a JWS header), imported once and then
 * kept: a key's public half never changes, and retired keys must keep verifying what they
 * signed, so nothing ever invalidates an entry. Unknown ids are not remembered (anyone can make
 * one up), so a key created after a miss is found on the next request.
 */
export async function verificationKey(deps: Pick<DomainDeps, 'db' | 'repos'>, kid: string): Promise<VerificationKey | undefined> {
  const bare = kid.includes('#') ? kid.slice(kid.lastIndexOf('#') + 1) : kid;
  const cache = cacheFor(deps);
  const hit = cache.keys.get(bare);
  if (hit) return hit;
  let pending = cache.pending.get(bare);
  if (!pending) {
    pending = load(deps, bare).finally(() => cache.pending.delete(bare));
    cache.pending.set(bare, pending);
  }
  const found = await pending;
  if (found && !cache.keys.has(bare)) {
    // Bounded: past the cap the oldest entry goes (Map keeps insertion order).
    if (cache.keys.size >= MAX_KEYS) cache.keys.delete(cache.keys.keys().next().value!);
    cache.keys.set(bare, found);
  }
  return found;
}

async function load(deps: Pick<DomainDeps, 'repos'>, kid: string): Promise<VerificationKey | undefined> {
  const row = await deps.repos.issuers.findPublicKey(kid);
  if (!row) return undefined;
  let key: KeyObject;
  try {
    key = createPublicKey({ key: row.public_jwk, format: 'jwk' });
  } catch {
    return undefined;
  }
  return { kid: row.kid, issuerId: row.issuer_id, alg: row.alg, key };
}
