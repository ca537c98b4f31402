import { isApiError } from '../../api/client';
import { staffMe, staffSignInTotp } from '../../api/staff';
import { FormAlert } from '../../components/FormAlert';
import { PageHeading } from '../../components/PageHeading';
import { useI18n } from '../../i18n/i18n-context';
import { useSecondFactorForm } from './SecondFactorField';
import { useStaff } from './staff-context';

/** The console sign-in's second step: the authenticator app's code, or a recovery code. */
export function ConsoleSecondFactor() {
  const { t } = useI18n();
  const staff = useStaff();
  const form = useSecondFactorForm(
    'console-totp',
    async (factor) => {
      await staffSignInTotp(factor);
      staff.signedIn(await staffMe());
    },
    // The five-minute ticket ran out (or was used): back to the password.
    (err) => isApiError(err) && err.code === 'unauthenticated' && (staff.ended('expired'), true),
  );

  return (
    <div className="narrow stack">
      <PageHeading title={t('console.totp.step.title')}>{t('console.totp.step.title')}</PageHeading>
      <p>{form.mode === 'app' ? t('console.totp.step.intro') : t('console.totp.step.introRecovery')}</p>
      <form className="card stack" noValidate onSubmit={(e) => void form.submit(e)} data-testid="console-totp-step">
        <FormAlert error={form.errors.form} />
        {form.field}
        <div className="actions">
          <button type="submit" className="button button-primary" disabled={form.busy} aria-busy={form.busy || undefined} data-testid="console-totp-submit">
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
