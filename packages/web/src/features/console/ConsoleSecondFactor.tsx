import { useState, type FormEvent } from 'react';
import { isApiError } from '../../api/client';
import { staffMe, staffSignInTotp } from '../../api/staff';
import { FormAlert } from '../../components/FormAlert';
import { useFormErrors } from '../../components/form-errors';
import { PageHeading } from '../../components/PageHeading';
import { useI18n } from '../../i18n/i18n-context';
import { focusById } from '../../lib/focus';
import { FACTOR_ERRORS, FACTOR_PATHS, factorBody, SecondFactorField, type FactorMode } from './SecondFactorField';
import { useStaff } from './staff-context';

/** The console sign-in's second step: the authenticator app's code, or a recovery code. */
export function ConsoleSecondFactor() {
  const { t } = useI18n();
  const staff = useStaff();
  const [mode, setMode] = useState<FactorMode>('app');
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  const errors = useFormErrors<'factor'>();
  const fieldId = mode === 'app' ? 'console-totp-code' : 'console-totp-recovery';

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    errors.clear();
    const body = factorBody(mode, value);
    if (!body) {
      errors.setField('factor', t(mode === 'app' ? 'console.totp.codeRequired' : 'console.totp.recoveryRequired'));
      focusById(fieldId);
      return;
    }
    setBusy(true);
    try {
      await staffSignInTotp(body);
      staff.signedIn(await staffMe());
    } catch (err) {
      setBusy(false);
      setValue('');
      // The five-minute ticket ran out (or was used): back to the password.
      if (isApiError(err) && err.code === 'unauthenticated') return staff.ended('expired');
      errors.fromApi(err, { codes: FACTOR_ERRORS, paths: FACTOR_PATHS });
      focusById(fieldId);
    }
  }

  return (
    <div className="narrow stack">
      <PageHeading title={t('console.totp.step.title')}>{t('console.totp.step.title')}</PageHeading>
      <p>{mode === 'app' ? t('console.totp.step.intro') : t('console.totp.step.introRecovery')}</p>
      <form className="card stack" noValidate onSubmit={(e) => void submit(e)} data-testid="console-totp-step">
        <FormAlert error={errors.form} />
        <SecondFactorField idPrefix="console-totp" mode={mode} onModeChange={setMode} value={value} onChange={setValue} error={errors.fields.factor} />
        <div className="actions">
          <button type="submit" className="button button-primary" disabled={busy} aria-busy={busy || undefined} data-testid="console-totp-submit">
            {t('console.totp.verify')}
          </button>
          <button type="button" className="button button-secondary" onClick={() => void staff.reload()}>
            {t('console.totp.startOver')}
          </button>
        </div>
      </form>
    </div>
  );
}
