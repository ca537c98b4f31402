import { useState, type FormEvent } from 'react';
import { isApiError } from '../../api/client';
import { startPinChange, verifyPinChange } from '../../api/me';
import type { Challenge } from '../../api/types';
import { FormAlert, StatusMessage } from '../../components/FormAlert';
import { OtpFormActions } from '../../components/OtpFormActions';
import { useFormErrors } from '../../components/form-errors';
import { OtpField, PinField, ShowSecretToggle } from '../../components/SecretFields';
import { useI18n } from '../../i18n/i18n-context';
import { isSixDigits, isWeakPin } from '@tijori/rules';
import { focusById } from '../../lib/focus';

const TERMINAL = new Set(['otp_locked', 'otp_expired', 'otp_used', 'challenge_not_found']);

function CurrentPinForm({ onSent, onCancel }: { onSent(challenge: Challenge): void; onCancel(): void }) {
  const { t } = useI18n();
  const [pin, setPin] = useState('');
  const [show, setShow] = useState(false);
  const [busy, setBusy] = useState(false);
  const errors = useFormErrors<'currentPin'>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    errors.clear();
    if (!isSixDigits(pin)) {
      errors.setField('currentPin', t('field.pin.invalid'));
      focusById('change-pin-current');
      return;
    }
    setBusy(true);
    try {
      onSent(await startPinChange(pin));
    } catch (err) {
      setBusy(false);
      setPin('');
      errors.fromApi(err, {
        paths: { '/body/currentPin': 'currentPin' },
        invalid: { currentPin: 'field.pin.invalid' },
        codes: { invalid_credentials: 'currentPin' },
      });
      focusById('change-pin-current');
    }
  }

  return (
    <form className="stack" noValidate onSubmit={(e) => void submit(e)}>
      <p>{t('pin.change.help')}</p>
      <FormAlert error={errors.form} />
      <PinField
        id="change-pin-current"
        label={t('field.currentPin.label')}
        value={pin}
        onChange={setPin}
        error={errors.fields.currentPin}
        visible={show}
        isNew={false}
      />
      <ShowSecretToggle id="change-pin-show-current" label={t('common.showPin')} checked={show} onChange={setShow} />
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={busy} aria-busy={busy || undefined} data-testid="change-pin-send-otp">
          {t('otp.send')}
        </button>
        <button type="button" className="button button-link" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

type NewField = 'otp' | 'newPin' | 'newPinConfirm';
const NEW_IDS: Record<NewField, string> = { otp: 'change-pin-otp', newPin: 'change-pin-new', newPinConfirm: 'change-pin-confirm' };

function NewPinForm({ challenge, onDone, onRestart }: { challenge: Challenge; onDone(): void; onRestart(): void }) {
  const { t } = useI18n();
  const [otp, setOtp] = useState('');
  const [newPin, setNewPin] = useState('');
  const [confirm, setConfirm] = useState('');
  const [show, setShow] = useState(false);
  const [busy, setBusy] = useState(false);
  const [dead, setDead] = useState(false);
  const errors = useFormErrors<NewField>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy || dead) return;
    errors.clear();
    const found: Partial<Record<NewField, string>> = {};
    if (!isSixDigits(otp)) found.otp = t('field.otp.invalid');
    if (!isSixDigits(newPin)) found.newPin = t('field.pin.invalid');
    else if (isWeakPin(newPin)) found.newPin = t('field.pin.weak');
    if (!found.newPin && confirm !== newPin) found.newPinConfirm = t('field.pinConfirm.mismatch');
    const first = (Object.keys(NEW_IDS) as NewField[]).find((f) => found[f]);
    if (first) {
      errors.setFields(Object.fromEntries(Object.entries(found).map(([f, message]) => [f, { message, code: 'invalid' }])));
      focusById(NEW_IDS[first]);
      return;
    }
    setBusy(true);
    try {
      await verifyPinChange(challenge.challengeId, otp, newPin);
      onDone();
    } catch (err) {
      setBusy(false);
      if (isApiError(err) && TERMINAL.has(err.code)) {
        errors.fromApi(err);
        setDead(true);
        focusById('change-pin-restart');
        return;
      }
      const field = errors.fromApi(err, {
        paths: { '/body/otp': 'otp', '/body/newPin': 'newPin' },
        invalid: { otp: 'field.otp.invalid', newPin: 'field.pin.invalid' },
        codes: { otp_wrong: 'otp', pin_too_weak: 'newPin' },
      });
      if (field === 'otp') setOtp('');
      if (field) focusById(NEW_IDS[field]);
    }
  }

  return (
    <form className="stack" noValidate onSubmit={(e) => void submit(e)}>
      <p>
        {t('otp.sentTo', { mobile: challenge.maskedMobile })} {t('pin.change.otpHelp')}
      </p>
      <FormAlert error={errors.form} />
      <OtpField id={NEW_IDS.otp} label={t('field.otp.label')} value={otp} onChange={setOtp} error={errors.fields.otp} disabled={dead} />
      <PinField
        id={NEW_IDS.newPin}
        label={t('field.newPin.label')}
        hint={t('field.pin.hint')}
        value={newPin}
        onChange={setNewPin}
        error={errors.fields.newPin}
        visible={show}
        isNew
        disabled={dead}
      />
      <PinField
        id={NEW_IDS.newPinConfirm}
        label={t('field.newPinConfirm.label')}
        value={confirm}
        onChange={setConfirm}
        error={errors.fields.newPinConfirm}
        visible={show}
        isNew
        disabled={dead}
      />
      <ShowSecretToggle id="change-pin-show-new" label={t('common.showPin')} checked={show} onChange={setShow} />
      <OtpFormActions
        idPrefix="change-pin"
        submitLabel={t('pin.change.submit')}
        challenge={challenge}
        busy={busy}
        dead={dead}
        onResent={errors.clear}
        onRestart={onRestart}
      />
    </form>
  );
}

type Stage = { kind: 'idle' } | { kind: 'current' } | { kind: 'otp'; challenge: Challenge };

/** Change PIN: current PIN → OTP + new PIN. Other sessions end on the server. */
export function ChangePinSection() {
  const { t } = useI18n();
  const [stage, setStage] = useState<Stage>({ kind: 'idle' });
  const [done, setDone] = useState(false);

  return (
    <section className="card stack" aria-labelledby="change-pin-heading" data-testid="change-pin">
      <h2 id="change-pin-heading">{t('pin.change.heading')}</h2>
      <StatusMessage message={done ? t('pin.change.done') : null} testId="change-pin-done" />
      {stage.kind === 'idle' && (
        <div className="actions">
          <button
            type="button"
            className="button button-secondary"
            onClick={() => {
              setDone(false);
              setStage({ kind: 'current' });
              focusById('change-pin-current');
            }}
          >
            {t('pin.change.start')}
          </button>
        </div>
      )}
      {stage.kind === 'current' && (
        <CurrentPinForm
          onSent={(challenge) => {
            setStage({ kind: 'otp', challenge });
            focusById('change-pin-otp');
          }}
          onCancel={() => setStage({ kind: 'idle' })}
        />
      )}
      {stage.kind === 'otp' && (
        <NewPinForm
          key={stage.challenge.challengeId}
          challenge={stage.challenge}
          onRestart={() => {
            setStage({ kind: 'current' });
            focusById('change-pin-current');
          }}
          onDone={() => {
            setStage({ kind: 'idle' });
            setDone(true);
          }}
        />
      )}
    </section>
  );
}
