import type { ShownError } from '../../components/form-errors';
import { TextField } from '../../components/TextField';
import { useI18n } from '../../i18n/i18n-context';

export interface LocalizedValue {
  en: string;
  hi: string;
  gu: string;
}

export const emptyLocalized = (): LocalizedValue => ({ en: '', hi: '', gu: '' });

/** Only the languages that were filled in; English is required elsewhere. */
export function compactLocalized(value: LocalizedValue): { en: string; hi?: string; gu?: string } {
  return { en: value.en.trim(), ...(value.hi.trim() ? { hi: value.hi.trim() } : {}), ...(value.gu.trim() ? { gu: value.gu.trim() } : {}) };
}

/**
 * One text in English (required), Hindi and Gujarati: residents see the one in their
 * language. Element ids: `${id}-en`, `${id}-hi`, `${id}-gu`.
 */
export function LocalizedInputs({
  id,
  legend,
  value,
  onChange,
  errors = {},
}: {
  id: string;
  legend: string;
  value: LocalizedValue;
  onChange(value: LocalizedValue): void;
  errors?: Partial<Record<keyof LocalizedValue, ShownError>>;
}) {
  const { t } = useI18n();
  return (
    <fieldset className="fieldset stack-sm">
      <legend>{legend}</legend>
      <TextField
        id={`${id}-en`}
        label={t('console.lang.en')}
        error={errors.en}
        value={value.en}
        onChange={(e) => onChange({ ...value, en: e.target.value })}
        lang="en"
        maxLength={200}
        autoComplete="off"
      />
      <TextField
        id={`${id}-hi`}
        label={t('console.lang.hi')}
        optional
        error={errors.hi}
        value={value.hi}
        onChange={(e) => onChange({ ...value, hi: e.target.value })}
        lang="hi"
        maxLength={200}
        autoComplete="off"
      />
      <TextField
        id={`${id}-gu`}
        label={t('console.lang.gu')}
        optional
        error={errors.gu}
        value={value.gu}
        onChange={(e) => onChange({ ...value, gu: e.target.value })}
        lang="gu"
        maxLength={200}
        autoComplete="off"
      />
    </fieldset>
  );
}
