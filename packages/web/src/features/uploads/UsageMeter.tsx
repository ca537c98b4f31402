import { useI18n } from '../../i18n/i18n-context';

const MB = 1024 * 1024;

/** Storage used of the quota, in MB, with the exact byte counts (Indian grouping) on hover. */
export function UsageMeter({ usage }: { usage: { usedBytes: number; quotaBytes: number } }) {
  const { t, format } = useI18n();
  const used = format.number(Math.round((usage.usedBytes / MB) * 10) / 10);
  const total = format.number(Math.round(usage.quotaBytes / MB));
  return (
    <div className="drive-usage" data-testid="drive-usage">
      <p className="small">{t('drive.usage', { used, total })}</p>
      <meter min={0} max={usage.quotaBytes} value={usage.usedBytes} aria-label={t('drive.usage', { used, total })} />
      <p className="visually-hidden" data-testid="drive-usage-bytes">
        {t('drive.usageBytes', { used: format.number(usage.usedBytes), total: format.number(usage.quotaBytes) })}
      </p>
    </div>
  );
}
