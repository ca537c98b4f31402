import type { InputHTMLAttributes, ReactNode } from 'react';
import type { ShownError } from './form-errors';
import { useI18n } from '../i18n/i18n-context';

export interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'children'> {
  id: string;
  label: string;
  hint?: ReactNode;
  error?: ShownError | null | undefined;
  optional?: boolean;
}

/**
 * A labelled input whose hint and error are tied to it with aria-describedby; the error sits
 * in a live region (announced when it appears) and is marked with aria-invalid.
 */
export function TextField({ id, label, hint, error, optional, className, ...input }: TextFieldProps) {
  const { t } = useI18n();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ');
  return (
    <div className={`field${error ? ' field-invalid' : ''}${className ? ` ${className}` : ''}`}>
      <label htmlFor={id}>
        {label}
        {optional && <span className="optional"> {t('common.optional')}</span>}
      </label>
      {hint && (
        <p id={hintId} className="hint">
          {hint}
        </p>
      )}
      <input id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy || undefined} {...input} />
      <div className="field-error-region" aria-live="polite">
        {error && (
          <p id={errorId} className="field-error" data-testid={errorId} data-error-code={error.code}>
            {error.message}
          </p>
        )}
      </div>
    </div>
  );
}
