import { useCallback, useState } from 'react';
import { isApiError } from '../api/client';
import { describeError } from '../i18n/api-errors';
import { useI18n } from '../i18n/i18n-context';
import type { MessageKey, ParamsFor } from '../i18n/translation';

export interface ShownError {
  message: string;
  /** The API's error code (or a client-side one such as 'invalid'), exposed as data-error-code. */
  code: string;
  requestId?: string;
}

type PlainKey = { [K in MessageKey]: ParamsFor<K> extends [] ? K : never }[MessageKey];

/** How an API problem maps onto a form's fields. */
export interface ProblemMapping<F extends string> {
  /** errors[].path → field, e.g. { '/body/mobile': 'mobile' }. */
  paths?: Record<string, F>;
  /** Our own wording for a field that failed validation_failed (the server's is English). */
  invalid?: Partial<Record<F, PlainKey>>;
  /** Error codes that belong to one field, e.g. { username_taken: 'username' }. */
  codes?: Record<string, F>;
}

/**
 * Field and form errors of one form. `fromApi` places an API error next to the right input
 * (returning that field so the caller can focus it) or, failing that, at the top of the form.
 */
export function useFormErrors<F extends string>() {
  const { t, format } = useI18n();
  const [fields, setFields] = useState<Partial<Record<F, ShownError>>>({});
  const [form, setForm] = useState<ShownError | null>(null);

  const clear = useCallback(() => {
    setFields({});
    setForm(null);
  }, []);

  const fromApi = useCallback(
    (err: unknown, mapping: ProblemMapping<F> = {}): F | null => {
      const message = describeError(err, t, format);
      if (!isApiError(err)) {
        setFields({});
        setForm({ message, code: 'client_error' });
        return null;
      }
      const code = err.code;
      const found: Partial<Record<F, ShownError>> = {};
      let first: F | null = null;
      const put = (field: F, text: string) => {
        if (found[field]) return;
        found[field] = { message: text, code };
        first ??= field;
      };
      const codeField = mapping.codes?.[code];
      if (codeField) put(codeField, message);
      for (const problem of err.problem.errors ?? []) {
        const field = mapping.paths?.[problem.path];
        if (!field) continue;
        const own: PlainKey | undefined = mapping.invalid?.[field];
        put(field, code === 'validation_failed' ? (own ? t(own) : problem.message) : message);
      }
      setFields(found);
      if (first === null) {
        setForm({ message, code, ...(err.status >= 500 && err.problem.requestId ? { requestId: err.problem.requestId } : {}) });
      } else {
        setForm(null);
      }
      return first;
    },
    [t, format],
  );

  const setField = useCallback((field: F, message: string, code = 'invalid') => {
    setFields((prev) => ({ ...prev, [field]: { message, code } }));
  }, []);

  return { fields, form, clear, fromApi, setField, setFields, setForm };
}
