import { useCallback, useEffect, useState } from 'react';
import { listAudit, verifyAuditChain, type AuditChainCheck, type AuditEntry } from '../../api/audit';
import { isApiError } from '../../api/client';
import { FormAlert } from '../../components/FormAlert';
import { Loading } from '../../components/Layout';
import { PageHeading } from '../../components/PageHeading';
import { describeError } from '../../i18n/api-errors';
import { useI18n } from '../../i18n/i18n-context';
import type { MessageKey } from '../../i18n/translation';

const PAGE = 50;
/**
 * The operators' audit log: who did what on which issuer, oldest first, with a check that
 * recomputes the hash chain on the server (a changed or removed entry breaks it).
 */
export function AuditLogPage() {
  const { t, format } = useI18n();
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [more, setMore] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [check, setCheck] = useState<AuditChainCheck | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async (after: number) => {
    setBusy(true);
    try {
      const page = await listAudit(after, PAGE);
      setEntries((prev) => [...(after === 0 ? [] : (prev ?? [])), ...page.entries]);
      setMore(page.entries.length === PAGE);
    } catch (err) {
      setFailure(err);
    } finally {
      setBusy(false);
    }
  }, []);

  useEffect(() => {
    void load(0);
  }, [load]);

  async function verify() {
    setBusy(true);
    setCheck(null);
    try {
      setCheck(await verifyAuditChain());
    } catch (err) {
      setFailure(err);
    } finally {
      setBusy(false);
    }
  }

  // Labels come from the dictionary by the code's name (the server's list of actions and
  // reasons is checked against it); a code this portal has no words for yet shows as itself.
  const labelOr = (key: string, code: string) => {
    const label = t(key as MessageKey & `console.audit.${'actions' | 'actorKind' | 'reasons'}.${string}`);
    return label === key ? code : label;
  };
  const actionLabel = (a: string) => labelOr(`console.audit.actions.${a}`, a);
  const actorLabel = (k: string) => labelOr(`console.audit.actorKind.${k}`, k);
  const reasonOf = (e: AuditEntry) =>
    e.action === 'staff.sign_in_failed' && typeof e.details.reason === 'string' ? labelOr(`console.audit.reasons.${e.details.reason}`, e.details.reason) : null;
  const forbidden = isApiError(failure) && failure.status === 403;
  const title = t('console.audit.title');

  return (
    <div className="stack" data-testid="audit-page" data-loaded={entries ? 'true' : 'false'}>
      <PageHeading title={title}>{title}</PageHeading>
      <p className="hint">{t('console.audit.intro')}</p>
      <FormAlert
        error={
          failure ? { message: forbidden ? t('console.audit.operatorsOnly') : describeError(failure, t), code: forbidden ? 'forbidden' : 'load_failed' } : null
        }
        testId="audit-error"
      />
      <section className="card stack-sm" aria-labelledby="audit-chain">
        <h2 id="audit-chain">{t('console.audit.chainHeading')}</h2>
        <p className="hint">{t('console.audit.chainHelp')}</p>
        <div>
          <button type="button" className="button button-secondary" disabled={busy} onClick={() => void verify()} data-testid="audit-verify">
            {t('console.audit.verify')}
          </button>
        </div>
        {check && (
          <p role="status" data-testid="audit-chain-result" data-valid={String(check.valid)} className={check.valid ? 'sig-check sig-ok' : 'sig-check sig-bad'}>
            {check.valid
              ? t('console.audit.chainValid', { count: format.number(check.count) })
              : t('console.audit.chainBroken', { seq: format.number(check.brokenAt ?? 0), count: format.number(check.count) })}
          </p>
        )}
      </section>
      {!entries ? (
        !failure && <Loading />
      ) : entries.length === 0 ? (
        <p className="hint" data-testid="audit-empty">
          {t('console.audit.empty')}
        </p>
      ) : (
        <div className="table-scroll" tabIndex={0} role="region" aria-label={title}>
          <table className="table table-compact" data-testid="audit-entries">
            <thead>
              <tr>
                <th scope="col">{t('console.audit.seq')}</th>
                <th scope="col">{t('console.audit.at')}</th>
                <th scope="col">{t('console.audit.actor')}</th>
                <th scope="col">{t('console.audit.action')}</th>
                <th scope="col">{t('console.audit.issuer')}</th>
                <th scope="col">{t('console.audit.target')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.seq} data-seq={e.seq} data-action={e.action} data-actor-kind={e.actor.kind}>
                  <td className="num">{format.number(e.seq)}</td>
                  <td>{format.dateTime(e.at)}</td>
                  <td>
                    {actorLabel(e.actor.kind)}
                    {e.actor.kind !== 'anonymous' && (
                      <>
                        {' '}
                        <span className="mono" title={e.actor.id}>
                          {e.actor.name ?? e.actor.id}
                        </span>
                      </>
                    )}
                  </td>
                  <td>
                    {actionLabel(e.action)}
                    {reasonOf(e) && (
                      <>
                        <br />
                        <span className="hint" data-testid="audit-reason" data-reason={String(e.details.reason)}>
                          {t('console.audit.reason', { reason: reasonOf(e)! })}
                        </span>
                      </>
                    )}
                  </td>
                  <td className="mono">{e.orgId ?? e.issuerId ?? '—'}</td>
                  <td className="mono">{e.target ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {more && (
        <div>
          <button
            type="button"
            className="button button-secondary"
            disabled={busy}
            onClick={() => void load(entries?.at(-1)?.seq ?? 0)}
            data-testid="audit-more"
          >
            {t('console.audit.more')}
          </button>
        </div>
      )}
    </div>
  );
}
