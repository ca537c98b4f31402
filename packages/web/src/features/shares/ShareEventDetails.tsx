import { useI18n } from '../../i18n/i18n-context';
import type { MessageKey } from '../../i18n/translation';

const REASONS: Record<string, MessageKey & `share.reason.${string}`> = {
  expired: 'share.reason.expired',
  revoked: 'share.reason.revoked',
  used_up: 'share.reason.used_up',
  locked: 'share.reason.locked',
  pin_wrong: 'share.reason.pin_wrong',
  pin_wrong_locked: 'share.reason.pin_wrong_locked',
  file_removed: 'share.reason.file_removed',
};

/** In the activity timeline: which document a share event was about, and why a link was refused. */
export function ShareEventDetails({ details }: { details: Record<string, unknown> | undefined }) {
  const { t } = useI18n();
  if (!details || typeof details.shareId !== 'string' || typeof details.document !== 'string') return null;
  const reason = typeof details.reason === 'string' ? REASONS[details.reason] : undefined;
  return (
    <p className="small" data-testid="activity-share-details">
      {t('share.document', { title: details.document })}
      {reason && (
        <>
          {' · '}
          {t('share.reason', { reason: t(reason) })}
        </>
      )}
    </p>
  );
}
