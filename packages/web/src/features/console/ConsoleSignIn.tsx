import { useState, type FormEvent } from 'react';
import { staffMe, staffSignIn } from '../../api/staff';
import { FormAlert, StatusMessage } from '../../components/FormAlert';
import { useFormErrors } from '../../components/form-errors';
import { PageHeading } from '../../components/PageHeading';
import { ShowSecretToggle } from '../../components/SecretFields';
import { TextField } from '../../components/TextField';
import { useI18n } from '../../i18n/i18n-context';
import { focusById } from '../../lib/focus';
import { useStaff } from './staff-context';

/** Console sign-in for operators and issuer staff: username and password. */
export function ConsoleSignIn({ notice }: { notice: 'expired' | 'signedOut' | null }) {
  const { t } = useI18n();
  const staff = useStaff();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [show, setShow] = useState(false);
  const [busy, setBusy] = useState(false);
  const errors = useFormErrors<'username' | 'password'>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    errors.clear();
    if (username.trim().length < 3) {
      errors.setField('username', t('console.signIn.usernameRequired'));
      focusById('console-username');
      return;
    }
    if (!password) {
      errors.setField('password', t('field.loginPassword.invalid'));
      focusById('console-password');
      return;
    }
    setBusy(true);
    try {
      const { next } = await staffSignIn(username.trim(), password);
      if (next === 'totp') staff.pending('second-factor');
      else if (next === 'enrol_totp') staff.pending('enrol');
      else staff.signedIn(await staffMe());
    } catch (err) {
      setBusy(false);
      setPassword('');
      const field = errors.fromApi(err, { paths: { '/body/username': 'username', '/body/password': 'password' } });
      focusById(field === 'username' ? 'console-username' : 'console-password');
    }
  }

  return (
    <div className="narrow stack">
      <PageHeading title={t('console.signIn.title')}>{t('console.signIn.title')}</PageHeading>
      <p>{t('console.signIn.intro')}</p>
      <StatusMessage
        message={notice === 'expired' ? t('signIn.notice.expired') : notice === 'signedOut' ? t('signIn.notice.signedOut') : null}
        testId="console-notice"
      />
      <form className="card stack" noValidate onSubmit={(e) => void submit(e)} data-testid="console-sign-in">
        <FormAlert error={errors.form} />
        <TextField
          id="console-username"
          label={t('field.username.label')}
          error={errors.fields.username}
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          maxLength={64}
        />
        <TextField
          id="console-password"
          label={t('field.password.label')}
          error={errors.fields.password}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          type={show ? 'text' : 'password'}
          autoComplete="current-password"
          maxLength={200}
        />
        <ShowSecretToggle id="console-show-password" label={t('common.showPassword')} checked={show} onChange={setShow} />
        <div className="actions">
          <button type="submit" className="button button-primary" disabled={busy} aria-busy={busy || undefined} data-testid="console-sign-in-submit">
            {t('common.signIn')}
          </button>
        </div>
      </form>
    </div>
  );
}
