import { onlyDigits } from '@tijori/rules';
import { useI18n } from '../i18n/i18n-context';
import type { ShownError } from './form-errors';
import { TextField } from './TextField';

interface DigitsFieldProps {
  id: string;
  label: string;
  value: string;
  onChange(value: string): void;
  error?: ShownError | null | undefined;
  hint?: string;
  disabled?: boolean;
}

/** The 6-digit code from an SMS: numeric keypad, and the phone may offer to fill it in. */
export function OtpField({ id, label, value, onChange, error, hint, disabled }: DigitsFieldProps) {
  const { t } = useI18n();
  return (
    <TextField
      id={id}
      label={label}
      hint={hint ?? t('field.otp.hint')}
      error={error}
      value={value}
      onChange={(e) => onChange(onlyDigits(e.target.value, 6))}
      type="text"
      inputMode="numeric"
      autoComplete="one-time-code"
      pattern="[0-9]*"
      maxLength={6}
      spellCheck={false}
      disabled={disabled}
      className="field-code"
    />
  );
}

/** A 6-digit PIN, hidden unless `visible`. */
export function PinField({ id, label, value, onChange, error, hint, visible, isNew, disabled }: DigitsFieldProps & { visible: boolean; isNew: boolean }) {
  return (
    <TextField
      id={id}
      label={label}
      hint={hint}
      error={error}
      value={value}
      onChange={(e) => onChange(onlyDigits(e.target.value, 6))}
      type={visible ? 'text' : 'password'}
      inputMode="numeric"
      autoComplete={isNew ? 'new-password' : 'current-password'}
      pattern="[0-9]*"
      maxLength={6}
      spellCheck={false}
      disabled={disabled}
      className="field-code"
    />
  );
}

export function ShowSecretToggle({ id, label, checked, onChange }: { id: string; label: string; checked: boolean; onChange(checked: boolean): void }) {
  return (
    <div className="checkbox">
      <input id={id} type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      <label htmlFor={id}>{label}</label>
    </div>
  );
}
