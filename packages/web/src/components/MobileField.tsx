import type { ShownError } from './form-errors';
import { TextField } from './TextField';
import { useI18n } from '../i18n/i18n-context';

/** A 10-digit Indian mobile number as people type it (spaces, +91 and 0 allowed; normalised on submit). */
export function MobileField(props: { id: string; label: string; value: string; onChange(value: string): void; error: ShownError | null | undefined }) {
  const { t } = useI18n();
  return (
    <TextField
      id={props.id}
      label={props.label}
      hint={t('field.mobile.hint')}
      error={props.error}
      value={props.value}
      onChange={(e) => props.onChange(e.target.value)}
      type="tel"
      inputMode="tel"
      autoComplete="tel-national"
      maxLength={16}
      required
    />
  );
}
