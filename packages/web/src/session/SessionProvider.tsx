import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { isApiError, isUnreachable, onUnauthenticated } from '../api/client';
import { takeEarly } from '../api/early';
import { getMe, updateLanguage } from '../api/me';
import type { Me } from '../api/types';
import { useI18n } from '../i18n/i18n-context';
import { isLanguageCode } from '../i18n/languages';
import { storedLanguage } from '../i18n/storage';
import { offlineCopies, wipeOfflineCopies } from '../offline/wipe';
import { SessionContext, type EndReason, type Session, type SessionState } from './session-context';

/** Who is signed in, as the server says; when it cannot be reached, as this device's offline copy says. */
async function currentState(): Promise<SessionState> {
  try {
    return { status: 'signed-in', me: await (takeEarly('me') ?? getMe()) };
  } catch (err) {
    if (isApiError(err) && err.status === 401) return { status: 'signed-out', reason: null };
    if (isUnreachable(err)) {
      const copy = await offlineCopies()
        .then((m) => m.readMe())
        .catch(() => null);
      if (copy) return { status: 'signed-in', me: copy.value, offline: { checkedAt: copy.checkedAt } };
    }
    return { status: 'error', error: err };
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const { lang, setLanguage } = useI18n();

  const reload = useCallback(async () => {
    setState({ status: 'loading' });
    setState(await currentState());
  }, []);

  useEffect(() => {
    void reload();
  }, [reload]);

  // Any call that finds the session gone (idle timeout, signed out elsewhere) lands here.
  useEffect(() => onUnauthenticated(() => setState((s) => (s.status === 'signed-in' ? { status: 'signed-out', reason: 'expired' } : s))), []);

  // Signed out, for whatever reason the server gave: this device forgets the offline copies.
  useEffect(() => {
    if (state.status === 'signed-out') void wipeOfflineCopies();
  }, [state.status]);

  // Back online after running from the copies: ask the server again (the pages then fetch fresh data).
  const offline = state.status === 'signed-in' ? (state.offline ?? null) : null;
  useEffect(() => {
    if (!offline) return;
    const retry = () =>
      void currentState().then((fresh) => {
        if (fresh.status === 'signed-out' || (fresh.status === 'signed-in' && !fresh.offline)) setState(fresh);
      });
    window.addEventListener('online', retry);
    return () => window.removeEventListener('online', retry);
  }, [offline]);

  const me = state.status === 'signed-in' ? state.me : null;

  // The language follows the person: a choice made on this device wins and is saved to the
  // account; with no choice here yet, the account's language is adopted.
  useEffect(() => {
    if (!me || me.language === lang) return;
    if (storedLanguage() === null && isLanguageCode(me.language)) {
      setLanguage(me.language);
      return;
    }
    let cancelled = false;
    updateLanguage(lang)
      .then((fresh) => {
        if (!cancelled) setState((s) => (s.status === 'signed-in' ? { status: 'signed-in', me: fresh } : s));
      })
      .catch(() => {
        // Not worth bothering the person: the portal still shows their choice.
      });
    return () => {
      cancelled = true;
    };
  }, [me, lang, setLanguage]);

  const session = useMemo<Session>(
    () => ({
      state,
      me,
      offline,
      setMe: (fresh: Me) => setState({ status: 'signed-in', me: fresh }),
      ended: (reason: EndReason) => setState({ status: 'signed-out', reason }),
      reload,
    }),
    [state, me, offline, reload],
  );

  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}
