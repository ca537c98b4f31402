import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { isApiError } from '../../api/client';
import { changeDocumentStatus, searchIssuedDocuments, type IssuedDocumentMatch } from '../../api/directory';
import type { DocumentType } from '../../api/types';
import { FormAlert, StatusMessage } from '../../components/FormAlert';
import { useFormErrors } from '../../components/form-errors';
import { PageHeading } from '../../components/PageHeading';
import { RadioGroup } from '../../components/RadioGroup';
import { StatusBadge } from '../../components/StatusBadge';
import { TextArea } from '../../components/TextArea';
import { TextField } from '../../components/TextField';
import { useI18n } from '../../i18n/i18n-context';
import { focusById } from '../../lib/focus';
import { RequireRole } from './ConsoleLayout';
import { DocTypeName, DocumentSearch } from './DocumentSearch';
import { useStaffMe } from './staff-context';
import { useIssuer } from './use-issuer';

const URI_PATTERN = /^[a-z][a-z0-9.-]*-[A-Z]{1,5}-[A-Za-z0-9]{1,64}$/;
type Action = 'revoked' | 'suspended' | 'active';

/** The action asked for, in the words of its confirm button and its done message. */
function useActionWords() {
  const { t } = useI18n();
  return {
    label: (a: Action) => (a === 'revoked' ? t('console.status.revoke') : a === 'suspended' ? t('console.status.suspend') : t('console.status.reinstate')),
    confirm: (a: Action) =>
      a === 'revoked' ? t('console.status.confirmRevoke') : a === 'suspended' ? t('console.status.confirmSuspend') : t('console.status.confirmReinstate'),
    done: (status: string) =>
      status === 'revoked' ? t('console.status.doneRevoked') : status === 'suspended' ? t('console.status.doneSuspended') : t('console.status.doneActive'),
  };
}

/**
 * Revoke, suspend or reinstate one document, in two steps: the form, then a summary of whose
 * document it is and what will happen, which staff confirm (or go back from). Suspending, the
 * reversible action, is the default; revoking and suspending need a reason, which the holder
 * and every verifier see.
 */
