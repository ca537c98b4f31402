import type { ReactNode } from 'react';
import { Link, Outlet } from 'react-router';
import { useI18n } from '../i18n/i18n-context';
import { LanguageSwitcher } from './LanguageSwitcher';

export function SkipLink() {
  const { t } = useI18n();
  return (
    <a className="skip-link" href="#main">
      {t('common.skipToContent')}
    </a>
  );
}

export function BrandMark() {
  return (
    <svg className="brand-mark" aria-hidden="true" focusable="false" viewBox="0 0 512 512" width="32" height="32">
      <rect width="512" height="512" rx="112" fill="#1e3a8a" />
      <rect x="116" y="112" width="280" height="268" rx="32" fill="#fff" />
      <rect x="144" y="140" width="224" height="212" rx="18" fill="none" stroke="#1e3a8a" strokeWidth="12" />
      <circle cx="236" cy="246" r="58" fill="#f59e0b" />
      <circle cx="236" cy="246" r="20" fill="#1e3a8a" />
      <rect x="318" y="212" width="18" height="68" rx="9" fill="#1e3a8a" />
    </svg>
  );
}

export function SiteHeader({ home = '/', actions, badge }: { home?: string; actions?: ReactNode; badge?: string }) {
  const { t } = useI18n();
  return (
    <header className="site-header">
      <div className="site-header-inner">
        <Link to={home} className="brand">
          <BrandMark />
          <span>{t('app.name')}</span>
          {badge && <span className="brand-badge">{badge}</span>}
        </Link>
        <div className="site-header-tools">
          <LanguageSwitcher />
          {actions}
        </div>
      </div>
    </header>
  );
}

export function SiteFooter() {
  const { t } = useI18n();
  return (
    <footer className="site-footer">
      <p>{t('footer.about')}</p>
    </footer>
  );
}

/** The frame of pages anyone can see: skip link, header with the language switcher, footer. */
export function PublicLayoutFrame({ children }: { children: ReactNode }) {
  return (
    <div className="page">
      <SkipLink />
      <SiteHeader />
      <main id="main" tabIndex={-1} className="main">
        {children}
      </main>
      <SiteFooter />
    </div>
  );
}

/** Route element for landing, sign-up, sign-in and the developer tools. */
export function PublicLayout() {
  return (
    <PublicLayoutFrame>
      <Outlet />
    </PublicLayoutFrame>
  );
}

export function Loading() {
  const { t } = useI18n();
  return (
    <p role="status" className="loading" data-testid="loading">
      {t('common.loading')}
    </p>
  );
}

export function EmptyState({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <div className="empty-state" data-testid={testId}>
      <svg aria-hidden="true" focusable="false" viewBox="0 0 48 48" width="48" height="48">
        <rect x="8" y="6" width="32" height="36" rx="4" fill="none" stroke="currentColor" strokeWidth="3" />
        <path d="M15 16h18M15 24h18M15 32h10" stroke="currentColor" strokeWidth="3" strokeLinecap="round" />
      </svg>
      <h2>{title}</h2>
      <p>{children}</p>
    </div>
  );
}
