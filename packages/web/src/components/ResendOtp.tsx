import { useState } from 'react';
import { resendOtp } from '../api/auth';
import { isApiError } from '../api/client';
import { describeError } from '../i18n/api-errors';
import { useI18n } from '../i18n/i18n-context';
import { useCountdown } from '../lib/use-countdown';
import { FormAlert, StatusMessage } from './FormAlert';
import type { ShownError } from './form-errors';

/**
 * "Resend OTP", enabled once the server's resend gap has passed. The countdown text is not a
 * live region on purpose: announcing every second would drown everything else out.
 */
export function ResendOtp({ id, challengeId, initialSeconds, onResent }: { id: string; challengeId: string; initialSeconds: number; onResent?: () => void }) {
  const { t } = useI18n();
  const [deadline, setDeadline] = useState(() => Date.now() + initialSeconds * 1000);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<ShownError | null>(null);
  const left = useCountdown(deadline);
  const waitId = `${id}-wait`;

  async function resend() {
    setBusy(true);
    setStatus(null);
    setError(null);
    try {
      const answer = await resendOtp(challengeId);
      setDeadline(Date.now() + answer.resendAfterSeconds * 1000);
      setStatus(t('otp.resent'));
      onResent?.();
    } catch (err) {
      if (isApiError(err) && err.code === 'otp_resend_too_soon' && err.retryAfterSeconds !== undefined) {
        setDeadline(Date.now() + err.retryAfterSeconds * 1000);
      }
      setError({ message: describeError(err, t), code: isApiError(err) ? err.code : 'client_error' });
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="resend">
      <button
        type="button"
        id={id}
        className="button button-secondary"
        data-testid="resend-otp"
        disabled={left > 0 || busy}
        aria-describedby={left > 0 ? waitId : undefined}
        onClick={() => void resend()}
      >
        {t('otp.resend')}
      </button>
      {left > 0 && (
        <p id={waitId} className="hint" data-testid="resend-countdown">
          {t('otp.resendIn', { seconds: left })}
        </p>
      )}
      <StatusMessage message={status} testId="resend-status" />
      <FormAlert error={error} testId="resend-error" />
    </div>
  );
}
