import { useState, type FormEvent } from 'react';
import { startAccountDeletion, verifyAccountDeletion } from '../../api/me';
import type { Challenge } from '../../api/types';
import { FormAlert } from '../../components/FormAlert';
import { useFormErrors } from '../../components/form-errors';
import { OtpStep } from '../../components/OtpStep';
import { PinField, ShowSecretToggle } from '../../components/SecretFields';
import { useI18n } from '../../i18n/i18n-context';
import { isSixDigits } from '@tijori/rules';
import { focusById } from '../../lib/focus';
import { useSession } from '../../session/session-context';

function ConfirmPinForm({ onSent, onCancel }: { onSent(challenge: Challenge): void; onCancel(): void }) {
  const { t } = useI18n();
  const [pin, setPin] = useState('');
  const [show, setShow] = useState(false);
  const [busy, setBusy] = useState(false);
  const errors = useFormErrors<'pin'>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    errors.clear();
    if (!isSixDigits(pin)) {
      errors.setField('pin', t('field.pin.invalid'));
      focusById('delete-pin');
      return;
    }
    setBusy(true);
    try {
      onSent(await startAccountDeletion(pin));
    } catch (err) {
      setBusy(false);
      setPin('');
      errors.fromApi(err, { paths: { '/body/pin': 'pin' }, invalid: { pin: 'field.pin.invalid' }, codes: { invalid_credentials: 'pin' } });
      focusById('delete-pin');
    }
  }

  return (
    <form className="stack" noValidate onSubmit={(e) => void submit(e)}>
      <p>{t('delete.pinHelp')}</p>
      <FormAlert error={errors.form} />
      <PinField id="delete-pin" label={t('field.pin.label')} value={pin} onChange={setPin} error={errors.fields.pin} visible={show} isNew={false} />
      <ShowSecretToggle id="delete-show-pin" label={t('common.showPin')} checked={show} onChange={setShow} />
      <div className="actions">
        <button type="submit" className="button button-danger" disabled={busy} aria-busy={busy || undefined} data-testid="delete-send-otp">
          {t('delete.sendOtp')}
        </button>
        <button type="button" className="button button-link" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

type Stage = { kind: 'idle' } | { kind: 'pin' } | { kind: 'otp'; challenge: Challenge };

/** Delete account: PIN → OTP → gone (the server ends the session too). */
export function DeleteAccountSection() {
  const { t } = useI18n();
  const session = useSession();
  const [stage, setStage] = useState<Stage>({ kind: 'idle' });

  return (
    <section className="card card-danger stack" aria-labelledby="delete-heading" data-testid="delete-account">
      <h2 id="delete-heading">{t('delete.heading')}</h2>
      <p>{t('delete.warning')}</p>
      {stage.kind === 'idle' && (
        <div className="actions">
          <button
            type="button"
            className="button button-danger"
            onClick={() => {
              setStage({ kind: 'pin' });
              focusById('delete-pin');
            }}
          >
            {t('delete.start')}
          </button>
        </div>
      )}
      {stage.kind === 'pin' && (
        <ConfirmPinForm
          onSent={(challenge) => {
            setStage({ kind: 'otp', challenge });
            focusById('delete-otp');
          }}
          onCancel={() => setStage({ kind: 'idle' })}
        />
      )}
      {stage.kind === 'otp' && (
        <OtpStep
          key={stage.challenge.challengeId}
          idPrefix="delete"
          challenge={stage.challenge}
          sentTo={`${t('otp.sentTo', { mobile: stage.challenge.maskedMobile })} ${t('delete.otpHelp')}`}
          submitLabel={t('delete.submit')}
          danger
          verify={async (otp) => {
            await verifyAccountDeletion(stage.challenge.challengeId, otp);
            session.ended('deleted');
          }}
          onRestart={() => setStage({ kind: 'pin' })}
        />
      )}
    </section>
  );
}
