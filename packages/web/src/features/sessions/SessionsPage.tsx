import { useCallback, useEffect, useState } from 'react';
import { signOutEverywhere } from '../../api/auth';
import { endSession, listSessions } from '../../api/me';
import type { ActiveSession } from '../../api/types';
import { FormAlert, StatusMessage } from '../../components/FormAlert';
import type { ShownError } from '../../components/form-errors';
import { Loading } from '../../components/Layout';
import { PageHeading } from '../../components/PageHeading';
import { describeError } from '../../i18n/api-errors';
import { useI18n } from '../../i18n/i18n-context';
import { focusById } from '../../lib/focus';
import { useSession } from '../../session/session-context';

/** Active sessions: sign out one, or all of them (this one included). */
export function SessionsPage() {
  const { t, format } = useI18n();
  const session = useSession();
  const [sessions, setSessions] = useState<ActiveSession[] | null>(null);
  const [error, setError] = useState<ShownError | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);

  const load = useCallback(async () => {
    try {
      const { sessions: list } = await listSessions();
      // This device first, then the most recently used.
      setSessions([...list].sort((a, b) => Number(b.current) - Number(a.current) || b.lastUsedAt.localeCompare(a.lastUsedAt)));
    } catch (err) {
      setError({ message: describeError(err, t), code: 'load_failed' });
    }
  }, [t]);

  useEffect(() => {
    void load();
  }, []);

  async function end(target: ActiveSession) {
    setBusyId(target.id);
    setError(null);
    setStatus(null);
    try {
      await endSession(target.id);
      if (target.current) {
        session.ended('signedOut');
        return;
      }
      setSessions((prev) => prev?.filter((s) => s.id !== target.id) ?? null);
      setStatus(t('sessions.ended'));
      focusById('sessions-heading');
    } catch (err) {
      setError({ message: describeError(err, t), code: 'end_failed' });
    } finally {
      setBusyId(null);
    }
  }

  async function everywhere() {
    setBusyId('*');
    try {
      await signOutEverywhere();
      session.ended('signedOutEverywhere');
    } catch (err) {
      setBusyId(null);
      setError({ message: describeError(err, t), code: 'end_failed' });
    }
  }

  return (
    <div className="stack">
      <PageHeading title={t('sessions.title')} id="sessions-heading">
        {t('sessions.title')}
      </PageHeading>
      <p>{t('sessions.intro')}</p>
      <StatusMessage message={status} testId="sessions-status" />
      <FormAlert error={error} testId="sessions-error" />
      {sessions === null ? (
        !error && <Loading />
      ) : (
        <ul className="session-list" role="list" data-testid="session-list">
          {sessions.map((s) => (
            <li key={s.id} className="card stack-sm" data-testid="session" data-current={String(s.current)}>
              <p className="session-device">
                <span>{s.device}</span>
                {s.current && <span className="badge">{t('sessions.current')}</span>}
              </p>
              <dl className="meta small">
                <div>
                  <dt>{t('sessions.lastUsed')}</dt>
                  <dd>
                    <time dateTime={s.lastUsedAt}>{format.dateTime(s.lastUsedAt)}</time>
                  </dd>
                </div>
                <div>
                  <dt>{t('sessions.createdAt')}</dt>
                  <dd>
                    <time dateTime={s.createdAt}>{format.dateTime(s.createdAt)}</time>
                  </dd>
                </div>
                <div>
                  <dt>{t('sessions.expires')}</dt>
                  <dd>
                    <time dateTime={s.expiresAt}>{format.dateTime(s.expiresAt)}</time>
                  </dd>
                </div>
                <div>
                  <dt>{t('sessions.ip')}</dt>
                  <dd className="mono">{s.ip}</dd>
                </div>
              </dl>
              <div className="actions">
                <button
                  type="button"
                  className="button button-secondary button-small"
                  aria-label={t('sessions.signOutDevice', { device: s.current ? `${s.device} (${t('sessions.current')})` : s.device })}
                  disabled={busyId !== null}
                  onClick={() => void end(s)}
                  data-testid="end-session"
                >
                  {t('sessions.signOut')}
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}

      <section className="card card-danger stack-sm" aria-labelledby="everywhere-heading">
        <h2 id="everywhere-heading">{t('sessions.everywhere')}</h2>
        <p>{t('sessions.everywhereHelp')}</p>
        <div className="actions">
          {confirming ? (
            <>
              <button
                type="button"
                id="everywhere-confirm"
                className="button button-danger"
                disabled={busyId !== null}
                onClick={() => void everywhere()}
                data-testid="sign-out-everywhere-confirm"
              >
                {t('sessions.everywhereConfirm')}
              </button>
              <button type="button" className="button button-link" onClick={() => setConfirming(false)}>
                {t('common.cancel')}
              </button>
            </>
          ) : (
            <button
              type="button"
              className="button button-danger"
              onClick={() => {
                setConfirming(true);
                focusById('everywhere-confirm');
              }}
              data-testid="sign-out-everywhere"
            >
              {t('sessions.everywhere')}
            </button>
          )}
        </div>
      </section>
    </div>
  );
}
