/** Where to go after signing in or up: a path inside the locker (`next`), or the locker itself. */
export function safeNext(next: string | null): string {
  return next && /^\/app(\/|$|\?)/.test(next) ? next : '/app';
}

/** `path` with the same `next` carried along (sign-in ↔ sign-up keep where the person was going). */
export function withNext(path: string, next: string | null): string {
  return next ? `${path}?next=${encodeURIComponent(safeNext(next))}` : path;
}
