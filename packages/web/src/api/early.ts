import { api } from './client';
import { EARLY_PAGE, EARLY_REQUESTS, type EarlyRequest } from './early-requests';
import type { Success } from './types';

declare global {
  interface Window {
    /** The fetches index.html's inline script started (absent in development, where Vite serves the page). */
    __tijoriEarly?: Partial<Record<EarlyRequest, Promise<Response>>>;
  }
}

type Answers = { me: Success<'/api/v1/me', 'get'>; documents: Success<'/api/v1/me/documents', 'get'> };
const early: { [K in EarlyRequest]?: Promise<Answers[K]> } = {};

/**
 * The locker's first questions (who is signed in; their issued documents), asked before the
 * first render: on a slow network they travel beside the scripts and the dictionary instead of
 * after them. The page's inline script has usually asked already; this reads its answers
 * as every API answer is read (errors, an ended session). Each is taken once, by the first
 * caller that wants it; later calls ask again.
 */
export function askEarly(pathname: string): void {
  const started = window.__tijoriEarly ?? {};
  delete window.__tijoriEarly;
  if (!EARLY_PAGE.test(pathname)) return;
  const me = api<Answers['me']>('GET', EARLY_REQUESTS.me, undefined, { response: started.me });
  const documents = api<Answers['documents']>('GET', EARLY_REQUESTS.documents, undefined, { response: started.documents });
  early.me = me;
  early.documents = documents;
  // An answer nobody takes (the reader moved on) is not an error. With no session, the early
  // list is dropped: the list shown after signing in must be asked again.
  documents.catch(() => undefined);
  me.catch(() => {
    if (early.documents === documents) delete early.documents;
  });
}

export function takeEarly<K extends EarlyRequest>(key: K): Promise<Answers[K]> | undefined {
  const pending = early[key];
  delete early[key];
  return pending;
}
