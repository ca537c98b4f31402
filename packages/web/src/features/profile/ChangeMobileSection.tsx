import { useState, type FormEvent } from 'react';
import { isApiError } from '../../api/client';
import { startMobileChange, verifyMobileChange } from '../../api/me';
import type { Challenge, Me } from '../../api/types';
import { FormAlert, StatusMessage } from '../../components/FormAlert';
import { OtpFormActions } from '../../components/OtpFormActions';
import { useFormErrors } from '../../components/form-errors';
import { OtpField, PinField, ShowSecretToggle } from '../../components/SecretFields';
import { MobileField } from '../../components/MobileField';
import { useI18n } from '../../i18n/i18n-context';
import { isSixDigits, isValidMobile, normaliseMobile } from '@tijori/rules';
import { focusById } from '../../lib/focus';
import { useSession } from '../../session/session-context';

const TERMINAL = new Set(['otp_locked', 'otp_expired', 'otp_used', 'challenge_not_found']);
const IDS = { newMobile: 'change-mobile-new', pin: 'change-mobile-pin', otp: 'change-mobile-otp' } as const;

/** Step 1: the new number and the current PIN (re-authentication); the OTP goes to the new number. */
function NewMobileForm({ onSent, onCancel }: { onSent(challenge: Challenge): void; onCancel(): void }) {
  const { t } = useI18n();
  const [mobile, setMobile] = useState('');
  const [pin, setPin] = useState('');
  const [show, setShow] = useState(false);
  const [busy, setBusy] = useState(false);
  const errors = useFormErrors<'newMobile' | 'pin'>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    errors.clear();
    const newMobile = normaliseMobile(mobile);
    const found: Partial<Record<'newMobile' | 'pin', string>> = {};
    if (!isValidMobile(newMobile)) found.newMobile = t('field.mobile.invalid');
    if (!isSixDigits(pin)) found.pin = t('field.pin.invalid');
    if (found.newMobile || found.pin) {
      errors.setFields(Object.fromEntries(Object.entries(found).map(([f, message]) => [f, { message, code: 'invalid' }])));
      focusById(found.newMobile ? IDS.newMobile : IDS.pin);
      return;
    }
    setBusy(true);
    try {
      onSent(await startMobileChange(pin, newMobile));
    } catch (err) {
      setBusy(false);
      setPin('');
      const field = errors.fromApi(err, {
        paths: { '/body/newMobile': 'newMobile', '/body/pin': 'pin' },
        invalid: { newMobile: 'field.mobile.invalid', pin: 'field.pin.invalid' },
        codes: { invalid_credentials: 'pin' },
      });
      focusById(field === 'newMobile' ? IDS.newMobile : IDS.pin);
    }
  }

  return (
    <form className="stack" noValidate onSubmit={(e) => void submit(e)}>
      <p>{t('mobile.change.help')}</p>
      <FormAlert error={errors.form} />
      <MobileField id={IDS.newMobile} label={t('field.newMobile.label')} error={errors.fields.newMobile} value={mobile} onChange={setMobile} />
      <PinField id={IDS.pin} label={t('field.currentPin.label')} value={pin} onChange={setPin} error={errors.fields.pin} visible={show} isNew={false} />
      <ShowSecretToggle id="change-mobile-show" label={t('common.showPin')} checked={show} onChange={setShow} />
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={busy} aria-busy={busy || undefined} data-testid="change-mobile-send-otp">
          {t('otp.send')}
        </button>
        <button type="button" className="button button-link" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

/** Step 2: the OTP sent to the new number proves the resident holds it. */
function OtpForm({ challenge, onDone, onRestart }: { challenge: Challenge; onDone(me: Me): void; onRestart(): void }) {
  const { t } = useI18n();
  const [otp, setOtp] = useState('');
  const [busy, setBusy] = useState(false);
  const [dead, setDead] = useState(false);
  const errors = useFormErrors<'otp'>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy || dead) return;
    errors.clear();
    if (!isSixDigits(otp)) {
      errors.setField('otp', t('field.otp.invalid'));
      focusById(IDS.otp);
      return;
    }
    setBusy(true);
    try {
      onDone(await verifyMobileChange(challenge.challengeId, otp));
    } catch (err) {
      setBusy(false);
      if (isApiError(err) && (TERMINAL.has(err.code) || err.code === 'mobile_unavailable')) {
        errors.fromApi(err);
        setDead(true);
        focusById('change-mobile-restart');
        return;
      }
      if (errors.fromApi(err, { paths: { '/body/otp': 'otp' }, invalid: { otp: 'field.otp.invalid' }, codes: { otp_wrong: 'otp' } }) === 'otp') {
        setOtp('');
        focusById(IDS.otp);
      }
    }
  }

  return (
    <form className="stack" noValidate onSubmit={(e) => void submit(e)}>
      <p>{t('otp.sentTo', { mobile: challenge.maskedMobile })}</p>
      <FormAlert error={errors.form} />
      <OtpField id={IDS.otp} label={t('field.otp.label')} value={otp} onChange={setOtp} error={errors.fields.otp} disabled={dead} />
      <OtpFormActions
        idPrefix="change-mobile"
        submitLabel={t('mobile.change.submit')}
        challenge={challenge}
        busy={busy}
        dead={dead}
        onResent={errors.clear}
        onRestart={onRestart}
      />
    </form>
  );
}

type Stage = { kind: 'idle' } | { kind: 'number' } | { kind: 'otp'; challenge: Challenge };

/** Change mobile number: new number + PIN → OTP to the new number. Other sessions end on the server. */
export function ChangeMobileSection() {
  const { t } = useI18n();
  const session = useSession();
  const [stage, setStage] = useState<Stage>({ kind: 'idle' });
  const [done, setDone] = useState(false);

  return (
    <section className="card stack" aria-labelledby="change-mobile-heading" data-testid="change-mobile">
      <h2 id="change-mobile-heading">{t('mobile.change.heading')}</h2>
      <StatusMessage message={done ? t('mobile.change.done') : null} testId="change-mobile-done" />
      {stage.kind === 'idle' && (
        <div className="actions">
          <button
            type="button"
            className="button button-secondary"
            data-testid="change-mobile-start"
            onClick={() => {
              setDone(false);
              setStage({ kind: 'number' });
              focusById(IDS.newMobile);
            }}
          >
            {t('mobile.change.start')}
          </button>
        </div>
      )}
      {stage.kind === 'number' && (
        <NewMobileForm
          onSent={(challenge) => {
            setStage({ kind: 'otp', challenge });
            focusById(IDS.otp);
          }}
          onCancel={() => setStage({ kind: 'idle' })}
        />
      )}
      {stage.kind === 'otp' && (
        <OtpForm
          key={stage.challenge.challengeId}
          challenge={stage.challenge}
          onRestart={() => {
            setStage({ kind: 'number' });
            focusById(IDS.newMobile);
          }}
          onDone={(me) => {
            // The new number shows at once; reloading the session would unmount this page.
            session.setMe(me);
            setStage({ kind: 'idle' });
            setDone(true);
          }}
        />
      )}
    </section>
  );
}
