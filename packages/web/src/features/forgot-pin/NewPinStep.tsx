import { useState, type FormEvent } from 'react';
import { completeForgotPin } from '../../api/recovery';
import { FormAlert } from '../../components/FormAlert';
import { useFormErrors } from '../../components/form-errors';
import { PinField, ShowSecretToggle } from '../../components/SecretFields';
import { useI18n } from '../../i18n/i18n-context';
import { isSixDigits, isWeakPin } from '@tijori/rules';
import { focusById } from '../../lib/focus';

type Field = 'newPin' | 'newPinConfirm';
const IDS: Record<Field, string> = { newPin: 'forgot-pin-new', newPinConfirm: 'forgot-pin-confirm' };

/** Last step of Forgot PIN: the new PIN, twice. */
export function NewPinStep({ ticket, onDone }: { ticket: string; onDone(): void }) {
  const { t } = useI18n();
  const [pin, setPin] = useState('');
  const [confirm, setConfirm] = useState('');
  const [show, setShow] = useState(false);
  const [busy, setBusy] = useState(false);
  const errors = useFormErrors<Field>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    errors.clear();
    const found: Partial<Record<Field, string>> = {};
    if (!isSixDigits(pin)) found.newPin = t('field.pin.invalid');
    else if (isWeakPin(pin)) found.newPin = t('field.pin.weak');
    else if (confirm !== pin) found.newPinConfirm = t('field.pinConfirm.mismatch');
    const first = (Object.keys(IDS) as Field[]).find((f) => found[f]);
    if (first) {
      errors.setFields(Object.fromEntries(Object.entries(found).map(([f, message]) => [f, { message, code: 'invalid' }])));
      focusById(IDS[first]);
      return;
    }
    setBusy(true);
    try {
      await completeForgotPin(ticket, pin);
      onDone();
    } catch (err) {
      setBusy(false);
      const field = errors.fromApi(err, { paths: { '/body/newPin': 'newPin' }, invalid: { newPin: 'field.pin.invalid' }, codes: { pin_too_weak: 'newPin' } });
      if (field) focusById(IDS[field]);
    }
  }

  return (
    <form className="stack" noValidate onSubmit={(e) => void submit(e)}>
      <p>{t('forgotPin.newPin.help')}</p>
      <FormAlert error={errors.form} />
      <PinField
        id={IDS.newPin}
        label={t('field.newPin.label')}
        hint={t('field.pin.hint')}
        value={pin}
        onChange={setPin}
        error={errors.fields.newPin}
        visible={show}
        isNew
      />
      <PinField
        id={IDS.newPinConfirm}
        label={t('field.newPinConfirm.label')}
        value={confirm}
        onChange={setConfirm}
        error={errors.fields.newPinConfirm}
        visible={show}
        isNew
      />
      <ShowSecretToggle id="forgot-pin-show" label={t('common.showPin')} checked={show} onChange={setShow} />
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={busy} aria-busy={busy || undefined} data-testid="forgot-pin-set">
          {t('forgotPin.newPin.submit')}
        </button>
      </div>
    </form>
  );
}
