import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { Loading, PublicLayoutFrame } from '../components/Layout';
import { FormAlert } from '../components/FormAlert';
import { describeError } from '../i18n/api-errors';
import { useI18n } from '../i18n/i18n-context';
import { useSession } from './session-context';

/** Signed-in pages: wait for the session, or send the person to sign in (and back after). */
export function RequireSession({ children }: { children: ReactNode }) {
  const { state, reload } = useSession();
  const { t } = useI18n();
  const location = useLocation();

  if (state.status === 'loading') {
    return (
      <PublicLayoutFrame>
        <Loading />
      </PublicLayoutFrame>
    );
  }
  if (state.status === 'signed-out') {
    // Come back here after an expired session or a bookmarked link; not after signing out on
    // purpose, when the next person to sign in on this device may be someone else.
    const keep = state.reason === null || state.reason === 'expired';
    const to = keep ? `/sign-in?next=${encodeURIComponent(location.pathname + location.search)}` : '/sign-in';
    return <Navigate to={to} replace state={state.reason ? { notice: state.reason } : null} />;
  }
  if (state.status === 'error') {
    return (
      <PublicLayoutFrame>
        <h1>{t('app.loadFailed')}</h1>
        <FormAlert error={{ message: describeError(state.error, t), code: 'load_failed' }} />
        <button type="button" className="button button-primary" onClick={() => void reload()}>
          {t('common.retry')}
        </button>
      </PublicLayoutFrame>
    );
  }
  return <>{children}</>;
}
