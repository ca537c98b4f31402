import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { isApiError } from '../../api/client';
import { getIssuerSettings, updateIssuer } from '../../api/directory';
import type { Issuer } from '../../api/types';
import { ConfirmedAction } from '../../components/ConfirmedAction';
import { FormAlert, StatusMessage } from '../../components/FormAlert';
import type { ShownError } from '../../components/form-errors';
import { TextArea } from '../../components/TextArea';
import { TextField } from '../../components/TextField';
import { describeError } from '../../i18n/api-errors';
import { useI18n } from '../../i18n/i18n-context';
import { focusById } from '../../lib/focus';

/**
 * An operator suspends or reinstates an issuer, and for a remote-pull issuer sees and replaces
 * its Pull URI endpoint URL and the public key its certificate XML must be signed with (both read from
 * the operators' settings endpoint: the public directory entry does not carry them).
 */
export function IssuerSettingsCard({ issuer, onChanged }: { issuer: Issuer; onChanged: () => Promise<void> }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [url, setUrl] = useState('');
  const [urlError, setUrlError] = useState<ShownError | null>(null);
  const suspended = issuer.status === 'suspended';
  const remote = issuer.pullMode === 'remote';
  // undefined: not loaded (yet, or it failed: the form still works without it).
  const [currentUrl, setCurrentUrl] = useState<string | null | undefined>(undefined);
  const [currentKey, setCurrentKey] = useState<string | null | undefined>(undefined);
  const [keyText, setKeyText] = useState('');
  const [keyError, setKeyError] = useState<ShownError | null>(null);
  const loadSettings = useCallback(async () => {
    if (!remote) return;
    try {
      const settings = await getIssuerSettings(issuer.orgId);
      setCurrentUrl(settings.endpointUrl);
      setCurrentKey(settings.certificateKey);
    } catch {
      setCurrentUrl(undefined);
      setCurrentKey(undefined);
    }
  }, [issuer.orgId, remote]);
  useEffect(() => {
    void loadSettings();
  }, [loadSettings]);

  async function change(patch: Parameters<typeof updateIssuer>[1], message: string) {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      await updateIssuer(issuer.orgId, patch);
      await onChanged();
      setDone(message);
      focusById('issuer-settings-heading');
      return true;
    } catch (err) {
      setError({ message: describeError(err, t), code: isApiError(err) ? err.code : 'client_error' });
      return false;
    } finally {
      setBusy(false);
    }
  }

  async function submitUrl(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setUrlError(null);
    let ok = false;
    try {
      ok = ['https:', 'http:'].includes(new URL(url.trim()).protocol);
    } catch {
      ok = false;
    }
    if (!ok) {
      setUrlError({ message: t('console.register.urlInvalid'), code: 'invalid_url' });
      focusById('issuer-endpoint-new');
      return;
    }
    if (await change({ endpointUrl: url.trim() }, t('console.settings.urlChanged'))) {
      setUrl('');
      await loadSettings();
    }
  }

  async function submitKey(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setKeyError(null);
    const pem = keyText.trim();
    if (/PRIVATE KEY/.test(pem)) {
      setKeyError({ message: t('console.settings.keyPrivate'), code: 'private_key' });
      focusById('issuer-certificate-key');
      return;
    }
    if (!/^-----BEGIN (PUBLIC KEY|CERTIFICATE)-----/.test(pem)) {
      setKeyError({ message: t('console.settings.keyInvalid'), code: 'invalid_key' });
      focusById('issuer-certificate-key');
      return;
    }
    if (await change({ certificateKey: pem }, t('console.settings.keySaved'))) {
      setKeyText('');
      await loadSettings();
    }
  }

  async function removeKey() {
    if (await change({ certificateKey: null }, t('console.settings.keyRemoved'))) await loadSettings();
  }

  return (
    <section className="card stack" aria-labelledby="issuer-settings-heading" data-testid="issuer-settings" data-status={issuer.status}>
      <h2 id="issuer-settings-heading" tabIndex={-1}>
        {issuer.pullMode === 'remote' ? t('console.settings.heading') : t('console.settings.status')}
      </h2>
      <p>
        {t('console.settings.status')}:{' '}
        <strong data-testid="issuer-status">{suspended ? t('console.settings.suspended') : t('console.settings.active')}</strong>
      </p>
      <StatusMessage message={done} testId="issuer-settings-done" />
      <FormAlert error={error} testId="issuer-settings-error" />
      {suspended ? (
        <div className="actions">
          <button
            type="button"
            className="button button-primary"
            disabled={busy}
            aria-busy={busy || undefined}
            onClick={() => void change({ status: 'active' }, t('console.settings.reinstated'))}
            data-testid="issuer-reinstate"
          >
            {t('console.settings.reinstate')}
          </button>
        </div>
      ) : (
        <ConfirmedAction
          label={t('console.settings.suspend')}
          question={t('console.settings.suspendConfirm')}
          confirmLabel={t('console.settings.suspendNow')}
          busy={busy}
          onConfirm={() => change({ status: 'suspended' }, t('console.settings.suspendedNow'))}
          testId="issuer-suspend"
        />
      )}
      {remote && currentUrl !== undefined && (
        <p>
          {t('console.settings.currentUrl')}:{' '}
          <code className="mono" data-testid="issuer-endpoint-current">
            {currentUrl ?? '—'}
          </code>
        </p>
      )}
      {remote && (
        <form className="stack" noValidate onSubmit={(e) => void submitUrl(e)} data-testid="issuer-endpoint-form">
          <TextField
            id="issuer-endpoint-new"
            label={t('console.settings.newUrl')}
            hint={t('console.settings.newUrlHint')}
            error={urlError}
            value={url}
            onChange={(e) => setUrl(e.target.value)}
            type="url"
            inputMode="url"
            maxLength={500}
            autoComplete="off"
          />
          <div className="actions">
            <button type="submit" className="button button-secondary" disabled={busy} aria-busy={busy || undefined} data-testid="issuer-endpoint-save">
              {t('console.settings.saveUrl')}
            </button>
          </div>
        </form>
      )}
      {remote && currentKey !== undefined && (
        <div className="stack-sm" data-testid="issuer-certificate-key-state" data-registered={currentKey ? 'yes' : 'no'}>
          <h3>{t('console.settings.keyHeading')}</h3>
          <p>{currentKey ? t('console.settings.keyRegistered') : t('console.settings.keyNone')}</p>
          {currentKey && (
            <>
              <pre className="mono pem" data-testid="issuer-certificate-key-current">
                {currentKey}
              </pre>
              <div className="actions">
                <button
                  type="button"
                  className="button button-secondary"
                  disabled={busy}
                  onClick={() => void removeKey()}
                  data-testid="issuer-certificate-key-remove"
                >
                  {t('console.settings.removeKey')}
                </button>
              </div>
            </>
          )}
          <form className="stack" noValidate onSubmit={(e) => void submitKey(e)} data-testid="issuer-certificate-key-form">
            <TextArea
              id="issuer-certificate-key"
              label={t('console.settings.newKey')}
              hint={t('console.settings.newKeyHint')}
              error={keyError}
              value={keyText}
              onChange={(e) => setKeyText(e.target.value)}
              rows={6}
              maxLength={10000}
              spellCheck={false}
              autoComplete="off"
            />
            <div className="actions">
              <button type="submit" className="button button-secondary" disabled={busy} aria-busy={busy || undefined} data-testid="issuer-certificate-key-save">
                {t('console.settings.saveKey')}
              </button>
            </div>
          </form>
        </div>
      )}
    </section>
  );
}
