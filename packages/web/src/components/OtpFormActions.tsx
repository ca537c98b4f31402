import type { Challenge } from '../api/types';
import { useI18n } from '../i18n/i18n-context';
import { ResendOtp } from './ResendOtp';

/**
 * The foot of a form that asks for an OTP: its submit button, "resend" while the code can
 * still be used, and "start again" (the main action once the code is dead: locked, expired).
 */
export function OtpFormActions(props: {
  idPrefix: string;
  submitLabel: string;
  challenge: Challenge;
  busy: boolean;
  dead: boolean;
  onResent(): void;
  onRestart(): void;
}) {
  const { t } = useI18n();
  const { idPrefix, challenge, busy, dead } = props;
  return (
    <>
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={busy || dead} aria-busy={busy || undefined} data-testid={`${idPrefix}-save`}>
          {props.submitLabel}
        </button>
      </div>
      {!dead && (
        <ResendOtp id={`${idPrefix}-resend`} challengeId={challenge.challengeId} initialSeconds={challenge.resendAfterSeconds} onResent={props.onResent} />
      )}
      <div className="actions">
        <button type="button" id={`${idPrefix}-restart`} className={`button ${dead ? 'button-primary' : 'button-link'}`} onClick={props.onRestart}>
          {t('otp.startAgain')}
        </button>
      </div>
    </>
  );
}
