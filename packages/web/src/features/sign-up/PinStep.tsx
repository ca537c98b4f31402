import { useState, type FormEvent } from 'react';
import { completeSignUp } from '../../api/auth';
import type { SignedIn } from '../../api/types';
import { FormAlert } from '../../components/FormAlert';
import { useFormErrors } from '../../components/form-errors';
import { PinField, ShowSecretToggle } from '../../components/SecretFields';
import { TextField } from '../../components/TextField';
import { useI18n } from '../../i18n/i18n-context';
import { isSixDigits, isWeakPin } from '@tijori/rules';
import { focusById } from '../../lib/focus';

type Field = 'pin' | 'pinConfirm' | 'username' | 'password';
const USERNAME = /^[a-z][a-z0-9._-]{2,31}$/;
const ids: Record<Field, string> = { pin: 'sign-up-pin', pinConfirm: 'sign-up-pin-confirm', username: 'sign-up-username', password: 'sign-up-password' };

/** Sign-up step 3: the security PIN, and optionally a username and password. */
export function PinStep({ ticket, mobile, onCreated, onRestart }: { ticket: string; mobile: string; onCreated(result: SignedIn): void; onRestart(): void }) {
  const { t, lang } = useI18n();
  const [pin, setPin] = useState('');
  const [pinConfirm, setPinConfirm] = useState('');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [showPin, setShowPin] = useState(false);
  const [showPassword, setShowPassword] = useState(false);
  const [busy, setBusy] = useState(false);
  const errors = useFormErrors<Field>();

  function validate(): Partial<Record<Field, string>> {
    const found: Partial<Record<Field, string>> = {};
    if (!isSixDigits(pin)) found.pin = t('field.pin.invalid');
    else if (isWeakPin(pin)) found.pin = t('field.pin.weak');
    if (!found.pin && pinConfirm !== pin) found.pinConfirm = t('field.pinConfirm.mismatch');
    const name = username.trim().toLowerCase();
    if (name && !USERNAME.test(name)) found.username = t('field.username.invalid');
    if (password && (password.length < 10 || password.length > 128 || password.includes(mobile))) found.password = t('field.password.invalid');
    return found;
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    errors.clear();
    const found = validate();
    const first = (Object.keys(ids) as Field[]).find((f) => found[f]);
    if (first) {
      errors.setFields(Object.fromEntries(Object.entries(found).map(([f, message]) => [f, { message, code: 'invalid' }])));
      focusById(ids[first]);
      return;
    }
    setBusy(true);
    try {
      const name = username.trim().toLowerCase();
      const result = await completeSignUp({
        signupTicket: ticket,
        pin,
        language: lang,
        ...(name ? { username: name } : {}),
        ...(password ? { password } : {}),
      });
      onCreated(result);
    } catch (err) {
      setBusy(false);
      const field = errors.fromApi(err, {
        paths: { '/body/pin': 'pin', '/body/username': 'username', '/body/password': 'password' },
        invalid: { pin: 'field.pin.invalid', username: 'field.username.invalid', password: 'field.password.invalid' },
        codes: { username_taken: 'username', pin_too_weak: 'pin' },
      });
      if (field) focusById(ids[field]);
    }
  }

  return (
    <form className="stack" noValidate onSubmit={(e) => void submit(e)}>
      <p>{t('signUp.pin.help')}</p>
      <FormAlert error={errors.form} />
      <PinField
        id={ids.pin}
        label={t('field.pin.label')}
        hint={t('field.pin.hint')}
        value={pin}
        onChange={setPin}
        error={errors.fields.pin}
        visible={showPin}
        isNew
      />
      <PinField
        id={ids.pinConfirm}
        label={t('field.pinConfirm.label')}
        value={pinConfirm}
        onChange={setPinConfirm}
        error={errors.fields.pinConfirm}
        visible={showPin}
        isNew
      />
      <ShowSecretToggle id="sign-up-show-pin" label={t('common.showPin')} checked={showPin} onChange={setShowPin} />

      <fieldset className="fieldset stack">
        <legend>{t('signUp.optional.heading')}</legend>
        <p className="hint">{t('signUp.optional.help')}</p>
        <TextField
          id={ids.username}
          label={t('field.username.label')}
          hint={t('field.username.hint')}
          optional
          error={errors.fields.username}
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          maxLength={32}
        />
        <TextField
          id={ids.password}
          label={t('field.password.label')}
          hint={t('field.password.hint')}
          optional
          error={errors.fields.password}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          type={showPassword ? 'text' : 'password'}
          autoComplete="new-password"
          maxLength={128}
        />
        <ShowSecretToggle id="sign-up-show-password" label={t('common.showPassword')} checked={showPassword} onChange={setShowPassword} />
      </fieldset>

      <div className="actions">
        <button type="submit" className="button button-primary" disabled={busy} aria-busy={busy || undefined} data-testid="sign-up-create">
          {t('signUp.create')}
        </button>
        {errors.form?.code === 'ticket_invalid' && (
          <button type="button" className="button button-secondary" onClick={onRestart}>
            {t('otp.startAgain')}
          </button>
        )}
      </div>
    </form>
  );
}
