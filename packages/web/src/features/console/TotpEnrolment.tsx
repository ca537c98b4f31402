import { useState, type FormEvent } from 'react';
import { staffTotpConfirm, staffTotpEnrol } from '../../api/staff';
import type { StaffTotpEnrolment } from '../../api/types';
import { FormAlert } from '../../components/FormAlert';
import { useFormErrors } from '../../components/form-errors';
import { StepHeading } from '../../components/PageHeading';
import { QrCode } from '../../components/QrCode';
import { OtpField } from '../../components/SecretFields';
import { useI18n } from '../../i18n/i18n-context';
import { focusById } from '../../lib/focus';
import { RecoveryCodesList } from './RecoveryCodesList';

type Step = { kind: 'intro' } | { kind: 'scan'; enrolment: StaffTotpEnrolment } | { kind: 'codes'; codes: string[] };

/**
 * Setting up an authenticator app: a QR code (and the key, for typing in), the app's first code
 * to confirm, then the recovery codes, shown once. The secret is asked for only on a click, so
 * a page that is merely opened (or rendered twice) does not replace one being scanned.
 */
export function TotpEnrolment({ required, onDone }: { required: boolean; onDone(): void }) {
  const { t } = useI18n();
  const [step, setStep] = useState<Step>({ kind: 'intro' });
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const errors = useFormErrors<'code'>();

  async function start() {
    if (busy) return;
    errors.clear();
    setBusy(true);
    try {
      setStep({ kind: 'scan', enrolment: await staffTotpEnrol() });
      focusById('totp-enrol-code');
    } catch (err) {
      errors.fromApi(err);
    } finally {
      setBusy(false);
    }
  }

  async function confirm(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    errors.clear();
    if (!/^\d{6}$/.test(code)) {
      errors.setField('code', t('console.totp.codeRequired'));
      focusById('totp-enrol-code');
      return;
    }
    setBusy(true);
    try {
      const { recoveryCodes } = await staffTotpConfirm(code);
      setStep({ kind: 'codes', codes: recoveryCodes });
    } catch (err) {
      setCode('');
      errors.fromApi(err, { codes: { totp_wrong: 'code', totp_used: 'code' }, paths: { '/body/code': 'code' } });
      focusById('totp-enrol-code');
    } finally {
      setBusy(false);
    }
  }

  if (step.kind === 'codes') return <RecoveryCodesList codes={step.codes} onDone={onDone} />;
  if (step.kind === 'intro') {
    return (
      <section className="card stack" data-testid="totp-enrol-intro">
        <p>{required ? t('console.totp.enrol.requiredIntro') : t('console.totp.enrol.optionalIntro')}</p>
        <FormAlert error={errors.form} />
        <div className="actions">
          <button
            type="button"
            className="button button-primary"
            disabled={busy}
            aria-busy={busy || undefined}
            onClick={() => void start()}
            data-testid="totp-enrol-start"
          >
            {t('console.totp.enrol.start')}
          </button>
        </div>
      </section>
    );
  }
  const key = step.enrolment.secret.replace(/(.{4})/g, '$1 ').trim();
  return (
    <form className="card stack" noValidate onSubmit={(e) => void confirm(e)} data-testid="totp-enrol-scan">
      <StepHeading focus id="totp-enrol-heading">
        {t('console.totp.enrol.scanTitle')}
      </StepHeading>
      <p>{t('console.totp.enrol.scan')}</p>
      <div className="qr-frame">
        <QrCode value={step.enrolment.otpauthUri} label={t('console.totp.enrol.qrLabel')} testId="totp-qr" />
      </div>
      <p>{t('console.totp.enrol.manual')}</p>
      <p>
        <code className="verification-code" translate="no" data-testid="totp-secret" data-secret={step.enrolment.secret}>
          {key}
        </code>
      </p>
      <FormAlert error={errors.form} />
      <OtpField
        id="totp-enrol-code"
        label={t('console.totp.code.label')}
        hint={t('console.totp.code.hint')}
        value={code}
        onChange={setCode}
        error={errors.fields.code}
      />
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={busy} aria-busy={busy || undefined} data-testid="totp-enrol-confirm">
          {t('console.totp.enrol.confirm')}
        </button>
      </div>
    </form>
  );
}
