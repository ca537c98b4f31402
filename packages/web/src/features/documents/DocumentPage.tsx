import { useEffect, useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { isApiError, isUnreachable } from '../../api/client';
import { documentPdfUrl, getDocument, probePdf } from '../../api/documents';
import type { DocumentDetail, Verification } from '../../api/types';
import { verifyDocument } from '../../api/verify';
import { FormAlert, StatusMessage } from '../../components/FormAlert';
import { Loading } from '../../components/Layout';
import { OfflineNotice } from '../../components/OfflineNotice';
import { PageHeading } from '../../components/PageHeading';
import { QrCode } from '../../components/QrCode';
import { StatusBadge, statusWarningKey } from '../../components/StatusBadge';
import { describeError } from '../../i18n/api-errors';
import { useI18n } from '../../i18n/i18n-context';
import { fromPathSegment } from '../../lib/path-segment';
import { langForScript } from '../../lib/script';
import { useReconnects } from '../../offline/use-reconnects';
import { offlineCopies } from '../../offline/wipe';
import { FieldRows } from './FieldRows';
import { useMe } from '../../session/session-context';
import { ShareForm } from '../shares/ShareForm';
import { DocumentActions, ForVerifiers } from './DocumentActions';
import { OfflinePdf } from './OfflinePdf';
import { validityText } from './validity';

/** The platform checks the document's own QR code, as any verifier would. */
function VerifiedBadge({ qr }: { qr: string }) {
  const { t } = useI18n();
  const [result, setResult] = useState<Verification | 'checking' | 'failed'>('checking');

  useEffect(() => {
    let cancelled = false;
    setResult('checking');
    verifyDocument({ qr })
      .then((answer) => !cancelled && setResult(answer))
      .catch(() => !cancelled && setResult('failed'));
    return () => {
      cancelled = true;
    };
  }, [qr]);

  if (result === 'checking') {
    return (
      <p className="verified-badge verified-checking" data-testid="document-verification" data-verdict="checking">
        {t('document.verification.checking')}
      </p>
    );
  }
  const verdict = result === 'failed' ? 'failed' : result.verdict;
  const text =
    verdict === 'genuine'
      ? t('document.verification.genuine')
      : verdict === 'tampered'
        ? t('document.verification.tampered')
        : verdict === 'unknown'
          ? t('document.verification.unknown')
          : t('document.verification.failed');
  return (
    <p className={`verified-badge verified-${verdict}`} data-testid="document-verification" data-verdict={verdict}>
      <span aria-hidden="true">{verdict === 'genuine' ? '✓' : verdict === 'tampered' ? '✗' : '?'}</span> {text}
    </p>
  );
}

function PdfLink({ uri }: { uri: string }) {
  const { t } = useI18n();
  const [state, setState] = useState<'available' | 'missing' | 'unknown'>('unknown');
  useEffect(() => {
    let cancelled = false;
    void probePdf(uri).then((found) => !cancelled && setState(found));
    return () => {
      cancelled = true;
    };
  }, [uri]);
  if (state === 'missing') {
    return (
      <p className="muted small" data-testid="pdf-unavailable">
        {t('document.pdfUnavailable')}
      </p>
    );
  }
  return (
    <a href={documentPdfUrl(uri)} target="_blank" rel="noopener" className="button button-primary" data-testid="open-pdf">
      {t('document.openPdf')}
      <span className="visually-hidden"> {t('common.opensNewTab')}</span>
    </a>
  );
}

/** /app/documents/:uri — one issued document: what it says, its status, and how to check it. */
export function DocumentPage() {
  const i18n = useI18n();
  const { t, format } = i18n;
  const me = useMe();
  const params = useParams();
  const location = useLocation();
  const uri = fromPathSegment(params.uri);
  const [doc, setDoc] = useState<DocumentDetail | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  /** When the document shown is this device's offline copy: the time the server last confirmed it. */
  const [copyCheckedAt, setCopyCheckedAt] = useState<string | null>(null);
  const reconnects = useReconnects();
  const pulled = location.state as { pulled?: boolean; alreadyHeld?: boolean } | null;

  useEffect(() => {
    let cancelled = false;
    setFailure(null);
    getDocument(uri)
      .then((found) => {
        if (cancelled) return;
        setDoc(found);
        setCopyCheckedAt(null);
        // What the resident opened is kept for reading offline (replacing an older copy).
        void offlineCopies()
          .then((m) => m.keepDocument(me, found))
          .catch(() => undefined);
      })
      .catch(async (err: unknown) => {
        const copy = isUnreachable(err)
          ? await offlineCopies()
              .then((m) => m.readDocument(uri))
              .catch(() => null)
          : null;
        if (cancelled) return;
        if (!copy) {
          setFailure(err);
          return;
        }
        setDoc(copy.value);
        setCopyCheckedAt(copy.checkedAt);
      });
    return () => {
      cancelled = true;
    };
    // Labels come in the account's language: fetch again when it changes, and when the network
    // is back after showing the offline copy.
  }, [uri, me.id, me.language, reconnects]);

  if (failure && !doc) {
    const missing = isApiError(failure) && (failure.status === 404 || failure.status === 400);
    return (
      <div className="stack">
        <PageHeading title={t('document.notFound')}>{t('document.notFound')}</PageHeading>
        <FormAlert
          error={{ message: missing ? t('document.notFoundHelp') : describeError(failure, t), code: isApiError(failure) ? failure.code : 'load_failed' }}
          testId="document-error"
        />
        <Link to="/app" className="button button-secondary">
          {t('document.backToList')}
        </Link>
      </div>
    );
  }
  if (!doc) return <Loading />;

  const warning = statusWarningKey(doc.status);
  const holderLocalLang = langForScript(null, doc.holder.nameLocal);
  return (
    <article className="stack" data-testid="document-page" data-uri={doc.uri}>
      <Link to="/app" className="back-link">
        <span aria-hidden="true">← </span>
        {t('document.backToList')}
      </Link>
      <StatusMessage message={pulled?.pulled ? (pulled.alreadyHeld ? t('pull.alreadyHeld') : t('pull.added')) : null} testId="pull-success" />
      <header className="stack-sm">
        <PageHeading title={doc.name}>{doc.name}</PageHeading>
        <p className="document-issuer">{doc.issuer.name}</p>
        <div className="badge-row">
          <StatusBadge status={doc.status} />
          {!copyCheckedAt && <VerifiedBadge qr={doc.qrPayload} />}
        </div>
      </header>
      {copyCheckedAt && <OfflineNotice checkedAt={copyCheckedAt} />}
      {warning && (
        <p className="alert alert-warning" role="note" data-testid="document-status-warning">
          {t(warning)}
        </p>
      )}

      {copyCheckedAt ? (
        <OfflinePdf uri={doc.uri} name={doc.name} />
      ) : (
        <>
          <ShareForm target={{ kind: 'issued', uri: doc.uri }} title={doc.name} />
          <div className="actions">
            <PdfLink uri={doc.uri} />
          </div>
          <DocumentActions doc={doc} />
        </>
      )}

      <section className="card stack-sm" aria-labelledby="document-about">
        <h2 id="document-about">{t('document.about')}</h2>
        <dl className="details">
          <div>
            <dt>{t('documents.docType')}</dt>
            <dd>{doc.name}</dd>
          </div>
          <div>
            <dt>{t('document.docId')}</dt>
            <dd className="mono">{doc.docId}</dd>
          </div>
          <div>
            <dt>{t('documents.issuedOn')}</dt>
            <dd>
              <time dateTime={doc.issuedOn}>{format.calendarDate(doc.issuedOn)}</time>
            </dd>
          </div>
          <div>
            <dt>{t('documents.validity')}</dt>
            <dd>{validityText(doc, i18n)}</dd>
          </div>
          {doc.version > 1 && (
            <div>
              <dt>{t('document.version')}</dt>
              <dd>{format.number(doc.version)}</dd>
            </div>
          )}
        </dl>
      </section>

      <section className="card stack-sm" aria-labelledby="document-holder">
        <h2 id="document-holder">{t('document.holder')}</h2>
        <dl className="details">
          <div>
            <dt>{t('profile.name')}</dt>
            <dd data-testid="document-holder-name">{doc.holder.name}</dd>
          </div>
          {doc.holder.nameLocal && (
            <div>
              <dt>{t('profile.nameLocal')}</dt>
              <dd lang={holderLocalLang}>{doc.holder.nameLocal}</dd>
            </div>
          )}
          {doc.holder.birthDate && (
            <div>
              <dt>{t('profile.dob')}</dt>
              <dd>{format.calendarDate(doc.holder.birthDate)}</dd>
            </div>
          )}
        </dl>
      </section>

      {doc.fields.length > 0 && (
        <section className="card stack-sm" aria-labelledby="document-fields">
          <h2 id="document-fields">{t('document.contents')}</h2>
          <dl className="details" data-testid="document-fields">
            <FieldRows fields={doc.fields} />
          </dl>
        </section>
      )}

      <section className="card stack" aria-labelledby="document-verify">
        <h2 id="document-verify">{t('document.verifyHeading')}</h2>
        <p>{t('document.qrHelp')}</p>
        <div className="qr-frame">
          <QrCode value={doc.qrPayload} label={t('document.qrLabel', { name: doc.name })} />
        </div>
        <dl className="details">
          <div>
            <dt>{t('document.verificationCode')}</dt>
            <dd className="mono verification-code" data-testid="verification-code">
              {doc.verificationCode}
            </dd>
          </div>
        </dl>
        <p className="small">
          {t('document.codeHelp')}{' '}
          <Link to="/verify" data-testid="document-verify-link">
            {t('verify.title')}
          </Link>
        </p>
      </section>
      {!copyCheckedAt && <ForVerifiers doc={doc} />}
    </article>
  );
}
