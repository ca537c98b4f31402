import { useState, type FormEvent } from 'react';
import { startRecoveryAadhaar, startRecoveryWait, verifyRecoveryAadhaar, verifyRecoveryPassword, type RecoveryStarted } from '../../api/recovery';
import type { Challenge } from '../../api/types';
import { FormAlert } from '../../components/FormAlert';
import { useFormErrors } from '../../components/form-errors';
import { OtpStep } from '../../components/OtpStep';
import { TextField } from '../../components/TextField';
import { useI18n } from '../../i18n/i18n-context';
import { focusById } from '../../lib/focus';

/**
 * Forgot PIN, the second factor: the Aadhaar OTP when an Aadhaar is linked; otherwise the
 * password, or a waiting period announced by SMS.
 */
export function SecondFactorStep({
  recovery,
  onProven,
  onWaiting,
  onRestart,
}: {
  recovery: RecoveryStarted;
  onProven(): void;
  onWaiting(readyAt: string): void;
  onRestart(): void;
}) {
  const { t } = useI18n();
  const [aadhaar, setAadhaar] = useState<Challenge | null>(null);
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const errors = useFormErrors<'password'>();
  const ticket = recovery.recoveryTicket;

  async function run(action: () => Promise<void>) {
    if (busy) return;
    errors.clear();
    setBusy(true);
    try {
      await action();
    } catch (err) {
      if (errors.fromApi(err, { paths: { '/body/password': 'password' }, codes: { invalid_credentials: 'password' } })) {
        setPassword('');
        focusById('forgot-pin-password');
      }
    } finally {
      setBusy(false);
    }
  }

  if (aadhaar) {
    return (
      <OtpStep
        key={aadhaar.challengeId}
        idPrefix="forgot-pin-aadhaar"
        challenge={aadhaar}
        sentTo={t('forgotPin.aadhaar.sentTo', { mobile: aadhaar.maskedMobile })}
        submitLabel={t('otp.verify')}
        verify={async (otp) => {
          await verifyRecoveryAadhaar(ticket, aadhaar.challengeId, otp);
          onProven();
        }}
        onRestart={onRestart}
      />
    );
  }

  const submitPassword = (event: FormEvent) => {
    event.preventDefault();
    if (!password) {
      errors.setField('password', t('forgotPin.password.required'));
      focusById('forgot-pin-password');
      return;
    }
    void run(async () => {
      await verifyRecoveryPassword(ticket, password);
      onProven();
    });
  };
  const wait = () => void run(async () => onWaiting((await startRecoveryWait(ticket)).readyAt));

  return (
    <div className="stack">
      <FormAlert error={errors.form} />
      {recovery.secondFactors.includes('aadhaar') && (
        <div className="stack">
          <p>{t('forgotPin.aadhaar.help')}</p>
          <div className="actions">
            <button
              type="button"
              className="button button-primary"
              disabled={busy}
              data-testid="forgot-pin-aadhaar"
              onClick={() => void run(async () => setAadhaar(await startRecoveryAadhaar(ticket)))}
            >
              {t('forgotPin.aadhaar.send')}
            </button>
          </div>
        </div>
      )}
      {recovery.secondFactors.includes('password') && (
        <form className="stack" noValidate onSubmit={submitPassword}>
          <p>{t('forgotPin.password.help')}</p>
          <TextField
            id="forgot-pin-password"
            label={t('field.password.label')}
            error={errors.fields.password}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            type="password"
            autoComplete="current-password"
            maxLength={128}
          />
          <div className="actions">
            <button type="submit" className="button button-primary" disabled={busy} data-testid="forgot-pin-password-continue">
              {t('common.continue')}
            </button>
          </div>
        </form>
      )}
      {recovery.secondFactors.includes('wait') && (
        <div className="stack">
          <p>{t(recovery.secondFactors.includes('password') ? 'forgotPin.wait.helpNoPassword' : 'forgotPin.wait.help', { hours: recovery.waitHours })}</p>
          <div className="actions">
            <button
              type="button"
              className={`button ${recovery.secondFactors.includes('password') ? 'button-secondary' : 'button-primary'}`}
              disabled={busy}
              data-testid="forgot-pin-wait"
              onClick={wait}
            >
              {t('forgotPin.wait.start', { hours: recovery.waitHours })}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
