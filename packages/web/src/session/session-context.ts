import { createContext, useContext } from 'react';
import type { Me } from '../api/types';

/** Why the last session ended, shown once on the sign-in page. */
export type EndReason = 'expired' | 'signedOut' | 'signedOutEverywhere' | 'deleted';

export type SessionState =
  | { status: 'loading' }
  | { status: 'signed-out'; reason: EndReason | null }
  /** `offline`: the server could not be reached, and `me` is the copy kept on this device. */
  | { status: 'signed-in'; me: Me; offline?: { checkedAt: string } }
  | { status: 'error'; error: unknown };

export interface Session {
  state: SessionState;
  me: Me | null;
  /** Set while the locker runs from this device's offline copies (the server unreachable). */
  offline: { checkedAt: string } | null;
  /** After sign-in, sign-up or any call that returns the fresh resident. */
  setMe(me: Me): void;
  /** The server has already ended the session (or the account); forget it here. */
  ended(reason: EndReason): void;
  reload(): Promise<void>;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession needs <SessionProvider> above it');
  return session;
}

/** Only for components under <RequireSession>. */
export function useMe() {
  const { me } = useSession();
  if (!me) throw new Error('useMe outside a signed-in area');
  return me;
}
