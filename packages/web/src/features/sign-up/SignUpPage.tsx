import { useState } from 'react';
import { Link, Navigate, useSearchParams } from 'react-router';
import { verifySignUp } from '../../api/auth';
import type { Challenge } from '../../api/types';
import { OtpStep } from '../../components/OtpStep';
import { PageHeading, StepHeading } from '../../components/PageHeading';
import { useI18n } from '../../i18n/i18n-context';
import { safeNext, withNext } from '../../session/next-path';
import { useSession } from '../../session/session-context';
import { MobileStep } from './MobileStep';
import { PinStep } from './PinStep';

type Step = { kind: 'mobile' } | { kind: 'otp'; challenge: Challenge } | { kind: 'pin'; ticket: string };

/**
 * Sign-up: mobile → OTP → PIN (+ optional username and password). With `next` (a requester's
 * `dl_flow=signup` sends a new resident here with its consent screen as `next`), the new account
 * lands there instead of the locker.
 */
export function SignUpPage() {
  const { t } = useI18n();
  const session = useSession();
  const [params] = useSearchParams();
  const next = params.get('next');
  const [step, setStep] = useState<Step>({ kind: 'mobile' });
  const [mobile, setMobile] = useState('');
  const [created, setCreated] = useState(false);
  const [moved, setMoved] = useState(false);

  if (session.state.status === 'signed-in') return <Navigate to={safeNext(next)} replace state={created && !next ? { welcome: true } : null} />;

  const go = (next: Step) => {
    setMoved(true);
    setStep(next);
  };
  const restart = () => go({ kind: 'mobile' });
  const number = step.kind === 'mobile' ? 1 : step.kind === 'otp' ? 2 : 3;
  const heading = step.kind === 'mobile' ? t('signUp.mobile.heading') : step.kind === 'otp' ? t('signUp.otp.heading') : t('signUp.pin.heading');

  return (
    <div className="narrow stack">
      <PageHeading title={t('signUp.title')}>{t('signUp.title')}</PageHeading>
      <section className="card stack" aria-labelledby="sign-up-step" data-testid={`sign-up-step-${step.kind}`}>
        <StepHeading id="sign-up-step" focus={moved}>
          <span className="step-indicator">{t('step.progress', { current: number, total: 3 })}</span>
          <span className="step-title">{heading}</span>
        </StepHeading>
        {step.kind === 'mobile' && (
          <MobileStep
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
            idPrefix="sign-up"
            challenge={step.challenge}
            sentTo={t('forgotPin.signUpSentTo', { mobile: step.challenge.maskedMobile })}
            submitLabel={t('otp.verify')}
            verify={async (otp) => {
              const { signupTicket } = await verifySignUp(step.challenge.challengeId, otp);
              go({ kind: 'pin', ticket: signupTicket });
            }}
            onRestart={restart}
          />
        )}
        {step.kind === 'pin' && (
          <PinStep
            ticket={step.ticket}
            mobile={mobile}
            onRestart={restart}
            onCreated={({ resident }) => {
              setCreated(true);
              session.setMe(resident);
            }}
          />
        )}
      </section>
      <p>
        {t('signUp.haveAccount')} <Link to={withNext('/sign-in', next)}>{t('common.signIn')}</Link>
      </p>
      <p>
        <Link to="/forgot-pin">{t('forgotPin.link')}</Link>
      </p>
    </div>
  );
}
