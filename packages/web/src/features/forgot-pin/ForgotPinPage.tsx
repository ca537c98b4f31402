import { useState, type FormEvent } from 'react';
import { Link, Navigate } from 'react-router';
import { startForgotPin, verifyForgotPin, type RecoveryStarted } from '../../api/recovery';
import type { Challenge } from '../../api/types';
import { FormAlert, StatusMessage } from '../../components/FormAlert';
import { useFormErrors } from '../../components/form-errors';
import { MobileField } from '../../components/MobileField';
import { OtpStep } from '../../components/OtpStep';
import { PageHeading, StepHeading } from '../../components/PageHeading';
import { useI18n } from '../../i18n/i18n-context';
import { focusById } from '../../lib/focus';
import { isValidMobile, normaliseMobile } from '@tijori/rules';
import { useSession } from '../../session/session-context';
import { NewPinStep } from './NewPinStep';
import { SecondFactorStep } from './SecondFactorStep';

type Step =
  | { kind: 'mobile' }
  | { kind: 'otp'; challenge: Challenge }
  | { kind: 'factor'; recovery: RecoveryStarted }
  | { kind: 'waiting'; readyAt: string }
  | { kind: 'pin'; ticket: string }
  | { kind: 'done' };

function MobileForm({ initial, onSent }: { initial: string; onSent(challenge: Challenge, mobile: string): void }) {
  const { t, lang } = useI18n();
  const [value, setValue] = useState(initial);
  const [busy, setBusy] = useState(false);
  const errors = useFormErrors<'mobile'>();
  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    errors.clear();
    const mobile = normaliseMobile(value);
    if (!isValidMobile(mobile)) {
      errors.setField('mobile', t('field.mobile.invalid'));
      focusById('forgot-pin-mobile');
      return;
    }
    setBusy(true);
    try {
      onSent(await startForgotPin(mobile, lang), mobile);
    } catch (err) {
      setBusy(false);
      if (errors.fromApi(err, { paths: { '/body/mobile': 'mobile' }, invalid: { mobile: 'field.mobile.invalid' } })) focusById('forgot-pin-mobile');
    }
  }
  return (
    <form className="stack" noValidate onSubmit={(e) => void submit(e)}>
      <p>{t('forgotPin.mobile.help')}</p>
      <FormAlert error={errors.form} />
      <MobileField id="forgot-pin-mobile" label={t('field.mobile.label')} error={errors.fields.mobile} value={value} onChange={setValue} />
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={busy} aria-busy={busy || undefined} data-testid="forgot-pin-send-otp">
          {t('otp.send')}
        </button>
      </div>
    </form>
  );
}

const HEADINGS = {
  mobile: 'forgotPin.mobile.heading',
  otp: 'forgotPin.otp.heading',
  factor: 'forgotPin.factor.heading',
  waiting: 'forgotPin.waiting.heading',
  pin: 'forgotPin.newPin.heading',
  done: 'forgotPin.done.heading',
} as const;

/** Forgot PIN: mobile → OTP → second factor (Aadhaar OTP, password or waiting period) → new PIN. */
export function ForgotPinPage() {
  const { t, format } = useI18n();
  const session = useSession();
  const [step, setStep] = useState<Step>({ kind: 'mobile' });
  const [mobile, setMobile] = useState('');
  const [moved, setMoved] = useState(false);
  if (session.state.status === 'signed-in') return <Navigate to="/app/profile" replace />;
  const go = (next: Step) => {
    setMoved(true);
    setStep(next);
  };
  const restart = () => go({ kind: 'mobile' });

  return (
    <div className="narrow stack">
      <PageHeading title={t('forgotPin.title')}>{t('forgotPin.title')}</PageHeading>
      <section className="card stack" aria-labelledby="forgot-pin-step" data-testid={`forgot-pin-step-${step.kind}`}>
        <StepHeading id="forgot-pin-step" focus={moved}>
          <span className="step-title">{t(HEADINGS[step.kind])}</span>
        </StepHeading>
        {step.kind === 'mobile' && (
          <MobileForm
            initial={mobile}
            onSent={(challenge, number) => {
              setMobile(number);
              go({ kind: 'otp', challenge });
            }}
          />
        )}
        {step.kind === 'otp' && (
          <OtpStep
            key={step.challenge.challengeId}
            idPrefix="forgot-pin"
            challenge={step.challenge}
            sentTo={t('forgotPin.otp.sentTo', { mobile: step.challenge.maskedMobile })}
            submitLabel={t('otp.verify')}
            verify={async (otp) => {
              const recovery = await verifyForgotPin(step.challenge.challengeId, otp);
              go(recovery.ready ? { kind: 'pin', ticket: recovery.recoveryTicket } : { kind: 'factor', recovery });
            }}
            onRestart={restart}
          />
        )}
        {step.kind === 'factor' && (
          <SecondFactorStep
            recovery={step.recovery}
            onProven={() => go({ kind: 'pin', ticket: step.recovery.recoveryTicket })}
            onWaiting={(readyAt) => go({ kind: 'waiting', readyAt })}
            onRestart={restart}
          />
        )}
        {step.kind === 'waiting' && <p data-testid="forgot-pin-waiting">{t('forgotPin.waiting.body', { time: format.dateTime(step.readyAt) })}</p>}
        {step.kind === 'pin' && <NewPinStep ticket={step.ticket} onDone={() => go({ kind: 'done' })} />}
        {step.kind === 'done' && (
          <>
            <StatusMessage message={t('forgotPin.done.body')} testId="forgot-pin-done" />
            <div className="actions">
              <Link className="button button-primary" to="/sign-in">
                {t('common.signIn')}
              </Link>
            </div>
          </>
        )}
      </section>
      <p>
        <Link to="/sign-in">{t('forgotPin.backToSignIn')}</Link>
      </p>
    </div>
  );
}
