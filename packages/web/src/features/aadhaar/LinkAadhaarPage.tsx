import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { startAadhaarLink, verifyAadhaarLink } from '../../api/me';
import type { Challenge } from '../../api/types';
import { FormAlert, StatusMessage } from '../../components/FormAlert';
import { useFormErrors } from '../../components/form-errors';
import { OtpStep } from '../../components/OtpStep';
import { PageHeading, StepHeading } from '../../components/PageHeading';
import { TextField } from '../../components/TextField';
import { useI18n } from '../../i18n/i18n-context';
import { checkAadhaar, groupAadhaar, onlyDigits } from '@tijori/rules';
import { focusById } from '../../lib/focus';
import { useMe, useSession } from '../../session/session-context';

type Field = 'aadhaar' | 'consent';

function NumberForm({ onSent }: { onSent(challenge: Challenge): void }) {
  const { t } = useI18n();
  const [digits, setDigits] = useState('');
  const [consent, setConsent] = useState(false);
  const [busy, setBusy] = useState(false);
  const errors = useFormErrors<Field>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    errors.clear();
    const problem = checkAadhaar(digits);
    if (problem) {
      errors.setField(
        'aadhaar',
        problem === 'format' ? t('field.aadhaar.invalid') : t('field.aadhaar.checksum'),
        problem === 'format' ? 'invalid' : 'checksum',
      );
      focusById('aadhaar-number');
      return;
    }
    if (!consent) {
      errors.setField('consent', t('field.consent.required'), 'consent_required');
      focusById('aadhaar-consent');
      return;
    }
    setBusy(true);
    try {
      onSent(await startAadhaarLink(digits));
    } catch (err) {
      setBusy(false);
      const field = errors.fromApi(err, {
        paths: { '/body/aadhaarNumber': 'aadhaar', '/body/consent': 'consent' },
        invalid: { aadhaar: 'field.aadhaar.invalid', consent: 'field.consent.required' },
        codes: { aadhaar_invalid: 'aadhaar', consent_required: 'consent' },
      });
      if (field) focusById(field === 'aadhaar' ? 'aadhaar-number' : 'aadhaar-consent');
    }
  }

  const consentError = errors.fields.consent;
  return (
    <form className="stack" noValidate onSubmit={(e) => void submit(e)}>
      <FormAlert error={errors.form} />
      <TextField
        id="aadhaar-number"
        label={t('field.aadhaar.label')}
        hint={t('field.aadhaar.hint')}
        error={errors.fields.aadhaar}
        value={groupAadhaar(digits)}
        onChange={(e) => setDigits(onlyDigits(e.target.value, 12))}
        inputMode="numeric"
        autoComplete="off"
        spellCheck={false}
        maxLength={14}
        className="field-code"
        required
      />
      <div className={`checkbox checkbox-block${consentError ? ' field-invalid' : ''}`}>
        <input
          id="aadhaar-consent"
          type="checkbox"
          checked={consent}
          onChange={(e) => setConsent(e.target.checked)}
          aria-invalid={consentError ? true : undefined}
          aria-describedby={consentError ? 'aadhaar-consent-error' : undefined}
        />
        <label htmlFor="aadhaar-consent">{t('aadhaar.consent')}</label>
      </div>
      <div className="field-error-region" aria-live="polite">
        {consentError && (
          <p id="aadhaar-consent-error" className="field-error" data-testid="aadhaar-consent-error" data-error-code={consentError.code}>
            {consentError.message}
          </p>
        )}
      </div>
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={busy} aria-busy={busy || undefined} data-testid="aadhaar-send-otp">
          {t('otp.send')}
        </button>
      </div>
    </form>
  );
}

/** Link Aadhaar: number (+ Verhoeff check, consent) → UIDAI's OTP → profile from e-KYC. */
export function LinkAadhaarPage() {
  const { t } = useI18n();
  const me = useMe();
  const session = useSession();
  const [challenge, setChallenge] = useState<Challenge | null>(null);
  const [linkedNow, setLinkedNow] = useState(false);
  const [moved, setMoved] = useState(false);

  if (me.aadhaar.linked) {
    return (
      <div className="narrow stack">
        <PageHeading title={t('aadhaar.title')}>{t('aadhaar.title')}</PageHeading>
        <StatusMessage message={linkedNow ? t('aadhaar.linked') : null} testId="aadhaar-linked" />
        <p>{t('aadhaar.alreadyLinked', { masked: me.aadhaar.masked ?? '' })}</p>
        <Link to="/app/profile" className="button button-primary" data-testid="view-profile">
          {t('aadhaar.viewProfile')}
        </Link>
      </div>
    );
  }

  return (
    <div className="narrow stack">
      <PageHeading title={t('aadhaar.title')}>{t('aadhaar.title')}</PageHeading>
      <p>{t('aadhaar.intro')}</p>
      <section className="card stack" aria-labelledby="aadhaar-step" data-testid={challenge ? 'aadhaar-step-otp' : 'aadhaar-step-number'}>
        <StepHeading id="aadhaar-step" focus={moved}>
          <span className="step-indicator">{t('step.progress', { current: challenge ? 2 : 1, total: 2 })}</span>
          <span className="step-title">{challenge ? t('signIn.otp.heading') : t('field.aadhaar.label')}</span>
        </StepHeading>
        {challenge ? (
          <OtpStep
            key={challenge.challengeId}
            idPrefix="aadhaar"
            challenge={challenge}
            sentTo={t('aadhaar.otpSentTo', { mobile: challenge.maskedMobile })}
            submitLabel={t('aadhaar.verify')}
            verify={async (otp) => {
              const fresh = await verifyAadhaarLink(challenge.challengeId, otp);
              setLinkedNow(true);
              session.setMe(fresh);
            }}
            onRestart={() => {
              setMoved(true);
              setChallenge(null);
            }}
          />
        ) : (
          <NumberForm
            onSent={(sent) => {
              setMoved(true);
              setChallenge(sent);
            }}
          />
        )}
      </section>
    </div>
  );
}
