import { useCallback, useEffect, useState } from 'react';
import { Link, useLocation } from 'react-router';
import { isUnreachable } from '../../api/client';
import { listDocuments } from '../../api/documents';
import { takeEarly } from '../../api/early';
import { ISSUED_PAGE } from '../../api/early-requests';
import type { AwaitedDocument, DocumentSummary } from '../../api/types';
import { FormAlert, StatusMessage } from '../../components/FormAlert';
import type { ShownError } from '../../components/form-errors';
import { EmptyState, Loading } from '../../components/Layout';
import { OfflineNotice } from '../../components/OfflineNotice';
import { PageHeading } from '../../components/PageHeading';
import { StatusBadge } from '../../components/StatusBadge';
import { describeError } from '../../i18n/api-errors';
import { useI18n } from '../../i18n/i18n-context';
import { focusById } from '../../lib/focus';
import { langForScript } from '../../lib/script';
import { useReconnects } from '../../offline/use-reconnects';
import { offlineCopies } from '../../offline/wipe';
import { useMe } from '../../session/session-context';
import { LinkAadhaarPrompt } from '../dashboard/DocumentsPages';
import { documentPath } from './document-path';
import { validityText } from './validity';

const PAGE = ISSUED_PAGE;

const linkId = (uri: string) => `doc-${uri.replace(/[^A-Za-z0-9-]/g, '-')}`;

function IssuedOnItem({ date }: { date: string }) {
  const { t, format } = useI18n();
  return (
    <div>
      <dt>{t('documents.issuedOn')}</dt>
      <dd>
        <time dateTime={date}>{format.calendarDate(date)}</time>
      </dd>
    </div>
  );
}

function DocumentCard({ doc }: { doc: DocumentSummary }) {
  const i18n = useI18n();
  const { t } = i18n;
  return (
    <li className="card document-card" data-testid="document" data-uri={doc.uri} data-doc-type={doc.docType}>
      <div className="document-card-head">
        <h2 className="document-card-title">
          <Link to={documentPath(doc.uri)} id={linkId(doc.uri)} data-testid="document-link">
            {doc.name}
          </Link>
        </h2>
        <StatusBadge status={doc.status} />
      </div>
      <p className="muted">{doc.issuer.name}</p>
      <dl className="meta small">
        <IssuedOnItem date={doc.issuedOn} />
        <div>
          <dt>{t('documents.validity')}</dt>
          <dd>{validityText(doc, i18n)}</dd>
        </div>
      </dl>
    </li>
  );
}

/** A URI the issuer pushed without its contents: shown with its status, not openable yet. */
function AwaitedCard({ doc }: { doc: AwaitedDocument }) {
  const { t } = useI18n();
  return (
    <li className="card document-card" data-testid="awaited-document" data-uri={doc.uri} data-doc-type={doc.docType}>
      <div className="document-card-head">
        <h2 className="document-card-title">{doc.name}</h2>
        <StatusBadge status={doc.status} />
      </div>
      <p className="muted">{doc.issuer.name}</p>
      <p className="small">{t('issued.awaitedHelp')}</p>
      <dl className="meta small">
        <IssuedOnItem date={doc.issuedOn} />
      </dl>
    </li>
  );
}

