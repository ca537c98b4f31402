import { useEffect, useState } from 'react';
import { Link, Navigate, useLocation, useSearchParams } from 'react-router';
import { verifySignIn } from '../../api/auth';
import { getConsentSignInHint } from '../../api/consents';
import type { Challenge } from '../../api/types';
import { StatusMessage } from '../../components/FormAlert';
import { OtpStep } from '../../components/OtpStep';
import { PageHeading, StepHeading } from '../../components/PageHeading';
import { useI18n } from '../../i18n/i18n-context';
import type { MessageKey } from '../../i18n/translation';
import type { EndReason } from '../../session/session-context';
import { safeNext, withNext } from '../../session/next-path';
import { useSession } from '../../session/session-context';
import { CredentialsStep } from './CredentialsStep';

const NOTICES: Record<EndReason, MessageKey & `signIn.notice.${string}`> = {
  expired: 'signIn.notice.expired',
  signedOut: 'signIn.notice.signedOut',
  signedOutEverywhere: 'signIn.notice.signedOutEverywhere',
  deleted: 'signIn.notice.deleted',
};

const CONSENT_NEXT = /^\/app\/consent\/([A-Za-z0-9_-]{22,64})$/;

/**
 * On the way to a consent screen, the mobile a trusted requester named for it (null otherwise):
 * the sign-in form is fixed to that number. A failed look-up leaves the form as it is.
 */
function useFixedMobile(next: string | null): string | null {
  const [mobile, setMobile] = useState<string | null>(null);
  const requestId = next ? CONSENT_NEXT.exec(next)?.[1] : undefined;
  useEffect(() => {
    if (!requestId) return;
    getConsentSignInHint(requestId)
      .then((hint) => setMobile(hint.mobile))
      .catch(() => setMobile(null));
  }, [requestId]);
  return mobile;
}

/** Sign-in: mobile or username, PIN or password → OTP → the locker. */
export function SignInPage() {
  const { t } = useI18n();
  const session = useSession();
  const location = useLocation();
  const [params] = useSearchParams();
  const [challenge, setChallenge] = useState<Challenge | null>(null);
  const [login, setLogin] = useState('');
  const [moved, setMoved] = useState(false);
  const fixedMobile = useFixedMobile(params.get('next'));

  if (session.state.status === 'signed-in') return <Navigate to={safeNext(params.get('next'))} replace />;

  const notice = (location.state as { notice?: EndReason } | null)?.notice;

  return (
    <div className="narrow stack">
      <PageHeading title={t('signIn.title')}>{t('signIn.title')}</PageHeading>
      {!challenge && <StatusMessage message={notice && NOTICES[notice] ? t(NOTICES[notice]) : null} testId="sign-in-notice" />}
      <section className="card stack" aria-labelledby="sign-in-step" data-testid={challenge ? 'sign-in-step-otp' : 'sign-in-step-credentials'}>
        <StepHeading id="sign-in-step" focus={moved}>
          <span className="step-indicator">{t('step.progress', { current: challenge ? 2 : 1, total: 2 })}</span>
          <span className="step-title">{challenge ? t('signIn.otp.heading') : t('signIn.credentials.heading')}</span>
        </StepHeading>
        {challenge ? (
          <OtpStep
            key={challenge.challengeId}
            idPrefix="sign-in"
            challenge={challenge}
            sentTo={t('otp.sentTo', { mobile: challenge.maskedMobile })}
            submitLabel={t('otp.verify')}
            verify={async (otp) => {
              const { resident } = await verifySignIn(challenge.challengeId, otp);
              session.setMe(resident);
            }}
            onRestart={() => {
              setMoved(true);
              setChallenge(null);
            }}
          />
        ) : (
          <CredentialsStep
            key={fixedMobile ?? ''}
            initialLogin={login}
            fixedMobile={fixedMobile}
            onSent={(sent, usedLogin) => {
              setLogin(usedLogin);
              setMoved(true);
              setChallenge(sent);
            }}
          />
        )}
      </section>
      <p>
        <Link to="/forgot-pin" data-testid="forgot-pin-link">
          {t('forgotPin.link')}
        </Link>
      </p>
      <p>
        {t('signIn.noAccount')} <Link to={withNext('/sign-up', params.get('next'))}>{t('common.signUp')}</Link>
      </p>
    </div>
  );
}
