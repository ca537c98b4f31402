import { useState, type FormEvent } from 'react';
import { searchIssuedDocuments, type DocumentSearch as SearchBody, type IssuedDocumentMatch } from '../../api/directory';
import type { DocumentType } from '../../api/types';
import { FormAlert } from '../../components/FormAlert';
import { useFormErrors } from '../../components/form-errors';
import { SelectField } from '../../components/SelectField';
import { StatusBadge } from '../../components/StatusBadge';
import { TextField } from '../../components/TextField';
import { useI18n } from '../../i18n/i18n-context';
import { localizedLang, pickLocalized } from '../../i18n/localized';
import { focusById } from '../../lib/focus';

type StatusFilter = NonNullable<SearchBody['status']> | '';
const PAGE = 20;
/** As the server asks: two letters or digits at least (Indian vowel signs count with their letter). */
const tooShort = (q: string) => (q.match(/[\p{L}\p{M}\p{N}]/gu)?.length ?? 0) < 2;

/** The document type's name in the reader's language, or its code when the issuer no longer lists it. */
export function DocTypeName({ code, types }: { code: string; types: DocumentType[] }) {
  const { lang } = useI18n();
  const type = types.find((d) => d.code === code);
  return type ? <span lang={localizedLang(type.names, lang)}>{pickLocalized(type.names, lang)}</span> : <span className="mono">{code}</span>;
}

/**
 * Staff find their issuer's documents with one box — the beginnings of the holder's name in any
 * script, their mobile or Aadhaar number, a whole roll, registration or licence number, or the
 * URI — then open one to revoke, suspend or reinstate it.
 */
export function DocumentSearch({ orgId, types, onChoose }: { orgId: string; types: DocumentType[]; onChoose(doc: IssuedDocumentMatch): void }) {
  const { t, format, lang } = useI18n();
  const [q, setQ] = useState('');
  const [status, setStatus] = useState<StatusFilter>('');
  const [docType, setDocType] = useState('');
  const [asked, setAsked] = useState<SearchBody | null>(null);
  const [results, setResults] = useState<IssuedDocumentMatch[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const errors = useFormErrors<'q'>();

  async function load(search: SearchBody, more: boolean) {
    setBusy(true);
    errors.clear();
    try {
      const page = await searchIssuedDocuments(orgId, { ...search, limit: PAGE, ...(more && next ? { cursor: next } : {}) });
      setResults((prev) => (more && prev ? [...prev, ...page.documents] : page.documents));
      setNext(page.nextCursor);
      setAsked(search);
      if (!more) focusById('doc-search-summary');
    } catch (err) {
      const field = errors.fromApi(err, { paths: { '/body/q': 'q' } });
      if (field) focusById('doc-search-q');
    } finally {
      setBusy(false);
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const clean = q.trim();
    if (clean && tooShort(clean)) {
      errors.setField('q', t('console.search.tooShort'));
      focusById('doc-search-q');
      return;
    }
    void load({ ...(clean ? { q: clean } : {}), ...(status ? { status } : {}), ...(docType ? { docType } : {}) }, false);
  }

  return (
    <div className="stack" data-testid="document-search">
      <form className="stack" noValidate onSubmit={submit} role="search" aria-label={t('console.search.heading')}>
        <FormAlert error={errors.form} />
        <TextField
          id="doc-search-q"
          label={t('console.search.query')}
          hint={t('console.search.queryHint')}
          error={errors.fields.q}
          value={q}
          onChange={(e) => setQ(e.target.value)}
          autoComplete="off"
          spellCheck={false}
          maxLength={200}
          type="search"
        />
        <SelectField
          id="doc-search-type"
          label={t('documents.docType')}
          value={docType}
          onChange={(e) => setDocType(e.target.value)}
          options={[
            { value: '', label: t('console.search.anyType') },
            ...types.map((d) => ({ value: d.code, label: `${pickLocalized(d.names, lang)} (${d.code})`, lang: localizedLang(d.names, lang) })),
          ]}
        />
        <SelectField
          id="doc-search-status"
          label={t('verify.status')}
          value={status}
          onChange={(e) => setStatus(e.target.value as StatusFilter)}
          options={[
            { value: '', label: t('console.search.anyStatus') },
            { value: 'active', label: t('status.active') },
            { value: 'suspended', label: t('status.suspended') },
            { value: 'revoked', label: t('status.revoked') },
          ]}
        />
        <div className="actions">
          <button type="submit" className="button button-primary" disabled={busy} aria-busy={busy || undefined} data-testid="doc-search-submit">
            {t('console.search.submit')}
          </button>
        </div>
      </form>

      {results && (
        <div className="stack-sm">
          <p id="doc-search-summary" tabIndex={-1} role="status" data-testid="doc-search-summary">
            {results.length === 0 ? t('console.search.none') : t('console.search.count', { count: format.number(results.length) })}
          </p>
          <ul className="session-list" role="list" data-testid="doc-search-results">
            {results.map((d) => (
              <li key={d.uri} className="card stack-sm" data-testid="doc-search-result" data-uri={d.uri} data-status={d.status}>
                <p className="session-device">
                  <strong data-testid="doc-search-holder">{d.holderName}</strong> <StatusBadge status={d.status} testId="doc-search-status-badge" />
                </p>
                <dl className="meta small">
                  <div>
                    <dt>{t('documents.docType')}</dt>
                    <dd>
                      <DocTypeName code={d.docType} types={types} />
                    </dd>
                  </div>
                  <div>
                    <dt>{t('console.search.docId')}</dt>
                    <dd className="mono">{d.docId}</dd>
                  </div>
                  {d.holderMobile && (
                    <div>
                      <dt>{t('console.search.mobile')}</dt>
                      <dd className="mono" data-testid="doc-search-mobile">
                        {d.holderMobile}
                      </dd>
                    </div>
                  )}
                  <div>
                    <dt>{t('documents.issuedOn')}</dt>
                    <dd>
                      <time dateTime={d.issuedOn}>{format.calendarDate(d.issuedOn)}</time>
                    </dd>
                  </div>
                  <div>
                    <dt>{t('documents.uri')}</dt>
                    <dd className="mono">{d.uri}</dd>
                  </div>
                  {d.statusReason && (
                    <div>
                      <dt>{t('console.status.reason')}</dt>
                      <dd>{d.statusReason}</dd>
                    </div>
                  )}
                </dl>
                {d.held && <p className="small">{t('console.search.held')}</p>}
                <div className="actions">
                  <button
                    type="button"
                    className="button button-secondary"
                    onClick={() => onChoose(d)}
                    data-testid="doc-search-choose"
                    disabled={d.status === 'revoked'}
                  >
                    {t('console.search.choose')}
                  </button>
                </div>
              </li>
            ))}
          </ul>
          {next && asked && (
            <div className="actions">
              <button type="button" className="button button-secondary" disabled={busy} onClick={() => void load(asked, true)} data-testid="doc-search-more">
                {t('console.search.more')}
              </button>
            </div>
          )}
        </div>
      )}
    </div>
  );
}
