import type { SelectHTMLAttributes } from 'react';
import type { ShownError } from './form-errors';

export interface SelectFieldProps extends Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id' | 'children'> {
  id: string;
  label: string;
  hint?: string;
  error?: ShownError | null | undefined;
  options: { value: string; label: string; lang?: string }[];
}

/** A labelled <select>, with hint and error tied to it like TextField. */
export function SelectField({ id, label, hint, error, options, className, ...select }: SelectFieldProps) {
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ');
  return (
    <div className={`field${error ? ' field-invalid' : ''}${className ? ` ${className}` : ''}`}>
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p id={hintId} className="hint">
          {hint}
        </p>
      )}
      <select id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy || undefined} {...select}>
        {options.map((o) => (
          <option key={o.value} value={o.value} lang={o.lang}>
            {o.label}
          </option>
        ))}
      </select>
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
