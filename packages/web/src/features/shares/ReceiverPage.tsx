import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useParams } from 'react-router';
import { isApiError } from '../../api/client';
import { downloadShared, openShare, type OpenedShare } from '../../api/shares';
import { FormAlert } from '../../components/FormAlert';
import { Loading } from '../../components/Layout';
import { PageHeading } from '../../components/PageHeading';
import { QrCode } from '../../components/QrCode';
import { StatusBadge } from '../../components/StatusBadge';
import { TextField } from '../../components/TextField';
import { describeError } from '../../i18n/api-errors';
import { useI18n } from '../../i18n/i18n-context';
import type { MessageKey } from '../../i18n/translation';
import { ReceiverFooter, ReceiverNote } from './ReceiverParts';
import { SharedUpload } from './SharedUpload';

const REFUSALS: Record<string, MessageKey & `share.error.${'not_found' | 'expired' | 'revoked' | 'used_up' | 'locked' | 'file_removed'}`> = {
  share_not_found: 'share.error.not_found',
  share_expired: 'share.error.expired',
  share_revoked: 'share.error.revoked',
  share_used_up: 'share.error.used_up',
  share_locked: 'share.error.locked',
  share_file_removed: 'share.error.file_removed',
  validation_failed: 'share.error.not_found',
};

/** Keeps the page out of search engines and its address out of other sites' referrer logs. */
function usePrivatePage() {
  useEffect(() => {
    const added = [
      ['robots', 'noindex, nofollow'],
      ['referrer', 'no-referrer'],
    ].map(([name, content]) => {
      const meta = document.createElement('meta');
      meta.name = name!;
      meta.content = content!;
      document.head.appendChild(meta);
      return meta;
    });
    return () => added.forEach((m) => m.remove());
  }, []);
}

/** /s/:token — what a receiver sees, with no account: the document, who shared it, until when. */
export function ReceiverPage() {
  const { t, format, lang } = useI18n();
  const token = useParams().token ?? '';
  const [opened, setOpened] = useState<OpenedShare | null>(null);
  const [needPin, setNeedPin] = useState(false);
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ message: string; code: string } | null>(null);
  const [dead, setDead] = useState(false);
  // Each open takes one of the link's views: open once, not again on a re-render or language switch.
  const started = useRef(false);
  usePrivatePage();

  async function open(withPin?: string) {
    setBusy(true);
    setError(null);
    try {
      setOpened(await openShare(token, lang, withPin));
      setNeedPin(false);
    } catch (err) {
      const code = isApiError(err) ? err.code : 'network_error';
      if (code === 'share_pin_required') setNeedPin(true);
      else if (code === 'share_pin_wrong' && isApiError(err))
        setError({ message: t('share.error.pin_wrong', { count: Number(err.problem.attemptsLeft ?? 0) }), code });
      else {
        const key = REFUSALS[code];
        setError({ message: key ? t(key) : describeError(err, t, format), code });
        setDead(Boolean(key));
      }
    } finally {
      setBusy(false);
    }
  }

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    void open();
  }, []);

  if (opened)
    return opened.document.kind === 'uploaded' ? (
      <SharedUpload opened={opened} doc={opened.document} />
    ) : (
      <SharedDocument opened={opened} doc={opened.document} />
    );
  return (
    <div className="stack receiver" data-testid="receiver-page">
      <PageHeading title={t('share.receiver.title')}>{t('share.receiver.title')}</PageHeading>
      {busy && !needPin && <Loading />}
      {needPin && !dead ? (
        <form
          className="card stack-sm"
          noValidate
          data-testid="receiver-pin-form"
          onSubmit={(e: FormEvent) => {
            e.preventDefault();
            void open(pin);
          }}
        >
          <h2>{t('share.receiver.pinTitle')}</h2>
          <TextField
            id="receiver-pin"
            label={t('share.receiver.pinLabel')}
            hint={t('share.receiver.pinHint')}
            value={pin}
            onChange={(e) => setPin(e.target.value.replace(/\D/g, '').slice(0, 6))}
            inputMode="numeric"
            autoComplete="off"
            maxLength={6}
          />
          <FormAlert error={error} testId="receiver-error" />
          <div className="actions">
            <button type="submit" className="button button-primary" disabled={busy || pin.length !== 6} data-testid="receiver-open">
              {t('share.receiver.open')}
            </button>
          </div>
        </form>
      ) : (
        <FormAlert error={error} testId="receiver-error" />
      )}
      <p className="small muted">{t('share.receiver.privacy')}</p>
    </div>
  );
}

