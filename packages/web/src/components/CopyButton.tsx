import { useState } from 'react';
import { useI18n } from '../i18n/i18n-context';

/** Copies `text` to the clipboard and says so (politely) for screen readers. */
export function CopyButton({ text, label, testId }: { text: string; label: string; testId?: string }) {
  const { t } = useI18n();
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('failed');
    }
  }
  return (
    <span className="copy">
      <button type="button" className="button button-secondary button-small" onClick={() => void copy()} data-testid={testId}>
        {label}
      </button>
      <span role="status" className="small copy-status">
        {state === 'copied' ? t('common.copied') : state === 'failed' ? t('common.copyFailed') : ''}
      </span>
    </span>
  );
}
