import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n-context';
import type { ShownError } from './form-errors';

/**
 * A file picker whose button and "no file" text are in the reader's language (the browser's
 * own control speaks the browser's language). The real input stays in the page, visually
 * hidden but focusable; its label is the visible button.
 */
export function FileField({
  id,
  label,
  hint,
  accept,
  error,
  fileName,
  disabled,
  onFile,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  accept: string;
  error?: ShownError | null;
  fileName: string | null;
  disabled?: boolean;
  onFile(file: File | undefined): void;
  children?: ReactNode;
}) {
  const { t } = useI18n();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const chosenId = `${id}-chosen`;
  const describedBy = [hint ? hintId : null, chosenId, error ? errorId : null].filter(Boolean).join(' ');
  return (
    <div className={`field file-field${error ? ' field-invalid' : ''}`}>
      <p className="field-label" aria-hidden="true">
        {label}
      </p>
      {hint && (
        <p id={hintId} className="hint">
          {hint}
        </p>
      )}
      <div className="file-picker">
        <input
          id={id}
          type="file"
          className="file-input"
          accept={accept}
          disabled={disabled}
          aria-describedby={describedBy}
          aria-invalid={error ? true : undefined}
          onChange={(e) => {
            onFile(e.target.files?.[0]);
            e.target.value = '';
          }}
        />
        <label htmlFor={id} className={`button button-secondary${disabled ? ' is-disabled' : ''}`}>
          {t('common.chooseFile')}
          <span className="visually-hidden">: {label}</span>
        </label>
        <span id={chosenId} className="small file-chosen" data-testid={`${id}-chosen`}>
          {fileName ?? t('common.noFile')}
        </span>
      </div>
      {children}
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
