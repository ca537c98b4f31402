import type { ShownError } from './form-errors';
import { useI18n } from '../i18n/i18n-context';

/**
 * The form-level error. The live region is always in the DOM so that screen readers announce
 * the message when it appears, not just when the page loads.
 */
export function FormAlert({ error, testId = 'form-error' }: { error: ShownError | null; testId?: string }) {
  const { t } = useI18n();
  return (
    <div role="alert" className="alert-region">
      {error && (
        <div className="alert alert-error" data-testid={testId} data-error-code={error.code}>
          <p>{error.message}</p>
          {error.requestId && <p className="alert-reference">{t('error.reference', { id: error.requestId })}</p>}
        </div>
      )}
    </div>
  );
}

/** Polite announcements of success ("OTP sent", "PIN changed"). */
export function StatusMessage({ message, testId = 'status-message' }: { message: string | null; testId?: string }) {
  return (
    <div role="status" className="alert-region">
      {message && (
        <div className="alert alert-success" data-testid={testId}>
          <p>{message}</p>
        </div>
      )}
    </div>
  );
}
