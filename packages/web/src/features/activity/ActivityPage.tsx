import { useCallback, useEffect, useState } from 'react';
import { listActivity, verifyActivity } from '../../api/me';
import type { ActivityEvent, ChainCheck } from '../../api/types';
import { FormAlert } from '../../components/FormAlert';
import type { ShownError } from '../../components/form-errors';
import { EmptyState, Loading } from '../../components/Layout';
import { PageHeading } from '../../components/PageHeading';
import { ShareEventDetails } from '../shares/ShareEventDetails';
import { describeError } from '../../i18n/api-errors';
import { useI18n, type I18n } from '../../i18n/i18n-context';
import type { MessageKey } from '../../i18n/translation';

const PAGE = 50;

type TypeKey = Exclude<MessageKey & `activity.type.${string}`, 'activity.type.other'>;

const TYPE_KEYS: Record<string, TypeKey> = {
  signed_up: 'activity.type.signed_up',
  signed_in: 'activity.type.signed_in',
  sign_in_failed: 'activity.type.sign_in_failed',
  aadhaar_linked: 'activity.type.aadhaar_linked',
  pin_changed: 'activity.type.pin_changed',
  mobile_changed: 'activity.type.mobile_changed',
  session_ended: 'activity.type.session_ended',
  signed_out_everywhere: 'activity.type.signed_out_everywhere',
  account_deleted: 'activity.type.account_deleted',
  document_issued: 'activity.type.document_issued',
  document_updated: 'activity.type.document_updated',
  document_status_changed: 'activity.type.document_status_changed',
  documents_received: 'activity.type.documents_received',
  share_created: 'activity.type.share_created',
  share_opened: 'activity.type.share_opened',
  share_refused: 'activity.type.share_refused',
  share_revoked: 'activity.type.share_revoked',
  share_extended: 'activity.type.share_extended',
  file_uploaded: 'activity.type.file_uploaded',
  file_refused: 'activity.type.file_refused',
  file_downloaded: 'activity.type.file_downloaded',
  file_renamed: 'activity.type.file_renamed',
  file_moved: 'activity.type.file_moved',
  file_binned: 'activity.type.file_binned',
  file_restored: 'activity.type.file_restored',
  file_purged: 'activity.type.file_purged',
  document_esigned: 'activity.type.document_esigned',
  consent_granted: 'activity.type.consent_granted',
  consent_withdrawn: 'activity.type.consent_withdrawn',
  requester_accessed: 'activity.type.requester_accessed',
  pin_recovery_started: 'activity.type.pin_recovery_started',
  pin_recovery_waiting: 'activity.type.pin_recovery_waiting',
  pin_reset: 'activity.type.pin_reset',
};

function eventLabel(type: string, t: I18n['t']): string {
  const key = TYPE_KEYS[type];
  return key ? t(key) : t('activity.type.other', { type });
}

const shortHash = (hash: string) => (hash.length > 16 ? `${hash.slice(0, 8)}…${hash.slice(-8)}` : hash);

/** The resident's tamper-evident timeline and a check of its hash chain. */
export function ActivityPage() {
  const { t, format } = useI18n();
  const [events, setEvents] = useState<ActivityEvent[] | null>(null);
  const [more, setMore] = useState(false);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);
  const [check, setCheck] = useState<ChainCheck | null>(null);
  const [checking, setChecking] = useState(false);
  const [checkError, setCheckError] = useState<ShownError | null>(null);

  const load = useCallback(
    async (before?: number) => {
      setLoading(true);
      setError(null);
      try {
        const page = await listActivity({ limit: PAGE, ...(before !== undefined ? { before } : {}) });
        setEvents((prev) => (before !== undefined && prev ? [...prev, ...page.events] : page.events));
        setMore(page.events.length === PAGE);
      } catch (err) {
        setError({ message: describeError(err, t), code: 'load_failed' });
      } finally {
        setLoading(false);
      }
    },
    [t],
  );

  useEffect(() => {
    void load();
    // Once on arrival: `load` changes with the language, and switching language must not refetch.
  }, []);

  async function verify() {
    setChecking(true);
    setCheck(null);
    setCheckError(null);
    try {
      setCheck(await verifyActivity());
    } catch (err) {
      setCheckError({ message: describeError(err, t), code: 'verify_failed' });
    } finally {
      setChecking(false);
    }
  }

  const last = events?.[events.length - 1];

  return (
    <div className="stack">
      <PageHeading title={t('activity.title')}>{t('activity.title')}</PageHeading>
      <p>{t('activity.intro')}</p>

      <section className="card stack-sm" aria-label={t('activity.verify')}>
        <div className="actions">
          <button
            type="button"
            className="button button-secondary"
            onClick={() => void verify()}
            disabled={checking}
            aria-busy={checking || undefined}
            data-testid="verify-activity"
          >
            {t('activity.verify')}
          </button>
        </div>
        <div role="status" className="alert-region">
          {checking && <p>{t('activity.verifying')}</p>}
          {check && (
            <div className={`alert ${check.valid ? 'alert-success' : 'alert-error'}`} data-testid="chain-result" data-valid={String(check.valid)}>
              <p>{check.valid ? t('activity.verify.valid', { count: check.count }) : t('activity.verify.broken', { seq: check.brokenAtSeq ?? '?' })}</p>
              {check.head && (
                <p className="small">
                  {t('activity.verify.head')}:{' '}
                  <span className="mono" title={check.head} data-testid="chain-head">
                    {shortHash(check.head)}
                  </span>
                </p>
              )}
            </div>
          )}
        </div>
        <FormAlert error={checkError} testId="verify-error" />
      </section>

      <FormAlert error={error} testId="activity-error" />
      {events === null ? (
        loading && <Loading />
      ) : events.length === 0 ? (
        <EmptyState title={t('activity.empty')}>{t('activity.intro')}</EmptyState>
      ) : (
        <ol className="timeline" role="list" data-testid="activity-list">
          {events.map((event) => (
            <li key={event.id} className="timeline-item" data-testid="activity-event" data-type={event.type}>
              <p className="timeline-title">{eventLabel(event.type, t)}</p>
              <ShareEventDetails details={event.details} />
              <p className="muted small">
                <time dateTime={event.at}>{format.dateTime(event.at)}</time> · {t('activity.eventNumber', { seq: event.seq })}
              </p>
              {(event.device || event.ip) && (
                <dl className="meta small">
                  {event.device && (
                    <div>
                      <dt>{t('activity.device')}</dt>
                      <dd>{event.device}</dd>
                    </div>
                  )}
                  {event.ip && (
                    <div>
                      <dt>{t('activity.ip')}</dt>
                      <dd className="mono">{event.ip}</dd>
                    </div>
                  )}
                </dl>
              )}
            </li>
          ))}
        </ol>
      )}
      {more && last && (
        <div className="actions">
          <button type="button" className="button button-secondary" onClick={() => void load(last.seq)} disabled={loading} aria-busy={loading || undefined}>
            {t('activity.loadMore')}
          </button>
        </div>
      )}
    </div>
  );
}
