import { useCallback, useEffect, useState } from 'react';
import { listCredentials, revokeCredential, setCredentialLegacy, type CredentialSummary } from '../../api/credentials';
import { ConfirmedAction } from '../../components/ConfirmedAction';
import { useI18n } from '../../i18n/i18n-context';
import { describeError } from '../../i18n/api-errors';
import { useStaffMe } from './staff-context';

/**
 * The issuer's API keys and DigiLocker clients: who made each, when it was last used, revoke it.
 * A legacy (keyhash-only) DigiLocker client is flagged with its risk; only operators set that.
 */
export function CredentialListCard({ orgId, refreshKey }: { orgId: string; refreshKey?: string }) {
  const { t, format } = useI18n();
  const me = useStaffMe();
  const [items, setItems] = useState<CredentialSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      setItems((await listCredentials(orgId)).credentials);
    } catch (err) {
      setError(describeError(err, t));
    }
  }, [orgId, t]);
  useEffect(() => void load(), [load, refreshKey]);

  async function act(fn: () => Promise<unknown>): Promise<boolean> {
    setBusy(true);
    setError(null);
    try {
      await fn();
      await load();
      return true;
    } catch (err) {
      setError(describeError(err, t));
      return false;
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card stack-sm" aria-labelledby="credential-list-heading" data-testid="credential-list">
      <h2 id="credential-list-heading">{t('trust.credentials.heading')}</h2>
      {error && (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      )}
      {items?.length === 0 && <p>{t('trust.credentials.none')}</p>}
      <ul className="stack-sm">
        {items?.map((c) => (
          <li
            key={c.id}
            className="stack-sm"
            data-testid="credential-item"
            data-id={c.id}
            data-revoked={String(c.revokedAt !== null)}
            data-legacy={String(c.legacyKeyhashOnly)}
          >
            <p>
              <strong>{c.label}</strong> <span className="mono small">{c.clientId}</span> (
              {c.kind === 'api_key' ? t('console.credentials.apiKey') : 'DigiLocker'})
            </p>
            <p className="small">
              {t('trust.credentials.created', { date: format.dateTime(c.createdAt), by: c.createdBy ?? '—' })}{' '}
              {c.lastUsedAt ? t('trust.credentials.lastUsed', { date: format.dateTime(c.lastUsedAt) }) : t('trust.credentials.neverUsed')}
            </p>
            {c.revokedAt && <p className="small">{t('trust.credentials.revoked', { date: format.dateTime(c.revokedAt) })}</p>}
            {c.legacyKeyhashOnly && !c.revokedAt && (
              <p className="alert alert-warning" data-testid="credential-legacy-risk">
                <strong>{t('trust.credentials.legacyRisk')}</strong>
              </p>
            )}
            {!c.revokedAt && (
              <ConfirmedAction
                label={t('trust.credentials.revoke')}
                question={t('trust.credentials.revokeQuestion', { label: c.label })}
                confirmLabel={t('trust.credentials.revoke')}
                busy={busy}
                onConfirm={() => act(() => revokeCredential(orgId, c.id))}
                testId={`credential-revoke-${c.id}`}
              />
            )}
            {me.role === 'operator' && c.kind === 'digilocker' && !c.revokedAt && (
              <button
                type="button"
                className="button button-secondary"
                disabled={busy}
                onClick={() => void act(() => setCredentialLegacy(orgId, c.id, !c.legacyKeyhashOnly))}
                data-testid={`credential-legacy-${c.id}`}
              >
                {c.legacyKeyhashOnly ? t('trust.credentials.requireHmac') : t('trust.credentials.allowLegacy')}
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
