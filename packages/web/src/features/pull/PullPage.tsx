import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router';
import { isApiError } from '../../api/client';
import { searchDirectory, searchIssuers, getIssuer } from '../../api/directory';
import { pullDocument } from '../../api/documents';
import type { DirectoryHit, DocumentType, Issuer, IssuerWithTypes } from '../../api/types';
import { FormAlert } from '../../components/FormAlert';
import { useFormErrors } from '../../components/form-errors';
import { Loading } from '../../components/Layout';
import { PageHeading, StepHeading } from '../../components/PageHeading';
import { TextField } from '../../components/TextField';
import { describeError } from '../../i18n/api-errors';
import { categoryName } from '../../i18n/categories';
import { useI18n } from '../../i18n/i18n-context';
import { localizedLang, pickLocalized } from '../../i18n/localized';
import { stateName } from '../../i18n/places';
import { focusById } from '../../lib/focus';
import { LinkAadhaarPrompt } from '../dashboard/DocumentsPages';
import { documentPath } from '../documents/document-path';
import { isNumeric, normaliseParameter } from './parameters';

const pullable = (issuer: Issuer) => issuer.status === 'active' && issuer.pullMode !== 'none';

function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = window.setTimeout(() => setSettled(value), ms);
    return () => window.clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/** Step 1: find the document or its issuer by any name, or the issuer by category or state. */