/** /app: greeting, then the documents issuers have put in the locker, newest first. */
export function IssuedPage() {
  const { t, lang } = useI18n();
  const me = useMe();
  const location = useLocation();
  const [documents, setDocuments] = useState<DocumentSummary[] | null>(null);
  const [awaited, setAwaited] = useState<AwaitedDocument[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  /** When the list shown is this device's offline copy: the time the server last confirmed it. */
  const [copyCheckedAt, setCopyCheckedAt] = useState<string | null>(null);
  const reconnects = useReconnects();

  const profile = me.profile;
  // Greet in the reader's script when Aadhaar gave the name in it.
  const localLang = profile ? langForScript(profile.localScript, profile.nameLocal) : undefined;
  const name = profile?.nameLocal && localLang === lang ? profile.nameLocal : profile?.name;
  const welcome = (location.state as { welcome?: boolean } | null)?.welcome === true;

  const loadFirst = useCallback(async () => {
    setFailure(null);
    try {
      const page = await (takeEarly('documents') ?? listDocuments({ limit: PAGE }));
      setDocuments(page.documents);
      setAwaited(page.awaited ?? []);
      setCursor(page.nextCursor);
      setCopyCheckedAt(null);
      // Fresh data replaces the offline copies (in the background, after the list is shown).
      void offlineCopies()
        .then((m) => m.keepList(me, page, { append: false, complete: page.nextCursor === null }))
        .catch(() => undefined);
    } catch (err) {
      const copy = isUnreachable(err)
        ? await offlineCopies()
            .then((m) => m.readList())
            .catch(() => null)
        : null;
      if (!copy) {
        setFailure(err);
        return;
      }
      setDocuments(copy.value.documents);
      setAwaited(copy.value.awaited);
      setCursor(null);
      setCopyCheckedAt(copy.checkedAt);
    }
    // Names come from the server in the account's language: fetch again when it changes, and
    // when the network is back after showing the offline copy.
  }, [me.id, me.language, me.aadhaar.linked, reconnects]);

  useEffect(() => {
    void loadFirst();
  }, [loadFirst]);

  async function loadMore() {
    if (!cursor) return;
    setLoadingMore(true);
    setFailure(null);
    try {
      const page = await listDocuments({ limit: PAGE, cursor });
      setDocuments((prev) => [...(prev ?? []), ...page.documents]);
      setCursor(page.nextCursor);
      void offlineCopies()
        .then((m) => m.keepList(me, page, { append: true, complete: page.nextCursor === null }))
        .catch(() => undefined);
      // Keyboard and screen-reader users continue at the first document that arrived.
      const next = page.documents[0];
      if (next) focusById(linkId(next.uri));
    } catch (err) {
      setFailure(err);
    } finally {
      setLoadingMore(false);
    }
  }

  const error: ShownError | null = failure ? { message: describeError(failure, t), code: 'load_failed' } : null;

  return (
    <div className="stack">
      <p className="greeting" data-testid="greeting">
        {name ? t('app.greeting', { name }) : t('app.greetingNoName')}
      </p>
      <StatusMessage message={welcome ? t('app.welcome') : null} testId="welcome" />
      <div className="heading-row">
        <PageHeading title={t('issued.title')}>{t('issued.title')}</PageHeading>
        <Link to="/app/pull" className="button button-primary button-small" data-testid="pull-cta">
          {t('issued.pull')}
        </Link>
      </div>
      {copyCheckedAt ? <OfflineNotice checkedAt={copyCheckedAt} banner /> : <LinkAadhaarPrompt />}
      <FormAlert error={error} testId="documents-error" />
      {awaited.length > 0 && (
        <ul className="document-list" role="list" data-testid="awaited-list">
          {awaited.map((doc) => (
            <AwaitedCard key={doc.uri} doc={doc} />
          ))}
        </ul>
      )}
      {documents === null ? (
        !error && <Loading />
      ) : documents.length === 0 ? (
        <EmptyState title={t('issued.empty')} testId="issued-empty">
          {t('issued.emptyHelp')}
        </EmptyState>
      ) : (
        <>
          <p className="muted small" data-testid="documents-count">
            {cursor ? t('issued.countMore', { count: documents.length }) : t('issued.count', { count: documents.length })}
          </p>
          <ul className="document-list" role="list" data-testid="document-list">
            {documents.map((doc) => (
              <DocumentCard key={doc.uri} doc={doc} />
            ))}
          </ul>
          {cursor && (
            <div className="actions">
              <button
                type="button"
                className="button button-secondary"
                onClick={() => void loadMore()}
                disabled={loadingMore}
                aria-busy={loadingMore || undefined}
                data-testid="documents-load-more"
              >
                {t('issued.loadMore')}
              </button>
            </div>
          )}
        </>
      )}
    </div>
  );
}
