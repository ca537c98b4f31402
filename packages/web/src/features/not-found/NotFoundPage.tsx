import { Link } from 'react-router';
import { PageHeading } from '../../components/PageHeading';
import { useI18n } from '../../i18n/i18n-context';

export function NotFoundPage({ home = '/' }: { home?: string }) {
  const { t } = useI18n();
  return (
    <div className="narrow stack">
      <PageHeading title={t('notFound.title')}>{t('notFound.title')}</PageHeading>
      <p>{t('notFound.body')}</p>
      <Link to={home} className="button button-primary">
        {t('notFound.home')}
      </Link>
    </div>
  );
}