function SharedDocument({ opened, doc }: { opened: OpenedShare; doc: Extract<OpenedShare['document'], { kind: 'issued' }> }) {
  const { t, format } = useI18n();
  const { share } = opened;
  const genuine = doc.verification.verdict === 'genuine';
  return (
    <article className="stack receiver" data-testid="shared-document" data-uri={doc.uri}>
      <header className="stack-sm">
        <PageHeading title={doc.docType.name}>{doc.docType.name}</PageHeading>
        <p className="document-issuer">{doc.issuer.name}</p>
        <div className="badge-row">
          {doc.verification.status && <StatusBadge status={doc.verification.status} testId="shared-status" />}
          <p
            className={`verified-badge verified-${genuine ? 'genuine' : 'tampered'}`}
            data-testid="shared-verification"
            data-verdict={doc.verification.verdict}
          >
            <span aria-hidden="true">{genuine ? '✓' : '✗'}</span>{' '}
            {genuine ? t('share.receiver.genuine', { issuer: doc.issuer.name }) : t('share.receiver.notGenuine')}
          </p>
        </div>
        {doc.verification.superseded && (
          <p className="alert alert-warning" role="note" data-testid="shared-superseded">
            {t('share.receiver.superseded')}
          </p>
        )}
      </header>
      <ReceiverNote share={share} />
      <div className="actions no-print">
        <button type="button" className="button button-primary" onClick={() => window.print()} data-testid="shared-print">
          {t('share.receiver.print')}
        </button>
        {opened.downloadGrant && (
          <>
            <button
              type="button"
              className="button button-secondary"
              onClick={() => void downloadShared(opened.downloadGrant!, 'view')}
              data-testid="shared-download"
            >
              {t('share.receiver.downloadPdf')}
            </button>
            <button
              type="button"
              className="button button-secondary"
              onClick={() => void downloadShared(opened.downloadGrant!, 'original')}
              data-testid="shared-download-original"
            >
              {t('share.receiver.download')}
            </button>
          </>
        )}
      </div>
      <section className="card stack-sm">
        <dl className="details" data-testid="shared-fields">
          <div>
            <dt>{t('document.holder')}</dt>
            <dd data-testid="shared-holder">{doc.holder.name}</dd>
          </div>
          {doc.holder.nameLocal && (
            <div>
              <dt>{t('profile.nameLocal')}</dt>
              <dd>{doc.holder.nameLocal}</dd>
            </div>
          )}
          {doc.holder.birthDate && (
            <div>
              <dt>{t('profile.dob')}</dt>
              <dd>{format.calendarDate(doc.holder.birthDate)}</dd>
            </div>
          )}
          {doc.fields.map((f) => (
            <div key={f.key} data-field={f.key}>
              <dt>{f.label}</dt>
              <dd>{f.value}</dd>
            </div>
          ))}
          <div>
            <dt>{t('documents.issuedOn')}</dt>
            <dd>{format.calendarDate(doc.issuedOn)}</dd>
          </div>
          <div>
            <dt>{t('documents.uri')}</dt>
            <dd className="mono">{doc.uri}</dd>
          </div>
          <div>
            <dt>{t('document.verificationCode')}</dt>
            <dd className="mono">{doc.verificationCode}</dd>
          </div>
          <div>
            <dt>{t('share.receiver.statusNow')}</dt>
            <dd>
              <time dateTime={doc.verification.checkedAt}>{format.dateTime(doc.verification.checkedAt)}</time>
            </dd>
          </div>
        </dl>
        <div className="qr-frame">
          <QrCode value={doc.qrPayload} label={t('document.qrLabel', { name: doc.docType.name })} />
        </div>
      </section>
      <ReceiverFooter share={share} />
    </article>
  );
}
