import { useState, type FormEvent } from 'react';
import { startSignIn } from '../../api/auth';
import type { Challenge } from '../../api/types';
import { FormAlert } from '../../components/FormAlert';
import { useFormErrors } from '../../components/form-errors';
import { PinField, ShowSecretToggle } from '../../components/SecretFields';
import { TextField } from '../../components/TextField';
import { useI18n } from '../../i18n/i18n-context';
import { isSixDigits, normaliseLogin } from '@tijori/rules';
import { focusById } from '../../lib/focus';

type Field = 'login' | 'secret';
type Method = 'pin' | 'password';

/**
 * Sign-in step 1: who (mobile or username) and what they know (PIN or password). With
 * `fixedMobile` (a requester the operator trusts named the resident's number) the login is that
 * number and cannot be changed; the PIN and the OTP are asked as always.
 */
export function CredentialsStep({
  initialLogin,
  fixedMobile,
  onSent,
}: {
  initialLogin: string;
  fixedMobile?: string | null;
  onSent(challenge: Challenge, login: string): void;
}) {
  const { t } = useI18n();
  const [typed, setLogin] = useState(initialLogin);
  const login = fixedMobile ?? typed;
  const [method, setMethod] = useState<Method>('pin');
  const [pin, setPin] = useState('');
  const [password, setPassword] = useState('');
  const [show, setShow] = useState(false);
  const [busy, setBusy] = useState(false);
  const errors = useFormErrors<Field>();
  const secretId = method === 'pin' ? 'sign-in-pin' : 'sign-in-password';

  function switchMethod() {
    const next: Method = method === 'pin' ? 'password' : 'pin';
    setMethod(next);
    setShow(false);
    errors.clear();
    focusById(next === 'pin' ? 'sign-in-pin' : 'sign-in-password');
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    errors.clear();
    const normalised = normaliseLogin(login);
    if (normalised.length < 3) {
      errors.setField('login', t('field.login.invalid'));
      focusById('sign-in-login');
      return;
    }
    if (method === 'pin' ? !isSixDigits(pin) : password.length === 0) {
      errors.setField('secret', method === 'pin' ? t('field.pin.invalid') : t('field.loginPassword.invalid'));
      focusById(secretId);
      return;
    }
    setBusy(true);
    try {
      const challenge = await startSignIn(method === 'pin' ? { login: normalised, pin } : { login: normalised, password });
      onSent(challenge, login);
    } catch (err) {
      setBusy(false);
      setPin('');
      setPassword('');
      const field = errors.fromApi(err, {
        paths: { '/body/login': 'login', '/body/pin': 'secret', '/body/password': 'secret' },
        invalid: { login: 'field.login.invalid', secret: method === 'pin' ? 'field.pin.invalid' : 'field.loginPassword.invalid' },
      });
      focusById(field === 'login' ? 'sign-in-login' : secretId);
    }
  }

  return (
    <form className="stack" noValidate onSubmit={(e) => void submit(e)}>
      <FormAlert error={errors.form} />
      <TextField
        id="sign-in-login"
        label={t('field.login.label')}
        error={errors.fields.login}
        value={login}
        onChange={(e) => setLogin(e.target.value)}
        readOnly={Boolean(fixedMobile)}
        hint={fixedMobile ? t('signIn.fixedMobile') : undefined}
        data-fixed={fixedMobile ? 'true' : undefined}
        autoComplete="username"
        autoCapitalize="none"
        spellCheck={false}
        maxLength={64}
        required
      />
      {method === 'pin' ? (
        <PinField
          id="sign-in-pin"
          label={t('field.pin.label')}
          hint={t('field.pin.hint')}
          value={pin}
          onChange={setPin}
          error={errors.fields.secret}
          visible={show}
          isNew={false}
        />
      ) : (
        <TextField
          id="sign-in-password"
          label={t('field.password.label')}
          error={errors.fields.secret}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          type={show ? 'text' : 'password'}
          autoComplete="current-password"
          maxLength={128}
        />
      )}
      <ShowSecretToggle id="sign-in-show-secret" label={method === 'pin' ? t('common.showPin') : t('common.showPassword')} checked={show} onChange={setShow} />
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={busy} aria-busy={busy || undefined} data-testid="sign-in-continue">
          {t('common.continue')}
        </button>
        <button type="button" className="button button-link" onClick={switchMethod} data-testid="sign-in-toggle-method">
          {method === 'pin' ? t('signIn.usePassword') : t('signIn.usePin')}
        </button>
      </div>
    </form>
  );
}
