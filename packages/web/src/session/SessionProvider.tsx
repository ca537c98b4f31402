import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { isApiError, onUnauthenticated } from '../api/client';
import { getMe, updateLanguage } from '../api/me';
import type { Me } from '../api/types';
import { useI18n } from '../i18n/i18n-context';
import { isLanguageCode } from '../i18n/languages';
import { storedLanguage } from '../i18n/storage';
import { SessionContext, type EndReason, type Session, type SessionState } from './session-context';

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const { lang, setLanguage } = useI18n();

  const reload = useCallback(async () => {
    setState({ status: 'loading' });
    try {
      setState({ status: 'signed-in', me: await getMe() });
    } catch (err) {
      setState(isApiError(err) && err.status === 401 ? { status: 'signed-out', reason: null } : { status: 'error', error: err });
    }
  }, []);

  useEffect(() => {
    void reload();
  }, [reload]);

  // Any call that finds the session gone (idle timeout, signed out elsewhere) lands here.
  useEffect(() => onUnauthenticated(() => setState((s) => (s.status === 'signed-in' ? { status: 'signed-out', reason: 'expired' } : s))), []);

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
      setMe: (fresh: Me) => setState({ status: 'signed-in', me: fresh }),
      ended: (reason: EndReason) => setState({ status: 'signed-out', reason }),
      reload,
    }),
    [state, me, reload],
  );

  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}
