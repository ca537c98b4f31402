import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { listNotifications, markNotificationsRead, type InboxItem } from '../../api/notifications';
import { FormAlert } from '../../components/FormAlert';
import type { ShownError } from '../../components/form-errors';
import { EmptyState, Loading } from '../../components/Layout';
import { PageHeading } from '../../components/PageHeading';
import { describeError } from '../../i18n/api-errors';
import { useI18n } from '../../i18n/i18n-context';
import { documentPath } from '../documents/document-path';

/** The resident's notifications (the same words as the SMS), in the portal's language. Opening it marks them read. */
export function InboxPage() {
  const { t, lang, format } = useI18n();
  const [items, setItems] = useState<InboxItem[] | null>(null);
  const [error, setError] = useState<ShownError | null>(null);

  useEffect(() => {
    let live = true;
    listNotifications(lang).then(
      (res) => {
        if (!live) return;
        setItems(res.notifications);
        if (res.unread > 0) void markNotificationsRead().catch(() => undefined);
      },
      (err: unknown) => live && setError({ message: describeError(err, t, format), code: 'load_failed' }),
    );
    return () => {
      live = false;
    };
  }, [lang, t, format]);

  return (
    <div className="stack">
      <PageHeading title={t('inbox.title')}>{t('inbox.title')}</PageHeading>
      <FormAlert error={error} />
      {!items && !error && <Loading />}
      {items && items.length === 0 && (
        <EmptyState title={t('inbox.empty.title')} testId="inbox-empty">
          <p>{t('inbox.empty.body')}</p>
        </EmptyState>
      )}
      {items && items.length > 0 && (
        <ul className="stack" role="list" data-testid="inbox-list">
          {items.map((item) => (
            <li key={item.id} className="card stack" data-testid="inbox-item" data-kind={item.kind}>
              <p>
                {!item.read && <strong className="badge">{t('inbox.new')} </strong>}
                {item.text}
              </p>
              <p className="muted">
                <time dateTime={item.createdAt}>{format.dateTime(item.createdAt)}</time>
                {item.uri && (
                  <>
                    {' · '}
                    <Link to={documentPath(item.uri)}>{t('inbox.openDocument')}</Link>
                  </>
                )}
              </p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
