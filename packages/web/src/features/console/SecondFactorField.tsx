import { useState, type FormEvent } from 'react';
import type { SecondFactor } from '../../api/types';
import { useFormErrors, type ShownError } from '../../components/form-errors';
import { focusById } from '../../lib/focus';
import { OtpField } from '../../components/SecretFields';
import { TextField } from '../../components/TextField';
import { useI18n } from '../../i18n/i18n-context';

export type FactorMode = 'app' | 'recovery';

/** The body the API takes for what was typed, or null when it cannot be right yet. */
export function factorBody(mode: FactorMode, value: string): SecondFactor | null {
  if (mode === 'app') return /^\d{6}$/.test(value) ? { code: value } : null;
  const trimmed = value.trim();
  return trimmed.replace(/[^0-9A-Za-z]/g, '').length === 10 ? { recoveryCode: trimmed } : null;
}

/** API answers that belong next to the code field. */
export const FACTOR_ERRORS = { totp_wrong: 'factor', totp_used: 'factor', recovery_code_wrong: 'factor' } as const;
export const FACTOR_PATHS = { '/body/code': 'factor', '/body/recoveryCode': 'factor' } as const;

/**
 * The second factor as a person gives it: the 6-digit code their authenticator app shows, or
 * (phone lost) one of their recovery codes.
 */
export function SecondFactorField({
  idPrefix,
  mode,
  onModeChange,
  value,
  onChange,
  error,
}: {
  idPrefix: string;
  mode: FactorMode;
  onModeChange(mode: FactorMode): void;
  value: string;
  onChange(value: string): void;
  error?: ShownError | undefined;
}) {
  const { t } = useI18n();
  return (
    <div className="stack">
      {mode === 'app' ? (
        <OtpField
          id={`${idPrefix}-code`}
          label={t('console.totp.code.label')}
          hint={t('console.totp.code.hint')}
          value={value}
          onChange={onChange}
          error={error}
        />
      ) : (
        <TextField
          id={`${idPrefix}-recovery`}
          label={t('console.totp.recovery.label')}
          hint={t('console.totp.recovery.hint')}
          error={error}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          maxLength={20}
        />
      )}
      <p>
        <button
          type="button"
          className="button-link"
          data-testid={`${idPrefix}-switch`}
          onClick={() => {
            onChange('');
            onModeChange(mode === 'app' ? 'recovery' : 'app');
          }}
        >
          {mode === 'app' ? t('console.totp.useRecovery') : t('console.totp.useApp')}
        </button>
      </p>
    </div>
  );
}

/**
 * A form that takes a second factor and sends it: the field's state, its check before sending,
 * and the API's answer placed next to it. `send` may answer true to say it dealt with an error.
 */
export function useSecondFactorForm(idPrefix: string, send: (factor: SecondFactor) => Promise<void>, handled?: (err: unknown) => boolean) {
  const { t } = useI18n();
  const [mode, setMode] = useState<FactorMode>('app');
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  const errors = useFormErrors<'factor'>();
  const fieldId = `${idPrefix}-${mode === 'app' ? 'code' : 'recovery'}`;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    errors.clear();
    const body = factorBody(mode, value);
    if (!body) {
      errors.setField('factor', t(mode === 'app' ? 'console.totp.codeRequired' : 'console.totp.recoveryRequired'));
      return focusById(fieldId);
    }
    setBusy(true);
    try {
      await send(body);
    } catch (err) {
      if (handled?.(err)) return;
      errors.fromApi(err, { codes: FACTOR_ERRORS, paths: FACTOR_PATHS });
      focusById(fieldId);
    } finally {
      setValue('');
      setBusy(false);
    }
  }

  const field = <SecondFactorField idPrefix={idPrefix} mode={mode} onModeChange={setMode} value={value} onChange={setValue} error={errors.fields.factor} />;
  return { mode, busy, errors, submit, field };
}
