import { Link } from 'react-router';
import { PageHeading } from '../../components/PageHeading';
import { useI18n } from '../../i18n/i18n-context';
import { LANGUAGES } from '../../i18n/languages';
import { useSession } from '../../session/session-context';

export function LandingPage() {
  const { t } = useI18n();
  const { state } = useSession();
  const signedIn = state.status === 'signed-in';

  return (
    <div className="landing stack-lg">
      <section className="hero stack">
        <PageHeading title={t('app.tagline')}>{t('landing.title')}</PageHeading>
        <p className="lead">{t('landing.intro')}</p>
        {signedIn ? (
          <div className="stack-sm">
            <p>{t('landing.signedInAs')}</p>
            <Link to="/app" className="button button-primary button-block">
              {t('landing.openLocker')}
            </Link>
          </div>
        ) : (
          <div className="cta-grid">
            <div className="stack-sm">
              <p className="cta-caption">{t('landing.newHere')}</p>
              <Link to="/sign-up" className="button button-primary button-block" data-testid="landing-sign-up">
                {t('common.signUp')}
              </Link>
            </div>
            <div className="stack-sm">
              <p className="cta-caption">{t('landing.haveAccount')}</p>
              <Link to="/sign-in" className="button button-secondary button-block" data-testid="landing-sign-in">
                {t('common.signIn')}
              </Link>
            </div>
          </div>
        )}
      </section>

      <ul className="feature-list" role="list">
        <li className="card">
          <h2>{t('landing.issued.title')}</h2>
          <p>{t('landing.issued.body')}</p>
        </li>
        <li className="card">
          <h2>{t('landing.uploaded.title')}</h2>
          <p>{t('landing.uploaded.body')}</p>
        </li>
        <li className="card">
          <h2>{t('landing.shared.title')}</h2>
          <p>{t('landing.shared.body')}</p>
        </li>
      </ul>
      <section className="card stack-sm" aria-labelledby="landing-verify-heading">
        <h2 id="landing-verify-heading">{t('landing.verify.title')}</h2>
        <p>{t('landing.verify.body')}</p>
        <Link to="/verify" className="button button-secondary" data-testid="landing-verify">
          {t('landing.verify.cta')}
        </Link>
      </section>
      <p className="muted">
        {t('landing.availableIn')}{' '}
        {LANGUAGES.map((l, i) => (
          <span key={l.code}>
            {i > 0 && ' · '}
            <span lang={l.code}>{l.name}</span>
          </span>
        ))}
      </p>
      <p className="muted small">
        {t('landing.console')}{' '}
        <Link to="/console" data-testid="landing-console">
          {t('landing.consoleLink')}
        </Link>
      </p>
    </div>
  );
}
