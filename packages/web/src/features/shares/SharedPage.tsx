import { useCallback, useEffect, useState } from 'react';
import { extendShare, listShares, revokeAllShares, revokeShare, type Share } from '../../api/shares';
import { ConfirmedAction } from '../../components/ConfirmedAction';
import { CopyButton } from '../../components/CopyButton';
import { FormAlert, StatusMessage } from '../../components/FormAlert';
import { EmptyState, Loading } from '../../components/Layout';
import { PageHeading } from '../../components/PageHeading';
import { SelectField } from '../../components/SelectField';
import { describeError } from '../../i18n/api-errors';
import { useI18n } from '../../i18n/i18n-context';
import { EXPIRY_CHOICES } from './ShareForm';
import { ShareQr } from './ShareQr';

type Shown = { message: string; code: string } | null;

/** /app/shared — the resident's links: live ones to manage, past ones to look back on. */
export function SharedPage() {
  const { t, format } = useI18n();
  const [shares, setShares] = useState<{ live: Share[]; past: Share[] } | null>(null);
  const [error, setError] = useState<Shown>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(() => {
    listShares()
      .then(setShares)
      .catch((err: unknown) => setError({ message: describeError(err, t, format), code: 'load_failed' }));
  }, [t, format]);
  useEffect(load, [load]);

  async function act(fn: () => Promise<string>): Promise<boolean> {
    setBusy(true);
    setError(null);
    setStatus(null);
    try {
      setStatus(await fn());
      load();
      return true;
    } catch (err) {
      setError({ message: describeError(err, t, format), code: 'action_failed' });
      return false;
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="stack" data-testid="shared-page">
      <PageHeading title={t('shared.title')}>{t('shared.title')}</PageHeading>
      <p>{t('share.intro')}</p>
      <StatusMessage message={status} testId="shared-status" />
      <FormAlert error={error} testId="shared-error" />
      {shares === null ? (
        !error && <Loading />
      ) : shares.live.length === 0 && shares.past.length === 0 ? (
        <EmptyState title={t('shared.empty')} testId="shared-empty">
          {t('shared.emptyHelp')}
        </EmptyState>
      ) : (
        <>
          <section className="stack-sm" aria-labelledby="shares-live">
            <h2 id="shares-live">{t('share.live')}</h2>
            {shares.live.length === 0 ? (
              <p className="muted">{t('share.noneLive')}</p>
            ) : (
              <>
                <ConfirmedAction
                  label={t('share.stopAll')}
                  question={t('share.stopAllQuestion')}
                  confirmLabel={t('share.stopAllConfirm')}
                  busy={busy}
                  testId="shares-stop-all"
                  onConfirm={() => act(async () => t('share.stoppedAll', { count: (await revokeAllShares()).revoked }))}
                />
                <ul className="stack-sm share-list" role="list" data-testid="shares-live">
                  {shares.live.map((s) => (
                    <ShareCard key={s.id} share={s} busy={busy} act={act} />
                  ))}
                </ul>
              </>
            )}
          </section>
          {shares.past.length > 0 && (
            <section className="stack-sm" aria-labelledby="shares-past">
              <h2 id="shares-past">{t('share.past')}</h2>
              <ul className="stack-sm share-list" role="list" data-testid="shares-past">
                {shares.past.map((s) => (
                  <ShareCard key={s.id} share={s} busy={busy} act={act} />
                ))}
              </ul>
            </section>
          )}
        </>
      )}
    </div>
  );
}

function ShareCard({ share, busy, act }: { share: Share; busy: boolean; act: (fn: () => Promise<string>) => Promise<boolean> }) {
  const { t, format } = useI18n();
  const [hours, setHours] = useState('24');
  const live = share.state === 'live';
  return (
    <li className="card stack-sm" data-testid="share-item" data-share-id={share.id} data-state={share.state}>
      <h3 className="share-title">{share.target.title}</h3>
      <p className="badge-row">
        <span className={`status-badge status-${live ? 'active' : 'revoked'}`} data-testid="share-state">
          {t(`share.state.${share.state}`)}
        </span>
        {share.pinProtected && <span className="status-badge status-other">{t('share.pinProtected')}</span>}
        {share.allowDownload && <span className="status-badge status-other">{t('share.downloadAllowed')}</span>}
      </p>
      <p className="small">
        {live ? t('share.expires', { time: format.dateTime(share.expiresAt) }) : `${t('share.ended')} · ${format.dateTime(share.revokedAt ?? share.expiresAt)}`}
        {' · '}
        <span data-testid="share-view-count">
          {share.maxViews === null ? t('share.views', { count: share.viewCount }) : t('share.viewsOfMax', { count: share.viewCount, max: share.maxViews })}
        </span>
      </p>
      <p className="small muted">{t('share.sharedAs', { name: share.sharerLabel })}</p>
      {share.views.length === 0 ? (
        <p className="small muted">{t('share.noViews')}</p>
      ) : (
        <ul className="small share-views" data-testid="share-views">
          {share.views.map((v) => (
            <li key={v.at + v.device}>
              <time dateTime={v.at}>{format.dateTime(v.at)}</time> · {v.device}
            </li>
          ))}
        </ul>
      )}
      {live && (
        <>
          <div className="actions">
            <CopyButton text={share.url} label={t('share.copyLink')} testId="share-copy" />
          </div>
          <ShareQr url={share.url} title={share.target.title} />
          <div className="share-extend">
            <SelectField
              id={`extend-${share.id}`}
              label={t('share.extendBy')}
              value={hours}
              onChange={(e) => setHours(e.target.value)}
              options={EXPIRY_CHOICES.map((c) => ({ value: String(c.hours), label: t(c.key) }))}
            />
            <button
              type="button"
              className="button button-secondary"
              disabled={busy}
              data-testid="share-extend"
              onClick={() => void act(async () => t('share.extended', { time: format.dateTime((await extendShare(share.id, Number(hours))).expiresAt) }))}
            >
              {t('share.extend')}
            </button>
          </div>
          <ConfirmedAction
            label={t('share.revoke')}
            question={t('share.revokeQuestion')}
            confirmLabel={t('share.revokeConfirm')}
            busy={busy}
            testId="share-revoke"
            onConfirm={() => act(async () => (await revokeShare(share.id), t('share.revoked')))}
          />
        </>
      )}
    </li>
  );
}
