import { useCallback, useEffect, useState } from 'react';
import { listConsents, withdrawConsent, type GrantedConsent } from '../../api/consents';
import { FormAlert, StatusMessage } from '../../components/FormAlert';
import type { ShownError } from '../../components/form-errors';
import { EmptyState, Loading } from '../../components/Layout';
import { PageHeading } from '../../components/PageHeading';
import { describeError } from '../../i18n/api-errors';
import { useI18n } from '../../i18n/i18n-context';
import type { MessageKey } from '../../i18n/translation';

const STATUS: Record<GrantedConsent['status'], MessageKey & `consents.status.${string}`> = {
  active: 'consents.status.active',
  withdrawn: 'consents.status.withdrawn',
  expired: 'consents.status.expired',
};

/** The drive part of a consent: the whole drive, or each shared folder and file with when it was shared. */
function DriveItems({ consent }: { consent: GrantedConsent }) {
  const { t, format } = useI18n();
  if (consent.drive === 'whole') return <span data-testid="consent-drive-whole">{t('consents.driveWhole')}</span>;
  if (consent.driveItems.length === 0) return <span data-testid="consent-drive-nothing">{t('consents.driveNothing')}</span>;
  return (
    <ul className="consent-drive-items" data-testid="consent-drive-items">
      {consent.driveItems.map((item) => (
        <li key={item.id} data-testid="consent-drive-item" data-kind={item.kind}>
          {t(item.kind === 'folder' ? 'consents.driveFolder' : 'consents.driveFile', { name: item.name ?? t('consents.driveDeleted') })}{' '}
          <time className="muted" dateTime={item.grantedAt}>
            {t('consents.driveSharedAt', { time: format.dateTime(item.grantedAt) })}
          </time>
        </li>
      ))}
    </ul>
  );
}

/** Every consent the resident has given: to whom, for what, until when, last used, how often; one tap withdraws. */
export function ConsentsPage() {
  const { t, format } = useI18n();
  const [consents, setConsents] = useState<GrantedConsent[] | null>(null);
  const [error, setError] = useState<ShownError | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setConsents((await listConsents()).consents);
    } catch (err) {
      setError({ message: describeError(err, t), code: 'load_failed' });
    }
  }, [t]);
  useEffect(() => {
    void load();
  }, []);

  async function withdraw(c: GrantedConsent) {
    setBusyId(c.id);
    setError(null);
    try {
      await withdrawConsent(c.id);
      setStatus(t('consents.withdrawn', { requester: c.requester.name }));
      await load();
    } catch (err) {
      setError({ message: describeError(err, t), code: 'withdraw_failed' });
    } finally {
      setBusyId(null);
    }
  }

  return (
    <div className="stack">
      <PageHeading title={t('consents.title')} id="consents-heading">
        {t('consents.title')}
      </PageHeading>
      <p>{t('consents.intro')}</p>
      <p>
        <a className="button button-secondary button-small" href="/api/v1/me/consents/export" download data-testid="export-consents">
          {t('consents.export')}
        </a>
      </p>
      <StatusMessage message={status} testId="consents-status" />
      <FormAlert error={error} testId="consents-error" />
      {consents === null ? (
        !error && <Loading />
      ) : consents.length === 0 ? (
        <EmptyState title={t('consents.empty')} testId="consents-empty">
          {t('consents.emptyHelp')}
        </EmptyState>
      ) : (
        <ul className="session-list" role="list" data-testid="consent-list">
          {consents.map((c) => (
            <li key={c.id} className="card stack-sm" data-testid="consent" data-status={c.status}>
              <p className="session-device">
                <span>{c.requester.name}</span> <span className="badge">{t(STATUS[c.status])}</span>
              </p>
              <p className="small">{c.requester.purpose}</p>
              <dl className="meta small">
                <div>
                  <dt>{t('consents.documents')}</dt>
                  <dd className="mono">{c.documents.length ? c.documents.join(', ') : '—'}</dd>
                </div>
                {c.drive !== 'none' && (
                  <div>
                    <dt>{t('consents.drive')}</dt>
                    <dd>
                      <DriveItems consent={c} />
                    </dd>
                  </div>
                )}
                <div>
                  <dt>{t('consents.grantedAt')}</dt>
                  <dd>
                    <time dateTime={c.grantedAt}>{format.dateTime(c.grantedAt)}</time>
                  </dd>
                </div>
                <div>
                  <dt>{t('consents.validUntil')}</dt>
                  <dd>
                    <time dateTime={c.validUntil}>{format.dateTime(c.validUntil)}</time>
                  </dd>
                </div>
                <div>
                  <dt>{t('consents.lastUsed')}</dt>
                  <dd>{c.lastUsedAt ? <time dateTime={c.lastUsedAt}>{format.dateTime(c.lastUsedAt)}</time> : t('consents.never')}</dd>
                </div>
                <div>
                  <dt>{t('consents.accesses')}</dt>
                  <dd data-testid="consent-accesses">{c.accessCount}</dd>
                </div>
              </dl>
              {c.status === 'active' && (
                <div className="actions">
                  <button
                    type="button"
                    className="button button-danger button-small"
                    disabled={busyId !== null}
                    aria-label={t('consents.withdrawFrom', { requester: c.requester.name })}
                    onClick={() => void withdraw(c)}
                    data-testid="withdraw-consent"
                  >
                    {t('consents.withdraw')}
                  </button>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
