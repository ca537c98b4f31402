import type { DomainDeps } from '../context.js';
import type { LocalizedText } from './localized.js';

/**
 * Issuer and document-type names change rarely (a directory edit) and are only shown, so the
 * pages that show many of them (verification, a resident's listing) keep them briefly instead of
 * joining them into every query. A document's own status is never cached here.
 */
export const NAMES_TTL_MS = 30_000;
const MAX_NAMES = 5_000;

type Entry = { value: unknown; until: number };

/** Per database (tests run many in one process): `i:<issuer id>` → { orgId, names }, `t:<issuer id>:<code>` → names or null. */
const caches = new WeakMap<object, Map<string, Entry>>();

async function cached<T>(deps: Pick<DomainDeps, 'db'>, key: string, load: () => Promise<T>): Promise<T> {
  let cache = caches.get(deps.db);
  if (!cache) caches.set(deps.db, (cache = new Map()));
  const now = performance.now();
  const hit = cache.get(key);
  if (hit && hit.until > now) return hit.value as T;
  const value = await load();
  if (cache.size >= MAX_NAMES) cache.clear();
  cache.set(key, { value, until: now + NAMES_TTL_MS });
  return value;
}

/** An issuer's org id and names, or null when the id is unknown. */
export function issuerNames(deps: Pick<DomainDeps, 'db' | 'repos'>, issuerId: string): Promise<{ orgId: string; names: LocalizedText } | null> {
  return cached(deps, `i:${issuerId}`, async () => {
    const issuer = await deps.repos.issuers.findById(issuerId);
    return issuer ? { orgId: issuer.org_id, names: issuer.names } : null;
  });
}

/** A document type's names, or null when the issuer has no such type. */
export function typeNames(deps: Pick<DomainDeps, 'db' | 'repos'>, issuerId: string, code: string): Promise<LocalizedText | null> {
  return cached(deps, `t:${issuerId}:${code}`, async () => {
    const type = await deps.repos.issuers.findDocumentType(issuerId, code);
    return type ? type.names : null;
  });
}
