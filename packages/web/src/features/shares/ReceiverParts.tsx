import type { OpenedShare } from '../../api/shares';
import { useI18n } from '../../i18n/i18n-context';

type ShareInfo = OpenedShare['share'];

/** The sender's note, when there is one. */
export function ReceiverNote({ share }: { share: ShareInfo }) {
  const { t } = useI18n();
  if (!share.note) return null;
  return (
    <section className="callout" aria-label={t('share.receiver.note')}>
      <p className="small muted">{t('share.receiver.note')}</p>
      <p data-testid="shared-note">{share.note}</p>
    </section>
  );
}

/** Views left, the privacy line and the footer naming the sharer (on every printed page). */
export function ReceiverFooter({ share }: { share: ShareInfo }) {
  const { t, format } = useI18n();
  return (
    <>
      {share.viewsLeft !== null && <p className="small muted no-print">{t('share.receiver.viewsLeft', { count: share.viewsLeft })}</p>}
      <p className="small muted no-print">{t('share.receiver.privacy')}</p>
      <footer className="share-footer" data-testid="share-footer">
        {t('share.receiver.footer', {
          name: share.sharedBy,
          shared: format.dateTime(share.sharedAt),
          opened: format.dateTime(share.openedAt),
          expires: format.dateTime(share.expiresAt),
        })}
      </footer>
    </>
  );
}
