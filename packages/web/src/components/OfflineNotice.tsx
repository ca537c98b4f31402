import { useI18n } from '../i18n/i18n-context';

/** Marks what is shown as the copy kept on this device, with when the server last confirmed it. */
export function OfflineNotice({ checkedAt, banner = false }: { checkedAt: string; banner?: boolean }) {
  const { t, format } = useI18n();
  return (
    <div className="alert alert-info" role="status" data-testid="offline-copy" data-checked-at={checkedAt}>
      {banner && <p>{t('offline.banner')}</p>}
      <p>{t('offline.copy', { time: format.dateTime(checkedAt) })}</p>
    </div>
  );
}
