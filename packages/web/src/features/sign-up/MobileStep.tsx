import { useState, type FormEvent } from 'react';
import { startSignUp } from '../../api/auth';
import type { Challenge } from '../../api/types';
import { FormAlert } from '../../components/FormAlert';
import { useFormErrors } from '../../components/form-errors';
import { MobileField } from '../../components/MobileField';
import { useI18n } from '../../i18n/i18n-context';
import { focusById } from '../../lib/focus';
import { isValidMobile, normaliseMobile } from '@tijori/rules';

/** Sign-up step 1: the mobile number; the server sends the OTP. */
export function MobileStep({ initial, onSent }: { initial: string; onSent(challenge: Challenge, mobile: string): void }) {
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
      focusById('sign-up-mobile');
      return;
    }
    setBusy(true);
    try {
      const challenge = await startSignUp(mobile, lang);
      onSent(challenge, mobile);
    } catch (err) {
      setBusy(false);
      if (errors.fromApi(err, { paths: { '/body/mobile': 'mobile' }, invalid: { mobile: 'field.mobile.invalid' } })) focusById('sign-up-mobile');
    }
  }

  return (
    <form className="stack" noValidate onSubmit={(e) => void submit(e)}>
      <p>{t('signUp.mobile.help')}</p>
      <FormAlert error={errors.form} />
      <MobileField id="sign-up-mobile" label={t('field.mobile.label')} error={errors.fields.mobile} value={value} onChange={setValue} />
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={busy} aria-busy={busy || undefined} data-testid="sign-up-send-otp">
          {t('otp.send')}
        </button>
      </div>
    </form>
  );
}