function StatusForm({ orgId, types, chosen }: { orgId: string; types: DocumentType[]; chosen: IssuedDocumentMatch | null }) {
  const { t, format } = useI18n();
  const words = useActionWords();
  const [params] = useSearchParams();
  const [uri, setUri] = useState(chosen?.uri ?? params.get('uri') ?? '');
  const [action, setAction] = useState<Action>(chosen?.status === 'suspended' ? 'active' : 'suspended');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [review, setReview] = useState<IssuedDocumentMatch | null>(null);
  const [done, setDone] = useState<{ uri: string; status: string } | null>(null);
  const errors = useFormErrors<'uri' | 'reason'>();

  /** The document behind the URI typed (or chosen), as the server knows it now. */
  async function lookUp(clean: string): Promise<IssuedDocumentMatch | null> {
    const found = await searchIssuedDocuments(orgId, { q: clean, limit: 1 });
    return found.documents.find((d) => d.uri === clean) ?? null;
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    errors.clear();
    setDone(null);
    const clean = uri.trim();
    if (!URI_PATTERN.test(clean)) {
      errors.setField('uri', t('verify.code.uriInvalid'));
      focusById('status-uri');
      return;
    }
    if (!clean.startsWith(`${orgId}-`)) {
      errors.setField('uri', t('console.status.otherIssuer', { orgId }));
      focusById('status-uri');
      return;
    }
    if (action !== 'active' && !reason.trim()) {
      errors.setField('reason', t('console.status.reasonRequired'));
      focusById('status-reason');
      return;
    }
    setBusy(true);
    try {
      const doc = await lookUp(clean);
      if (!doc) {
        errors.setField('uri', t('console.status.notFound'), 'document_not_found');
        focusById('status-uri');
        return;
      }
      setReview(doc);
      focusById('status-confirm-heading');
    } catch (err) {
      errors.fromApi(err);
    } finally {
      setBusy(false);
    }
  }

  async function confirm() {
    if (!review || busy) return;
    setBusy(true);
    try {
      const answer = await changeDocumentStatus(orgId, review.uri, { status: action, ...(reason.trim() ? { reason: reason.trim() } : {}) });
      setDone(answer);
      setReview(null);
      setReason('');
      focusById('status-result');
    } catch (err) {
      setReview(null);
      if (isApiError(err) && err.code === 'conflict') {
        errors.setForm({ message: t('console.status.conflict'), code: err.code });
      } else {
        const field = errors.fromApi(err, { paths: { '/params/uri': 'uri', '/body/reason': 'reason' } });
        if (field) focusById(field === 'uri' ? 'status-uri' : 'status-reason');
      }
    } finally {
      setBusy(false);
    }
  }

  if (review) {
    return (
      <section className="stack" aria-labelledby="status-confirm-heading" data-testid="status-confirm" data-action={action}>
        <h3 id="status-confirm-heading" tabIndex={-1}>
          {t('console.status.confirmHeading')}
        </h3>
        <dl className="details">
          <div>
            <dt>{t('console.status.holder')}</dt>
            <dd data-testid="status-confirm-holder">{review.holderName}</dd>
          </div>
          <div>
            <dt>{t('documents.docType')}</dt>
            <dd>
              <DocTypeName code={review.docType} types={types} />
            </dd>
          </div>
          <div>
            <dt>{t('console.search.docId')}</dt>
            <dd className="mono">{review.docId}</dd>
          </div>
          <div>
            <dt>{t('documents.issuedOn')}</dt>
            <dd>
              <time dateTime={review.issuedOn}>{format.calendarDate(review.issuedOn)}</time>
            </dd>
          </div>
          <div>
            <dt>{t('documents.uri')}</dt>
            <dd className="mono" data-testid="status-confirm-uri">
              {review.uri}
            </dd>
          </div>
          <div>
            <dt>{t('console.status.now')}</dt>
            <dd>
              <StatusBadge status={review.status} testId="status-confirm-current" />
            </dd>
          </div>
          <div>
            <dt>{t('console.status.action')}</dt>
            <dd data-testid="status-confirm-action">{words.label(action)}</dd>
          </div>
          {reason.trim() && (
            <div>
              <dt>{t('console.status.reason')}</dt>
              <dd data-testid="status-confirm-reason">{reason.trim()}</dd>
            </div>
          )}
        </dl>
        <p className={action === 'revoked' ? 'alert alert-warning' : ''} data-testid="status-confirm-warning">
          {action === 'revoked'
            ? t('console.status.revokeWarning')
            : action === 'suspended'
              ? t('console.status.suspendWarning')
              : t('console.status.reinstateWarning')}
        </p>
        <div className="actions">
          <button
            type="button"
            className={`button ${action === 'revoked' ? 'button-danger' : 'button-primary'}`}
            disabled={busy}
            aria-busy={busy || undefined}
            onClick={() => void confirm()}
            data-testid="status-confirm-submit"
          >
            {words.confirm(action)}
          </button>
          <button
            type="button"
            className="button button-secondary"
            onClick={() => {
              setReview(null);
              focusById('status-uri');
            }}
            data-testid="status-confirm-back"
          >
            {t('console.status.keep')}
          </button>
        </div>
      </section>
    );
  }

  return (
    <form className="stack" noValidate onSubmit={(e) => void submit(e)} data-testid="status-form">
      <div id="status-result" tabIndex={-1}>
        <StatusMessage message={done ? words.done(done.status) : null} testId="status-result" />
      </div>
      {done && (
        <p data-testid="status-result-uri" data-status={done.status}>
          <span className="mono">{done.uri}</span> <StatusBadge status={done.status} testId="status-result-badge" />
        </p>
      )}
      <FormAlert error={errors.form} />
      <TextField
        id="status-uri"
        label={t('documents.uri')}
        hint={t('console.status.uriHint', { orgId })}
        error={errors.fields.uri}
        value={uri}
        onChange={(e) => setUri(e.target.value)}
        autoComplete="off"
        autoCapitalize="none"
        spellCheck={false}
        maxLength={200}
      />
      <RadioGroup
        name="status-action"
        legend={t('console.status.action')}
        value={action}
        onChange={setAction}
        options={[
          { value: 'suspended', label: t('console.status.suspend'), hint: t('console.status.suspendHint') },
          { value: 'revoked', label: t('console.status.revoke'), hint: t('console.status.revokeHint') },
          { value: 'active', label: t('console.status.reinstate'), hint: t('console.status.reinstateHint') },
        ]}
      />
      <TextArea
        id="status-reason"
        label={t('console.status.reason')}
        hint={t('console.status.reasonHint')}
        error={errors.fields.reason}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        maxLength={500}
        rows={3}
      />
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={busy} aria-busy={busy || undefined} data-testid="status-submit">
          {t('console.status.review')}
        </button>
      </div>
    </form>
  );
}

/** /console/status — revoke, suspend or reinstate a document by its URI. */
export function DocumentStatusPage() {
  return (
    <RequireRole role="issuer">
      <DocumentStatus />
    </RequireRole>
  );
}

function DocumentStatus() {
  const { t } = useI18n();
  const me = useStaffMe();
  const { issuer } = useIssuer(me.orgId);
  const types = issuer?.documentTypes ?? [];
  const [chosen, setChosen] = useState<{ doc: IssuedDocumentMatch; n: number } | null>(null);
  return (
    <div className="narrow stack">
      <PageHeading title={t('console.status.title')}>{t('console.status.title')}</PageHeading>
      <p>{t('console.status.intro')}</p>
      <section className="card stack" aria-labelledby="doc-search-heading">
        <h2 id="doc-search-heading">{t('console.search.heading')}</h2>
        <DocumentSearch
          orgId={me.orgId!}
          types={types}
          onChoose={(doc) => {
            setChosen((prev) => ({ doc, n: (prev?.n ?? 0) + 1 }));
            focusById('status-uri');
          }}
        />
      </section>
      <section className="card stack" aria-labelledby="status-heading">
        <h2 id="status-heading">{t('console.status.heading')}</h2>
        <StatusForm key={chosen ? `${chosen.doc.uri}#${chosen.n}` : 'typed'} orgId={me.orgId!} types={types} chosen={chosen?.doc ?? null} />
      </section>
    </div>
  );
}
