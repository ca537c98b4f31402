/**
 * What the page asks before its scripts arrive, when it opens on the locker's front page (the
 * Issued list): who is signed in, and the list's first page. index.html's inline script
 * (scripts/dictionary-preload-plugin.ts) starts these fetches; src/api/early.ts hands their
 * answers to the first callers. Shared by both, so the two cannot drift apart.
 */
export const EARLY_PAGE = /^\/app\/?$/;

/** The Issued list's page size; its first page is one of the early requests. */
export const ISSUED_PAGE = 20;

export const EARLY_REQUESTS = {
  me: '/api/v1/me',
  documents: `/api/v1/me/documents?limit=${ISSUED_PAGE}`,
} as const;

export type EarlyRequest = keyof typeof EARLY_REQUESTS;

/** The fetch options of every API call (src/api/client.ts), so an early answer is the same answer. */
export const API_FETCH_INIT = {
  credentials: 'same-origin',
  cache: 'no-store',
  headers: { accept: 'application/json, application/problem+json' },
} as const;
