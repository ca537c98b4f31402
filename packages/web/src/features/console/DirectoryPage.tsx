import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { searchIssuers } from '../../api/directory';
import type { Issuer } from '../../api/types';
import { FormAlert } from '../../components/FormAlert';
import { Loading } from '../../components/Layout';
import { PageHeading } from '../../components/PageHeading';
import { TextField } from '../../components/TextField';
import { describeError } from '../../i18n/api-errors';
import { categoryName } from '../../i18n/categories';
import { useI18n } from '../../i18n/i18n-context';
import { localizedLang, pickLocalized } from '../../i18n/localized';
import { stateName } from '../../i18n/places';
import { pathSegment } from '../../lib/path-segment';
import { pullModeKey } from './labels';

/** Operators' home: the Digital Locker Directory of issuers. */
export function DirectoryPage() {
  const { t, lang } = useI18n();
  const [q, setQ] = useState('');
  const [issuers, setIssuers] = useState<Issuer[] | null>(null);
  const [failure, setFailure] = useState<unknown>(null);

  useEffect(() => {
    let cancelled = false;
    const timer = window.setTimeout(() => {
      searchIssuers({ q: q.trim() })
        .then(({ issuers: found }) => !cancelled && setIssuers(found))
        .catch((err: unknown) => !cancelled && setFailure(err));
    }, 200);
    return () => {
      cancelled = true;
      window.clearTimeout(timer);
    };
  }, [q]);

  return (
    <div className="stack">
      <div className="heading-row">
        <PageHeading title={t('console.directory.title')}>{t('console.directory.title')}</PageHeading>
        <Link to="/console/issuers/new" className="button button-primary button-small" data-testid="console-register-issuer">
          {t('console.nav.register')}
        </Link>
      </div>
      <p>{t('console.directory.intro')}</p>
      <form role="search" aria-label={t('console.directory.search')} onSubmit={(e) => e.preventDefault()}>
        <TextField
          id="directory-search"
          label={t('console.directory.search')}
          value={q}
          onChange={(e) => setQ(e.target.value)}
          type="search"
          autoComplete="off"
        />
      </form>
      <FormAlert error={failure ? { message: describeError(failure, t), code: 'load_failed' } : null} />
      {!issuers ? (
        !failure && <Loading />
      ) : (
        <>
          <p role="status" className="muted small">
            {t('pull.search.count', { count: issuers.length })}
          </p>
          <ul className="choice-list" role="list" data-testid="directory-list">
            {issuers.map((issuer) => (
              <li key={issuer.orgId}>
                <Link to={`/console/issuers/${pathSegment(issuer.orgId)}`} className="choice" data-testid="directory-issuer" data-org-id={issuer.orgId}>
                  <span className="choice-title" lang={localizedLang(issuer.names, lang)}>
                    {pickLocalized(issuer.names, lang)}
                  </span>
                  <span className="choice-meta mono">{issuer.orgId}</span>
                  <span className="choice-meta">
                    {categoryName(issuer.category, t)}
                    {issuer.state ? ` · ${stateName(issuer.state, lang)}` : ''} · {t(pullModeKey(issuer.pullMode))}
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
