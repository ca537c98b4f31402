import { Link } from 'react-router';
import { jwksUrl } from '../../api/directory';
import { FormAlert } from '../../components/FormAlert';
import { Loading } from '../../components/Layout';
import { PageHeading } from '../../components/PageHeading';
import { describeError } from '../../i18n/api-errors';
import { useI18n } from '../../i18n/i18n-context';
import { localizedLang, pickLocalized } from '../../i18n/localized';
import { DirectoryPage } from './DirectoryPage';
import { DocumentTypeList } from './DocumentTypeList';
import { IssuerStatsCard } from './IssuerStatsCard';
import { useStaffMe } from './staff-context';
import { useIssuer } from './use-issuer';

/** Issuer staff's home: their issuer, its numbers, its document types, what they can do. */
function IssuerOverview({ orgId }: { orgId: string }) {
  const { t, lang } = useI18n();
  const { issuer, failure } = useIssuer(orgId);
  const title = issuer ? pickLocalized(issuer.names, lang) : t('console.overview.title');
  return (
    <div className="stack">
      <PageHeading title={title}>
        <span lang={issuer ? localizedLang(issuer.names, lang) : undefined}>{title}</span>
      </PageHeading>
      <p className="mono" data-testid="console-org-id">
        {orgId}
      </p>
      <FormAlert error={failure ? { message: describeError(failure, t), code: 'load_failed' } : null} />
      <IssuerStatsCard orgId={orgId} />
      <section className="card stack-sm" aria-labelledby="actions-heading">
        <h2 id="actions-heading">{t('console.overview.actions')}</h2>
        <ul className="link-list" role="list">
          <li>
            <Link to="/console/issue">{t('console.issue.title')}</Link>
          </li>
          <li>
            <Link to="/console/status">{t('console.status.title')}</Link>
          </li>
          <li>
            <Link to="/console/bulk">{t('console.bulk.title')}</Link>
          </li>
          <li>
            <a href={jwksUrl(orgId)} data-testid="console-jwks">
              {t('console.keys.jwks')}
            </a>
          </li>
        </ul>
      </section>
      <section className="card stack-sm" aria-labelledby="types-heading">
        <h2 id="types-heading">{t('console.types.heading')}</h2>
        {issuer ? <DocumentTypeList types={issuer.documentTypes} /> : !failure && <Loading />}
      </section>
    </div>
  );
}

/** /console: the directory for operators, the issuer's overview for its staff. */
export function ConsoleHome() {
  const me = useStaffMe();
  if (me.role === 'operator') return <DirectoryPage />;
  if (me.orgId) return <IssuerOverview orgId={me.orgId} />;
  return null;
}
