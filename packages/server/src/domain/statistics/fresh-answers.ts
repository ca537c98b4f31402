import type { DomainDeps } from '../context.js';

/**
 * The dashboard is read by people, many at once on a busy day (operators' pages refreshing), and
 * its figures already trail the events by seconds (verifications are tallied every 5 s, other
 * processes add theirs within seconds). So each process keeps a whole answer for ANSWER_FRESH_MS
 * per window and language, and gives it to everyone who asks meanwhile, saying when it was read
 * (`asOf`): the counters are read once per few seconds however many ask, and the answer costs a
 * request next to nothing. Time comes from `deps.clock`, so a test moves past the window.
 *
 * A request in the answer's last REFRESH_AHEAD_MS starts the next reading and still gets the
 * current answer; a request after the window gets that reading (or waits for a new one when
 * nobody asked in time). So under steady traffic no request waits for a reading, and no answer
 * older than ANSWER_FRESH_MS is given.
 */
export const ANSWER_FRESH_MS = 5_000;
export const REFRESH_AHEAD_MS = 1_000;
const MAX_ANSWERS = 64;

type Reading = { value: Promise<unknown>; readAt: number };
type Slot = { current: Reading; next?: Reading };
/** Per database (tests run many in one process). */
const caches = new WeakMap<object, Map<string, Slot>>();

// A clock set back (an NTP step) ends the window rather than stretching it.
const fresh = (r: Reading, now: number) => now >= r.readAt && now - r.readAt < ANSWER_FRESH_MS;

/** The answer under `key` read less than ANSWER_FRESH_MS ago, or `load(now)`'s (shared by those who ask meanwhile). */
export function freshAnswer<T>(deps: Pick<DomainDeps, 'db' | 'clock'>, key: string, load: (now: number) => Promise<T>): Promise<T> {
  let cache = caches.get(deps.db);
  if (!cache) caches.set(deps.db, (cache = new Map()));
  const answers = cache;
  const now = deps.clock.now();
  const read = (slot: Slot): Reading => {
    const reading = { value: load(now), readAt: now };
    // A failed reading is not kept: the next request tries again.
    reading.value.catch(() => {
      if (slot.next === reading) delete slot.next;
      if (slot.current === reading && answers.get(key) === slot) answers.delete(key);
    });
    return reading;
  };

  const slot = answers.get(key);
  if (slot && fresh(slot.current, now)) {
    if (!slot.next && now - slot.current.readAt >= ANSWER_FRESH_MS - REFRESH_AHEAD_MS) slot.next = read(slot);
    return slot.current.value as Promise<T>;
  }
  if (slot?.next && fresh(slot.next, now)) {
    slot.current = slot.next;
    delete slot.next;
    return slot.current.value as Promise<T>;
  }
  if (answers.size >= MAX_ANSWERS) answers.clear();
  const created = {} as Slot;
  created.current = read(created);
  answers.set(key, created);
  return created.current.value as Promise<T>;
}
