import { useState } from 'react';
import { useI18n } from '../i18n/i18n-context';

/**
 * A button for something hard to undo: the first press asks, the second (a danger button next
 * to Cancel) does it. `onConfirm` resolves true when done, which closes the question.
 */
export function ConfirmedAction(props: {
  label: string;
  question: string;
  confirmLabel: string;
  busy: boolean;
  onConfirm: () => Promise<boolean>;
  testId: string;
}) {
  const { t } = useI18n();
  const [confirming, setConfirming] = useState(false);
  if (!confirming) {
    return (
      <div className="actions">
        <button type="button" className="button button-secondary" onClick={() => setConfirming(true)} data-testid={props.testId}>
          {props.label}
        </button>
      </div>
    );
  }
  return (
    <div className="stack-sm">
      <p>{props.question}</p>
      <div className="actions">
        <button
          type="button"
          className="button button-danger"
          disabled={props.busy}
          aria-busy={props.busy || undefined}
          onClick={() => void props.onConfirm().then((done) => done && setConfirming(false))}
          data-testid={`${props.testId}-confirm`}
        >
          {props.confirmLabel}
        </button>
        <button type="button" className="button button-secondary" onClick={() => setConfirming(false)}>
          {t('common.cancel')}
        </button>
      </div>
    </div>
  );
}
