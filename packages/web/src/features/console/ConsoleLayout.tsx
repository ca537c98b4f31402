import { useState, type ReactNode } from 'react';
import { Link, NavLink, Outlet } from 'react-router';
import { staffSignOut } from '../../api/staff';
import { FormAlert } from '../../components/FormAlert';
import { PageHeading } from '../../components/PageHeading';
import { Loading, SiteFooter, SiteHeader, SkipLink } from '../../components/Layout';
import { describeError } from '../../i18n/api-errors';
import { useI18n } from '../../i18n/i18n-context';
import type { MessageKey } from '../../i18n/translation';
import { ConsoleSecondFactor } from './ConsoleSecondFactor';
import { ConsoleSignIn } from './ConsoleSignIn';
import { TotpEnrolment } from './TotpEnrolment';
import { StaffProvider } from './StaffProvider';
import { useStaff, useStaffMe } from './staff-context';

type NavItem = { to: string; label: MessageKey & `console.nav.${string}`; testId: string; end?: boolean };

const ISSUER_NAV: NavItem[] = [
  { to: '/console', label: 'console.nav.overview', testId: 'console-nav-overview', end: true },
  { to: '/console/issue', label: 'console.nav.issue', testId: 'console-nav-issue' },
  { to: '/console/status', label: 'console.nav.status', testId: 'console-nav-status' },
  { to: '/console/bulk', label: 'console.nav.bulk', testId: 'console-nav-bulk' },
];

const OPERATOR_NAV: NavItem[] = [
  { to: '/console', label: 'console.nav.directory', testId: 'console-nav-directory', end: true },
  { to: '/console/issuers/new', label: 'console.nav.register', testId: 'console-nav-register', end: true },
  { to: '/console/statistics', label: 'console.nav.statistics', testId: 'console-nav-statistics' },
  { to: '/console/requesters', label: 'console.nav.requesters', testId: 'console-nav-requesters' },
  { to: '/console/audit', label: 'console.nav.audit', testId: 'console-nav-audit' },
];

function ConsoleSignOut() {
  const { t } = useI18n();
  const staff = useStaff();
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      className="button button-small button-secondary"
      disabled={busy}
      data-testid="console-sign-out"
      onClick={() => {
        setBusy(true);
        staffSignOut()
          .catch(() => undefined)
          .finally(() => staff.ended('signedOut'));
      }}
    >
      {t('common.signOut')}
    </button>
  );
}

function ConsoleNav() {
  const { t } = useI18n();
  const me = useStaffMe();
  const items = me.role === 'operator' ? OPERATOR_NAV : ISSUER_NAV;
  return (
    <nav className="app-nav console-nav" aria-label={t('console.nav.label')}>
      <p className="console-role" data-testid="console-role" data-role={me.role}>
        {me.role === 'operator' ? t('console.role.operator') : t('console.role.issuer', { orgId: me.orgId ?? '' })} ·{' '}
        <Link to="/console/security" data-testid="console-security-link">
          {t('console.security.link')}
        </Link>
      </p>
      <ul role="list" className={`nav-${items.length}`}>
        {items.map((item) => (
          <li key={item.to}>
            <NavLink to={item.to} end={item.end ?? false} data-testid={item.testId}>
              {t(item.label)}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function ConsoleFrame() {
  const { t } = useI18n();
  const staff = useStaff();
  const { state } = staff;
  const signedIn = state.status === 'signed-in';
  let content: ReactNode;
  if (state.status === 'loading') content = <Loading />;
  else if (state.status === 'signed-out') content = <ConsoleSignIn notice={state.reason} />;
  else if (state.status === 'second-factor') content = <ConsoleSecondFactor />;
  else if (state.status === 'enrol') content = <EnrolmentRequired />;
  else if (state.status === 'error') {
    content = (
      <div className="stack">
        <h1>{t('console.loadFailed')}</h1>
        <FormAlert error={{ message: describeError(state.error, t), code: 'load_failed' }} />
        <button type="button" className="button button-primary" onClick={() => void staff.reload()}>
          {t('common.retry')}
        </button>
      </div>
    );
  } else content = <Outlet />;

  return (
    <div className="page console">
      <SkipLink />
      <SiteHeader home="/console" badge={t('console.name')} actions={signedIn || state.status === 'enrol' ? <ConsoleSignOut /> : undefined} />
      {signedIn && <ConsoleNav />}
      <main id="main" tabIndex={-1} className="main">
        {content}
      </main>
      <SiteFooter />
    </div>
  );
}

/** An operator without a second factor: its set-up is the only page until it is done. */
function EnrolmentRequired() {
  const { t } = useI18n();
  const staff = useStaff();
  return (
    <div className="narrow stack" data-testid="console-enrol-required">
      <PageHeading title={t('console.totp.enrol.title')}>{t('console.totp.enrol.title')}</PageHeading>
      <TotpEnrolment required onDone={() => void staff.reload()} />
    </div>
  );
}

/** /console: the issuers' and operators' console, behind its own (staff) sign-in. */
export function ConsoleLayout() {
  return (
    <StaffProvider>
      <ConsoleFrame />
    </StaffProvider>
  );
}

/** A console page for one role only; the other role is told, not shown a broken page. */
export function RequireRole({ role, children }: { role: 'operator' | 'issuer'; children: ReactNode }) {
  const { t } = useI18n();
  const me = useStaffMe();
  if (me.role !== role || (role === 'issuer' && !me.orgId)) {
    return (
      <div className="stack">
        <h1>{t('console.wrongRole.title')}</h1>
        <p>{role === 'operator' ? t('console.wrongRole.operator') : t('console.wrongRole.issuer')}</p>
      </div>
    );
  }
  return <>{children}</>;
}
