import type { TextareaHTMLAttributes } from 'react';
import type { ShownError } from './form-errors';

export interface TextAreaProps extends Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id' | 'children'> {
  id: string;
  label: string;
  hint?: string;
  error?: ShownError | null | undefined;
}

/** TextField's sibling for long input (a pasted credential): same labelling and errors. */
export function TextArea({ id, label, hint, error, className, ...input }: TextAreaProps) {
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
      <textarea id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy || undefined} {...input} />
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
