import { useCallback, useEffect, useState } from 'react';
import { isApiError } from '../../api/client';
import { listOutbox, listSandboxResidents } from '../../api/dev';
import type { OutboxMessage, SandboxResident } from '../../api/types';
import { FormAlert } from '../../components/FormAlert';
import type { ShownError } from '../../components/form-errors';
import { Loading } from '../../components/Layout';
import { PageHeading } from '../../components/PageHeading';
import { describeError } from '../../i18n/api-errors';
import { useI18n } from '../../i18n/i18n-context';
import { isValidMobile, normaliseMobile } from '@tijori/rules';
import { langForScript } from '../../lib/script';
import { DemoOperatorTotp } from './DemoOperatorTotp';

const REFRESH_MS = 3000;

type Load<T> = { kind: 'loading' } | { kind: 'ok'; data: T; at: Date } | { kind: 'absent' } | { kind: 'error'; error: ShownError };

function SmsOutbox() {
  const { t, format } = useI18n();
  const [filter, setFilter] = useState('');
  const [auto, setAuto] = useState(true);
  const [state, setState] = useState<Load<OutboxMessage[]>>({ kind: 'loading' });
  const normalised = normaliseMobile(filter);
  const to = isValidMobile(normalised) ? normalised : undefined;

  const refresh = useCallback(async () => {
    try {
      const { messages } = await listOutbox(to);
      setState({ kind: 'ok', data: messages, at: new Date() });
    } catch (err) {
      if (isApiError(err) && err.status === 404) {
        setState({ kind: 'absent' });
        setAuto(false); // a production server will not grow an outbox: stop asking
      } else {
        setState({ kind: 'error', error: { message: describeError(err, t), code: isApiError(err) ? err.code : 'client_error' } });
      }
    }
  }, [to, t]);

  useEffect(() => {
    void refresh();
    if (!auto) return;
    const timer = window.setInterval(() => void refresh(), REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [refresh, auto]);

  return (
    <section className="card stack" aria-labelledby="outbox-heading" data-testid="sms-outbox">
      <h2 id="outbox-heading">{t('dev.outbox.heading')}</h2>
      <div className="dev-controls">
        <div className="field">
          <label htmlFor="outbox-filter">{t('dev.outbox.filter')}</label>
          <input id="outbox-filter" type="tel" inputMode="tel" value={filter} onChange={(e) => setFilter(e.target.value)} autoComplete="off" />
        </div>
        <div className="checkbox">
          <input id="outbox-auto" type="checkbox" checked={auto} onChange={(e) => setAuto(e.target.checked)} />
          <label htmlFor="outbox-auto">{t('dev.outbox.autoRefresh')}</label>
        </div>
        <button type="button" className="button button-secondary button-small" onClick={() => void refresh()}>
          {t('dev.outbox.refresh')}
        </button>
      </div>
      {state.kind === 'loading' && <Loading />}
      {state.kind === 'absent' && (
        <p className="alert alert-warning" data-testid="dev-not-available">
          {t('dev.notAvailable')}
        </p>
      )}
      <FormAlert error={state.kind === 'error' ? state.error : null} testId="outbox-error" />
      {state.kind === 'ok' && (
        <>
          <p className="muted small">{t('dev.outbox.updated', { time: format.time(state.at) })}</p>
          {state.data.length === 0 ? (
            <p data-testid="outbox-empty">{t('dev.outbox.empty')}</p>
          ) : (
            <ol className="message-list" role="list" data-testid="sms-list">
              {state.data.map((m) => (
                <li key={m.id} className="message" data-testid="sms-message" data-to={m.to}>
                  <p className="message-meta small">
                    <span>
                      {t('dev.outbox.to')}: <span className="mono">{m.to}</span>
                    </span>
                    <span>
                      {t('dev.outbox.sentAt')}: <time dateTime={m.sentAt}>{format.dateTime(m.sentAt)}</time>
                    </span>
                  </p>
                  <p className="message-body" data-testid="sms-body">
                    {m.body}
                  </p>
                </li>
              ))}
            </ol>
          )}
        </>
      )}
    </section>
  );
}

function AadhaarSandbox() {
  const { t, format } = useI18n();
  const [state, setState] = useState<Load<SandboxResident[]>>({ kind: 'loading' });

  useEffect(() => {
    listSandboxResidents()
      .then(({ residents }) => setState({ kind: 'ok', data: residents, at: new Date() }))
      .catch((err: unknown) => {
        if (isApiError(err) && err.status === 404) setState({ kind: 'absent' });
        else setState({ kind: 'error', error: { message: isApiError(err) ? (err.problem.detail ?? err.code) : String(err), code: 'load_failed' } });
      });
  }, []);

  return (
    <section className="card stack" aria-labelledby="sandbox-heading" data-testid="aadhaar-sandbox">
      <h2 id="sandbox-heading">{t('dev.sandbox.heading')}</h2>
      <p>{t('dev.sandbox.help')}</p>
      {state.kind === 'loading' && <Loading />}
      {state.kind === 'absent' && <p className="alert alert-warning">{t('dev.notAvailable')}</p>}
      <FormAlert error={state.kind === 'error' ? state.error : null} testId="sandbox-error" />
      {state.kind === 'ok' && (
        <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="sandbox-heading">
          <table className="table" data-testid="sandbox-table">
            <thead>
              <tr>
                <th scope="col">{t('dev.sandbox.aadhaar')}</th>
                <th scope="col">{t('dev.sandbox.name')}</th>
                <th scope="col">{t('dev.sandbox.dob')}</th>
                <th scope="col">{t('dev.sandbox.gender')}</th>
                <th scope="col">{t('dev.sandbox.state')}</th>
                <th scope="col">{t('dev.sandbox.mobile')}</th>
              </tr>
            </thead>
            <tbody>
              {state.data.map((r) => (
                <tr key={r.aadhaarNumber} data-testid="sandbox-resident">
                  <td className="mono nowrap" data-testid="sandbox-aadhaar">
                    {r.aadhaarNumber}
                  </td>
                  <td>
                    {r.name}
                    {r.nameLocal && (
                      <>
                        <br />
                        <span lang={langForScript(r.localScript, r.nameLocal)}>{r.nameLocal}</span>
                      </>
                    )}
                  </td>
                  <td className="nowrap">{format.calendarDate(r.dob)}</td>
                  <td>{r.gender}</td>
                  <td>{r.state}</td>
                  <td className="mono nowrap" data-testid="sandbox-mobile">
                    {r.mobile}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** /dev/outbox: the development stand-ins for SMS and UIDAI. 404 on a production server. */
export function DevToolsPage() {
  const { t } = useI18n();
  return (
    <div className="stack">
      <PageHeading title={t('dev.title')}>{t('dev.title')}</PageHeading>
      <p className="alert alert-warning dev-banner" role="note" data-testid="dev-banner">
        <strong>{t('dev.banner')}</strong>
      </p>
      <SmsOutbox />
      <DemoOperatorTotp />
      <AadhaarSandbox />
    </div>
  );
}
