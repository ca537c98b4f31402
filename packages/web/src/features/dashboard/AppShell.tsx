import { useState } from 'react';
import { NavLink, Outlet } from 'react-router';
import { signOut } from '../../api/auth';
import { SiteFooter, SiteHeader, SkipLink } from '../../components/Layout';
import { useI18n } from '../../i18n/i18n-context';
import type { MessageKey } from '../../i18n/translation';
import { useSession } from '../../session/session-context';

const NAV: { to: string; label: MessageKey & `app.nav.${string}`; end?: boolean }[] = [
  { to: '/app', label: 'app.nav.issued', end: true },
  { to: '/app/uploaded', label: 'app.nav.uploaded' },
  { to: '/app/shared', label: 'app.nav.shared' },
  { to: '/app/inbox', label: 'app.nav.inbox' },
  { to: '/app/activity', label: 'app.nav.activity' },
  { to: '/app/consents', label: 'app.nav.consents' },
  { to: '/app/profile', label: 'app.nav.profile' },
  { to: '/app/sessions', label: 'app.nav.sessions' },
];

function SignOutButton() {
  const { t } = useI18n();
  const session = useSession();
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      className="button button-small button-secondary"
      disabled={busy}
      data-testid="sign-out"
      onClick={() => {
        setBusy(true);
        // Whatever the server says (even "already signed out"), this device forgets the session.
        signOut()
          .catch(() => undefined)
          .finally(() => session.ended('signedOut'));
      }}
    >
      {t('common.signOut')}
    </button>
  );
}

/** The signed-in frame: header (language, sign out), the locker's sections, the page. */
export function AppShell() {
  const { t } = useI18n();
  return (
    <div className="page">
      <SkipLink />
      <SiteHeader home="/app" actions={<SignOutButton />} />
      <nav className="app-nav" aria-label={t('app.nav.label')}>
        <ul role="list">
          {NAV.map((item) => (
            <li key={item.to}>
              <NavLink to={item.to} end={item.end ?? false} data-testid={`nav-${item.to.split('/')[2] ?? 'issued'}`}>
                {t(item.label)}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" tabIndex={-1} className="main">
        <Outlet />
      </main>
      <SiteFooter />
    </div>
  );
}
