import type { DomainDeps } from '../context.js';

/**
 * The dashboard is read by people, many at once on a busy day (operators' pages refreshing), and
 * its figures already trail the events by seconds (verifications are tallied every 5 s, other
 * processes add theirs within seconds). So each process keeps a whole answer for ANSWER_FRESH_MS
 * per window and language, and gives it to everyone who asks meanwhile, saying when it was read
 * (`asOf`): the counters are read once per few seconds however many ask, and the answer costs a
 * request next to nothing. Time comes from `deps.clock`, so a test moves past the window.
 */
export const ANSWER_FRESH_MS = 5_000;
const MAX_ANSWERS = 64;

type Entry = { value: Promise<unknown>; readAt: number };
/** Per database (tests run many in one process). */
const caches = new WeakMap<object, Map<string, Entry>>();

/** The answer under `key` read less than ANSWER_FRESH_MS ago, or `load(now)`'s (shared by those who ask meanwhile). */
export function freshAnswer<T>(deps: Pick<DomainDeps, 'db' | 'clock'>, key: string, load: (now: number) => Promise<T>): Promise<T> {
  let cache = caches.get(deps.db);
  if (!cache) caches.set(deps.db, (cache = new Map()));
  const now = deps.clock.now();
  const hit = cache.get(key);
  // A clock set back (an NTP step) ends the window rather than stretching it.
  if (hit && now >= hit.readAt && now - hit.readAt < ANSWER_FRESH_MS) return hit.value as Promise<T>;
  if (cache.size >= MAX_ANSWERS) cache.clear();
  const value = load(now);
  cache.set(key, { value, readAt: now });
  // A failed reading is not kept: the next request tries again.
  value.catch(() => {
    if (cache.get(key)?.value === value) cache.delete(key);
  });
  return value;
}
