import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { staffRenewRecoveryCodes, staffTotpDisable, staffTotpStatus } from '../../api/staff';
import type { StaffTotpStatus } from '../../api/types';
import { FormAlert, StatusMessage } from '../../components/FormAlert';
import { useFormErrors } from '../../components/form-errors';
import { Loading } from '../../components/Layout';
import { PageHeading } from '../../components/PageHeading';
import { OtpField } from '../../components/SecretFields';
import { useI18n } from '../../i18n/i18n-context';
import { focusById } from '../../lib/focus';
import { RecoveryCodesList } from './RecoveryCodesList';
import { useSecondFactorForm } from './SecondFactorField';
import { TotpEnrolment } from './TotpEnrolment';
import { useStaff, useStaffMe } from './staff-context';

/** /console/security: the signed-in user's second factor — set it up, renew recovery codes, turn it off. */
export function ConsoleSecurityPage() {
  const { t } = useI18n();
  const me = useStaffMe();
  const [status, setStatus] = useState<StaffTotpStatus | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const errors = useFormErrors<never>();

  const load = useCallback(async () => {
    try {
      setStatus(await staffTotpStatus());
    } catch (err) {
      errors.fromApi(err);
    }
  }, [errors.fromApi]);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <div className="narrow stack" data-testid="console-security">
      <PageHeading title={t('console.security.title')}>{t('console.security.title')}</PageHeading>
      <FormAlert error={errors.form} />
      <StatusMessage message={done} />
      {status === null ? (
        errors.form ? null : (
          <Loading />
        )
      ) : status.enrolled ? (
        <>
          <p data-testid="totp-status" data-enrolled="true">
            {t('console.security.on')} {t('console.security.codesLeft', { count: status.recoveryCodesLeft })}
          </p>
          <RenewRecoveryCodes onRenewed={() => void load()} />
          <DisableTotp
            operator={me.role === 'operator'}
            onDisabled={() => {
              setDone(t('console.security.disabled'));
              void load();
            }}
          />
        </>
      ) : (
        <>
          <p data-testid="totp-status" data-enrolled="false">
            {t('console.security.off')}
          </p>
          <TotpEnrolment
            required={me.role === 'operator'}
            onDone={() => {
              setDone(t('console.security.enabled'));
              void load();
            }}
          />
        </>
      )}
    </div>
  );
}

function RenewRecoveryCodes({ onRenewed }: { onRenewed(): void }) {
  const { t } = useI18n();
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [codes, setCodes] = useState<string[] | null>(null);
  const errors = useFormErrors<'code'>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    errors.clear();
    if (!/^\d{6}$/.test(code)) {
      errors.setField('code', t('console.totp.codeRequired'));
      return focusById('totp-renew-code');
    }
    setBusy(true);
    try {
      setCodes((await staffRenewRecoveryCodes(code)).recoveryCodes);
    } catch (err) {
      errors.fromApi(err, { codes: { totp_wrong: 'code', totp_used: 'code' }, paths: { '/body/code': 'code' } });
      focusById('totp-renew-code');
    } finally {
      setCode('');
      setBusy(false);
    }
  }

  if (codes) {
    return (
      <RecoveryCodesList
        codes={codes}
        onDone={() => {
          setCodes(null);
          onRenewed();
        }}
      />
    );
  }
  return (
    <form className="card stack" noValidate onSubmit={(e) => void submit(e)} aria-labelledby="totp-renew-heading" data-testid="totp-renew">
      <h2 id="totp-renew-heading">{t('console.security.renew.title')}</h2>
      <p>{t('console.security.renew.intro')}</p>
      <FormAlert error={errors.form} />
      <OtpField
        id="totp-renew-code"
        label={t('console.totp.code.label')}
        hint={t('console.totp.code.hint')}
        value={code}
        onChange={setCode}
        error={errors.fields.code}
      />
      <div className="actions">
        <button type="submit" className="button button-secondary" disabled={busy} aria-busy={busy || undefined}>
          {t('console.security.renew.submit')}
        </button>
      </div>
    </form>
  );
}

function DisableTotp({ operator, onDisabled }: { operator: boolean; onDisabled(): void }) {
  const { t } = useI18n();
  const staff = useStaff();
  const form = useSecondFactorForm('totp-disable', async (factor) => {
    await staffTotpDisable(factor);
    // An operator's session now opens only the set-up of a new one.
    if (operator) void staff.reload();
    else onDisabled();
  });

  return (
    <form className="card stack" noValidate onSubmit={(e) => void form.submit(e)} aria-labelledby="totp-disable-heading" data-testid="totp-disable">
      <h2 id="totp-disable-heading">{t('console.security.disable.title')}</h2>
      <p>{operator ? t('console.security.disable.introOperator') : t('console.security.disable.introIssuer')}</p>
      <FormAlert error={form.errors.form} />
      {form.field}
      <div className="actions">
        <button type="submit" className="button button-danger" disabled={form.busy} aria-busy={form.busy || undefined}>
          {t('console.security.disable.submit')}
        </button>
      </div>
    </form>
  );
}