function IssuerSearch() {
  const { t, lang } = useI18n();
  const [q, setQ] = useState('');
  const [category, setCategory] = useState('');
  const [state, setState] = useState('');
  const [all, setAll] = useState<Issuer[] | null>(null);
  const [found, setFound] = useState<Issuer[] | null>(null);
  const [hits, setHits] = useState<DirectoryHit[] | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const query = useDebounced(q.trim(), 250);

  useEffect(() => {
    searchIssuers()
      .then(({ issuers }) => setAll(issuers.filter(pullable)))
      .catch(setFailure);
  }, []);

  useEffect(() => {
    let cancelled = false;
    setHits(null);
    setFound(null);
    if (query) {
      searchDirectory(query)
        .then(({ results }) => !cancelled && setHits(results.filter((h) => h.pullable)))
        .catch((err: unknown) => !cancelled && setFailure(err));
    } else if (category || state) {
      searchIssuers({ category, state })
        .then(({ issuers }) => !cancelled && setFound(issuers.filter(pullable)))
        .catch((err: unknown) => !cancelled && setFailure(err));
    }
    return () => {
      cancelled = true;
    };
  }, [query, category, state]);

  const categories = useMemo(() => [...new Set((all ?? []).map((i) => i.category))].sort(), [all]);
  const states = useMemo(() => [...new Set((all ?? []).map((i) => i.state).filter((s): s is string => !!s))].sort(), [all]);
  const inFilters = (h: { category: string; state: string | null }) => (!category || h.category === category) && (!state || h.state === state);
  const typeHits = query && hits ? hits.filter((h) => h.kind === 'documentType' && inFilters(h)) : [];
  const issuerHits = query && hits ? hits.filter((h) => h.kind === 'issuer' && inFilters(h)) : null;
  const shown: { orgId: string; names: Issuer['names']; category: string; state?: string | null }[] | null = query ? issuerHits : (found ?? all);

  return (
    <div className="stack">
      <form className="stack" role="search" aria-label={t('pull.search.label')} onSubmit={(e: FormEvent) => e.preventDefault()}>
        <TextField
          id="pull-search"
          label={t('pull.search.label')}
          hint={t('pull.search.hint')}
          value={q}
          onChange={(e) => setQ(e.target.value)}
          type="search"
          autoComplete="off"
          enterKeyHint="search"
        />
        <div className="filter-row">
          <div className="field">
            <label htmlFor="pull-category">{t('pull.search.category')}</label>
            <select id="pull-category" value={category} onChange={(e) => setCategory(e.target.value)}>
              <option value="">{t('pull.search.anyCategory')}</option>
              {categories.map((c) => (
                <option key={c} value={c}>
                  {categoryName(c, t)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="pull-state">{t('pull.search.state')}</label>
            <select id="pull-state" value={state} onChange={(e) => setState(e.target.value)}>
              <option value="">{t('pull.search.anyState')}</option>
              {states.map((s) => (
                <option key={s} value={s}>
                  {stateName(s, lang)}
                </option>
              ))}
            </select>
          </div>
        </div>
      </form>
      <FormAlert
        error={failure ? { message: describeError(failure, t), code: isApiError(failure) ? failure.code : 'load_failed' } : null}
        testId="pull-search-error"
      />
      {shown === null ? (
        !failure && <Loading />
      ) : query && typeHits.length === 0 && shown.length === 0 ? (
        <div className="alert alert-info stack-sm" role="status" data-testid="pull-search-empty">
          <p>
            <strong>{t('pull.search.empty', { q: query })}</strong>
          </p>
          <p>{t('pull.search.emptyHelp')}</p>
          <div className="actions">
            <button type="button" className="button button-secondary" onClick={() => setQ('')} data-testid="pull-search-clear">
              {t('pull.search.clear')}
            </button>
          </div>
        </div>
      ) : (
        <>
          {typeHits.length > 0 && (
            <section className="stack-sm" aria-labelledby="pull-found-documents">
              <h2 id="pull-found-documents">{t('pull.search.documents', { count: typeHits.length })}</h2>
              <ul className="choice-list" role="list" data-testid="pull-doctype-hits">
                {typeHits.map((hit) => (
                  <li key={`${hit.orgId}/${hit.code}`}>
                    <Link
                      to={`?issuer=${encodeURIComponent(hit.orgId)}&type=${encodeURIComponent(hit.code ?? '')}`}
                      className="choice"
                      data-testid="pull-doctype-hit"
                      data-org-id={hit.orgId}
                      data-code={hit.code}
                      data-match={hit.match}
                    >
                      <span className="choice-title" lang={localizedLang(hit.names, lang)}>
                        {pickLocalized(hit.names, lang)}
                      </span>
                      <span className="choice-meta" lang={localizedLang(hit.issuerNames, lang)}>
                        {pickLocalized(hit.issuerNames, lang)}
                      </span>
                    </Link>
                  </li>
                ))}
              </ul>
            </section>
          )}
          <p role="status" className="muted small" data-testid="pull-issuer-count">
            {t('pull.search.count', { count: shown.length })}
          </p>
          {shown.length > 0 && (
            <ul className="choice-list" role="list" data-testid="pull-issuers">
              {shown.map((issuer) => (
                <li key={issuer.orgId}>
                  <Link to={`?issuer=${encodeURIComponent(issuer.orgId)}`} className="choice" data-testid="pull-issuer" data-org-id={issuer.orgId}>
                    <span className="choice-title" lang={localizedLang(issuer.names, lang)}>
                      {pickLocalized(issuer.names, lang)}
                    </span>
                    <span className="choice-meta">
                      {categoryName(issuer.category, t)}
                      {issuer.state ? ` · ${stateName(issuer.state, lang)}` : ''}
                    </span>
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </div>
  );
}

/** Step 2: which of the issuer's documents. */
function DocumentTypeChoice({ issuer }: { issuer: IssuerWithTypes }) {
  const { t, lang } = useI18n();
  const types = issuer.documentTypes.filter((d) => d.parameters.length > 0);
  return (
    <div className="stack">
      <p>
        <span lang={localizedLang(issuer.names, lang)}>{pickLocalized(issuer.names, lang)}</span>{' '}
        <Link to="/app/pull" className="small" data-testid="pull-change-issuer">
          {t('pull.changeIssuer')}
        </Link>
      </p>
      {types.length === 0 ? (
        <p className="alert alert-warning">{t('pull.noTypes')}</p>
      ) : (
        <ul className="choice-list" role="list" data-testid="pull-doctypes">
          {types.map((type) => (
            <li key={type.code}>
              <Link
                to={`?issuer=${encodeURIComponent(issuer.orgId)}&type=${encodeURIComponent(type.code)}`}
                className="choice"
                data-testid="pull-doctype"
                data-code={type.code}
              >
                <span className="choice-title" lang={localizedLang(type.names, lang)}>
                  {pickLocalized(type.names, lang)}
                </span>
                <span className="choice-meta mono">{type.code}</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

type ParamField = `param:${string}` | 'consent';
const paramId = (name: string) => `pull-param-${name}`;

/** Step 3: the issuer's parameters, the consent declaration, and the request. */
function PullForm({ issuer, type }: { issuer: IssuerWithTypes; type: DocumentType }) {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const [values, setValues] = useState<Record<string, string>>({});
  const [consent, setConsent] = useState(false);
  const [busy, setBusy] = useState(false);
  const [pending, setPending] = useState(false);
  const [formCode, setFormCode] = useState<string | null>(null);
  const errors = useFormErrors<ParamField>();

  const invalidMessage = (name: string) => {
    const p = type.parameters.find((x) => x.name === name);
    if (!p) return t('field.required');
    const label = pickLocalized(p.label, lang);
    return p.example ? t('pull.param.invalidExample', { label, example: p.example }) : t('pull.param.invalid', { label });
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    errors.clear();
    setFormCode(null);
    const parameters: Record<string, string> = {};
    const bad: Partial<Record<ParamField, { message: string; code: string }>> = {};
    let first: string | null = null;
    for (const p of type.parameters) {
      const value = normaliseParameter(p, values[p.name] ?? '');
      if (value === null) {
        bad[`param:${p.name}`] = {
          message: (values[p.name] ?? '').trim() ? invalidMessage(p.name) : t('pull.param.required', { label: pickLocalized(p.label, lang) }),
          code: 'invalid',
        };
        first ??= paramId(p.name);
      } else {
        parameters[p.name] = value;
      }
    }
    if (!consent) {
      bad.consent = { message: t('field.consent.required'), code: 'consent_required' };
      first ??= 'pull-consent';
    }
    if (first) {
      errors.setFields(bad);
      focusById(first);
      return;
    }
    setValues((prev) => ({ ...prev, ...parameters }));
    setBusy(true);
    try {
      const result = await pullDocument({ orgId: issuer.orgId, docType: type.code, parameters });
      if (result.status === 'issued') {
        navigate(documentPath(result.uri), { state: { pulled: true, alreadyHeld: result.alreadyHeld } });
        return;
      }
      setPending(true);
      focusById('pull-pending');
    } catch (err) {
      setBusy(false);
      if (isApiError(err) && err.code === 'validation_failed') {
        const names = (err.problem.errors ?? []).map((e) => /^\/body\/parameters\/(.+)$/.exec(e.path)?.[1]).filter((n): n is string => !!n);
        if (names.length > 0) {
          errors.setFields(Object.fromEntries(names.map((n) => [`param:${n}`, { message: invalidMessage(n), code: 'validation_failed' }])));
          focusById(paramId(names[0]!));
          return;
        }
      }
      const field = errors.fromApi(err, {
        paths: { '/body/consent': 'consent' },
        invalid: { consent: 'field.consent.required' },
        codes: { consent_required: 'consent' },
      });
      if (field) focusById('pull-consent');
      else {
        setFormCode(isApiError(err) ? err.code : null);
        focusById('pull-form-error');
      }
    }
  }

  if (pending) {
    return (
      <div className="stack">
        <div id="pull-pending" tabIndex={-1} className="alert alert-info" role="status" data-testid="pull-pending">
          <p>
            <strong>{t('pull.pending.title')}</strong>
          </p>
          <p>{t('pull.pending.body')}</p>
        </div>
        <div className="actions">
          <Link to="/app" className="button button-primary">
            {t('document.backToList')}
          </Link>
          <Link to="/app/pull" className="button button-secondary">
            {t('pull.another')}
          </Link>
        </div>
      </div>
    );
  }

  const consentError = errors.fields.consent;
  return (
    <form className="stack" noValidate onSubmit={(e) => void submit(e)} data-testid="pull-form">
      <p>
        <span lang={localizedLang(type.names, lang)}>{pickLocalized(type.names, lang)}</span> ·{' '}
        <span lang={localizedLang(issuer.names, lang)}>{pickLocalized(issuer.names, lang)}</span>{' '}
        <Link to={`?issuer=${encodeURIComponent(issuer.orgId)}`} className="small" data-testid="pull-change-type">
          {t('pull.changeType')}
        </Link>
      </p>
      <div id="pull-form-error" tabIndex={-1}>
        <FormAlert error={errors.form} />
      </div>
      {formCode === 'aadhaar_not_linked' && (
        <p>
          <Link to="/app/aadhaar" className="button button-secondary" data-testid="pull-link-aadhaar">
            {t('app.linkAadhaarCta')}
          </Link>
        </p>
      )}
      {type.parameters.map((p) => (
        <TextField
          key={p.name}
          id={paramId(p.name)}
          name={p.name}
          label={pickLocalized(p.label, lang)}
          hint={p.example ? t('pull.param.example', { example: p.example }) : undefined}
          error={errors.fields[`param:${p.name}`]}
          value={values[p.name] ?? ''}
          onChange={(e) => setValues((prev) => ({ ...prev, [p.name]: e.target.value }))}
          autoComplete="off"
          autoCapitalize={isNumeric(p) ? undefined : 'characters'}
          spellCheck={false}
          inputMode={isNumeric(p) ? 'numeric' : 'text'}
          maxLength={100}
          required
        />
      ))}
      <div className={`checkbox checkbox-block${consentError ? ' field-invalid' : ''}`}>
        <input
          id="pull-consent"
          type="checkbox"
          checked={consent}
          onChange={(e) => setConsent(e.target.checked)}
          aria-invalid={consentError ? true : undefined}
          aria-describedby={consentError ? 'pull-consent-error' : undefined}
        />
        <label htmlFor="pull-consent">{t('pull.consent')}</label>
      </div>
      <div className="field-error-region" aria-live="polite">
        {consentError && (
          <p id="pull-consent-error" className="field-error" data-testid="pull-consent-error" data-error-code={consentError.code}>
            {consentError.message}
          </p>
        )}
      </div>
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={busy} aria-busy={busy || undefined} data-testid="pull-submit">
          {busy ? t('pull.submitting') : t('pull.submit')}
        </button>
      </div>
    </form>
  );
}

/** /app/pull — search issuers → choose a document type → the issuer's parameters + consent. */
export function PullPage() {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const location = useLocation();
  const orgId = params.get('issuer');
  const code = params.get('type');
  const [issuer, setIssuer] = useState<IssuerWithTypes | null>(null);
  const [failure, setFailure] = useState<unknown>(null);

  useEffect(() => {
    let cancelled = false;
    setFailure(null);
    if (!orgId) {
      setIssuer(null);
      return;
    }
    if (issuer?.orgId === orgId) return;
    setIssuer(null);
    getIssuer(orgId)
      .then((found) => !cancelled && setIssuer(found))
      .catch((err: unknown) => !cancelled && setFailure(err));
    return () => {
      cancelled = true;
    };
  }, [orgId]);

  const type = issuer && code ? (issuer.documentTypes.find((d) => d.code === code) ?? null) : null;
  const step = !orgId ? 1 : !type ? 2 : 3;
  const stepTitle = step === 1 ? t('pull.step.issuer') : step === 2 ? t('pull.step.type') : t('pull.step.details');
  // Focus the step's heading after the person moved between steps (not on the first load).
  const moved = location.key !== 'default';

  return (
    <div className="narrow stack">
      <PageHeading title={t('pull.title')}>{t('pull.title')}</PageHeading>
      <p>{t('pull.intro')}</p>
      <LinkAadhaarPrompt />
      <section key={step} className="card stack" aria-labelledby="pull-step" data-testid={`pull-step-${step}`}>
        <StepHeading id="pull-step" focus={moved}>
          <span className="step-indicator">{t('step.progress', { current: step, total: 3 })}</span>
          <span className="step-title">{stepTitle}</span>
        </StepHeading>
        {failure ? (
          <>
            <FormAlert
              error={{
                message: isApiError(failure) && failure.status === 404 ? t('pull.issuerNotFound') : describeError(failure, t),
                code: isApiError(failure) ? failure.code : 'load_failed',
              }}
              testId="pull-load-error"
            />
            <Link to="/app/pull" className="button button-secondary">
              {t('pull.changeIssuer')}
            </Link>
          </>
        ) : step === 1 ? (
          <IssuerSearch />
        ) : !issuer ? (
          <Loading />
        ) : step === 2 || !type ? (
          <>
            {code && !type && <p className="alert alert-warning">{t('pull.typeNotFound')}</p>}
            <DocumentTypeChoice issuer={issuer} />
          </>
        ) : (
          <PullForm key={`${issuer.orgId}-${type.code}`} issuer={issuer} type={type} />
        )}
      </section>
    </div>
  );
}
