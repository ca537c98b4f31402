import { useState, type FormEvent, type ReactNode } from 'react';
import { isApiError } from '../api/client';
import type { Challenge } from '../api/types';
import { useI18n } from '../i18n/i18n-context';
import { isSixDigits } from '@tijori/rules';
import { focusById } from '../lib/focus';
import { FormAlert } from './FormAlert';
import { useFormErrors } from './form-errors';
import { ResendOtp } from './ResendOtp';
import { OtpField } from './SecretFields';

/** Answers that no retry of this challenge can fix: the person has to start again. */
const TERMINAL = new Set(['otp_locked', 'otp_expired', 'otp_used', 'challenge_not_found', 'ticket_invalid', 'aadhaar_already_linked']);

export interface OtpStepProps {
  /** Prefix for element ids, e.g. 'sign-up' → #sign-up-otp. */
  idPrefix: string;
  challenge: Challenge;
  /** "We sent a 6-digit OTP to XXXXXX3210." (already translated). */
  sentTo: string;
  submitLabel: string;
  /** Sends the OTP; throws the ApiError if the server says no. */
  verify(otp: string): Promise<void>;
  onRestart(): void;
  /** The OTP confirms something that cannot be undone (account deletion). */
  danger?: boolean;
  children?: ReactNode;
}

/** The OTP step shared by sign-up, sign-in, Aadhaar linking and account deletion. */
export function OtpStep({ idPrefix, challenge, sentTo, submitLabel, verify, onRestart, danger, children }: OtpStepProps) {
  const { t } = useI18n();
  const [otp, setOtp] = useState('');
  const [busy, setBusy] = useState(false);
  const [dead, setDead] = useState(false);
  const errors = useFormErrors<'otp'>();
  const otpId = `${idPrefix}-otp`;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy || dead) return;
    errors.clear();
    if (!isSixDigits(otp)) {
      errors.setField('otp', t('field.otp.invalid'));
      focusById(otpId);
      return;
    }
    setBusy(true);
    try {
      await verify(otp);
    } catch (err) {
      setBusy(false);
      if (isApiError(err) && TERMINAL.has(err.code)) {
        errors.fromApi(err);
        setDead(true);
        focusById(`${idPrefix}-restart`);
        return;
      }
      const field = errors.fromApi(err, { paths: { '/body/otp': 'otp' }, invalid: { otp: 'field.otp.invalid' }, codes: { otp_wrong: 'otp' } });
      if (field) {
        setOtp('');
        focusById(otpId);
      }
    }
  }

  return (
    <form className="stack" noValidate onSubmit={(e) => void submit(e)} aria-describedby={`${idPrefix}-sent-to`}>
      <p id={`${idPrefix}-sent-to`} data-testid="otp-sent-to">
        {sentTo} {t('otp.validFor', { minutes: Math.max(1, Math.round(challenge.expiresInSeconds / 60)) })}
      </p>
      <FormAlert error={errors.form} />
      <OtpField id={otpId} label={t('field.otp.label')} value={otp} onChange={setOtp} error={errors.fields.otp} disabled={dead} />
      {children}
      <div className="actions">
        <button
          type="submit"
          className={`button ${danger ? 'button-danger' : 'button-primary'}`}
          disabled={busy || dead}
          aria-busy={busy || undefined}
          data-testid="otp-submit"
        >
          {submitLabel}
        </button>
      </div>
      {!dead && (
        <ResendOtp id={`${idPrefix}-resend`} challengeId={challenge.challengeId} initialSeconds={challenge.resendAfterSeconds} onResent={errors.clear} />
      )}
      <div className="actions">
        <button
          type="button"
          id={`${idPrefix}-restart`}
          className={`button ${dead ? 'button-primary' : 'button-link'}`}
          onClick={onRestart}
          data-testid="otp-restart"
        >
          {t('otp.startAgain')}
        </button>
      </div>
    </form>
  );
}
