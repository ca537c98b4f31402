import { useI18n } from '../i18n/i18n-context';
import type { MessageKey } from '../i18n/translation';

const LABELS: Record<string, MessageKey & `status.${string}`> = {
  active: 'status.active',
  suspended: 'status.suspended',
  revoked: 'status.revoked',
  expired: 'status.expired',
  awaited: 'status.awaited',
};

/** A document's status as of now, in words and colour (never colour alone). */
export function StatusBadge({ status, testId = 'document-status' }: { status: string; testId?: string }) {
  const { t } = useI18n();
  const key = LABELS[status];
  return (
    <span className={`status-badge status-${key ? status : 'other'}`} data-testid={testId} data-status={status}>
      {key ? t(key) : status}
    </span>
  );
}

/** The warning a reader must not miss: the document exists but is not in force. */
export function statusWarningKey(status: string): (MessageKey & `statusWarning.${string}`) | null {
  if (status === 'revoked') return 'statusWarning.revoked';
  if (status === 'suspended') return 'statusWarning.suspended';
  if (status === 'expired') return 'statusWarning.expired';
  return null;
}
