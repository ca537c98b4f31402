import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { isApiError } from '../../api/client';
import { issueDocument } from '../../api/directory';
import type { DocumentType, IssueInput, IssueResult } from '../../api/types';
import { FormAlert, StatusMessage } from '../../components/FormAlert';
import type { ShownError } from '../../components/form-errors';
import { Loading } from '../../components/Layout';
import { PageHeading } from '../../components/PageHeading';
import { RadioGroup } from '../../components/RadioGroup';
import { SelectField } from '../../components/SelectField';
import { TextField } from '../../components/TextField';
import { describeError } from '../../i18n/api-errors';
import { useI18n } from '../../i18n/i18n-context';
import { localizedLang, pickLocalized } from '../../i18n/localized';
import { checkAadhaar, groupAadhaar, isValidMobile, normaliseMobile, onlyDigits } from '@tijori/rules';
import { focusById } from '../../lib/focus';
import { RequireRole } from './ConsoleLayout';
import { useStaffMe } from './staff-context';
import { useIssuer } from './use-issuer';

const DOC_ID = /^[A-Za-z0-9]{1,64}$/;
const today = () => new Date().toISOString().slice(0, 10);

/** Element ids, which are also the keys of field errors. */
const ID = {
  docType: 'issue-doctype',
  docId: 'issue-doc-id',
  aadhaar: 'issue-holder-aadhaar',
  mobile: 'issue-holder-mobile',
  name: 'issue-holder-name',
  nameLocal: 'issue-holder-name-local',
  dob: 'issue-holder-dob',
  issuedOn: 'issue-issued-on',
  validFrom: 'issue-valid-from',
  validTo: 'issue-valid-to',
} as const;
const fieldId = (key: string) => `issue-field-${key}`;

/** The API's error paths → our element ids. */
function idForPath(path: string): string | null {
  const map: Record<string, string> = {
    '/body/docType': ID.docType,
    '/body/docId': ID.docId,
    '/body/holder': ID.name,
    '/body/holder/aadhaar': ID.aadhaar,
    '/body/holder/mobile': ID.mobile,
    '/body/holder/name': ID.name,
    '/body/holder/nameLocal': ID.nameLocal,
    '/body/holder/dob': ID.dob,
    '/body/issuedOn': ID.issuedOn,
    '/body/validFrom': ID.validFrom,
    '/body/validTo': ID.validTo,
  };
  if (map[path]) return map[path];
  const field = /^\/body\/fields\/(.+)$/.exec(path);
  return field ? fieldId(field[1]!) : null;
}

function IssueForm({ orgId, types }: { orgId: string; types: DocumentType[] }) {
  const { t, lang } = useI18n();
  const [code, setCode] = useState(types[0]?.code ?? '');
  const [docId, setDocId] = useState('');
  const [by, setBy] = useState<'aadhaar' | 'mobile'>('aadhaar');
  const [aadhaar, setAadhaar] = useState('');
  const [mobile, setMobile] = useState('');
  const [name, setName] = useState('');
  const [nameLocal, setNameLocal] = useState('');
  const [dob, setDob] = useState('');
  const [issuedOn, setIssuedOn] = useState(today);
  const [validFrom, setValidFrom] = useState('');
  const [validTo, setValidTo] = useState('');
  const [values, setValues] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, ShownError>>({});
  const [formError, setFormError] = useState<ShownError | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<IssueResult | null>(null);
  const type = types.find((d) => d.code === code);

  function fail(found: Record<string, ShownError>) {
    setErrors(found);
    const first = Object.keys(found)[0];
    if (first) focusById(first);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy || !type) return;
    setErrors({});
    setFormError(null);
    setResult(null);
    const found: Record<string, ShownError> = {};
    const bad = (id: string, message: string) => (found[id] ??= { message, code: 'invalid' });
    if (!DOC_ID.test(docId.trim())) bad(ID.docId, t('console.issue.docIdInvalid'));
    if (by === 'aadhaar') {
      const problem = checkAadhaar(aadhaar);
      if (problem) bad(ID.aadhaar, problem === 'format' ? t('field.aadhaar.invalid') : t('field.aadhaar.checksum'));
    } else if (!isValidMobile(normaliseMobile(mobile))) {
      bad(ID.mobile, t('field.mobile.invalid'));
    }
    if (!name.trim()) bad(ID.name, t('field.required'));
    if (!issuedOn) bad(ID.issuedOn, t('field.required'));
    if (validFrom && validTo && validTo < validFrom) bad(ID.validTo, t('console.issue.validToBeforeFrom'));
    for (const f of type.fields) if (f.required && !(values[f.key] ?? '').trim()) bad(fieldId(f.key), t('field.required'));
    if (Object.keys(found).length) return fail(found);

    const fields: Record<string, string> = {};
    for (const f of type.fields) {
      const v = (values[f.key] ?? '').trim();
      if (v) fields[f.key] = v;
    }
    const input: IssueInput = {
      docType: type.code,
      docId: docId.trim(),
      holder: {
        ...(by === 'aadhaar' ? { aadhaar } : { mobile: normaliseMobile(mobile) }),
        name: name.trim(),
        ...(nameLocal.trim() ? { nameLocal: nameLocal.trim() } : {}),
        ...(dob ? { dob } : {}),
      },
      fields,
      issuedOn,
      ...(validFrom ? { validFrom } : {}),
      ...(validTo ? { validTo } : {}),
    };
    setBusy(true);
    try {
      setResult(await issueDocument(orgId, input));
      focusById('issue-result');
    } catch (err) {
      const message = describeError(err, t);
      const paths = isApiError(err) ? (err.problem.errors ?? []).map((e) => idForPath(e.path)).filter((id): id is string => !!id) : [];
      if (isApiError(err) && err.code === 'validation_failed' && paths.length) {
        fail(Object.fromEntries(paths.map((id) => [id, { message: t('console.invalidValue'), code: err.code }])));
        setFormError({ message, code: err.code });
      } else {
        setFormError({ message, code: isApiError(err) ? err.code : 'client_error' });
        focusById('issue-form-error');
      }
    } finally {
      setBusy(false);
    }
  }

  const outcome = result
    ? result.outcome === 'issued'
      ? t('console.issue.issued')
      : result.outcome === 'held'
        ? t('console.issue.held')
        : t('console.issue.exists')
    : null;

  return (
    <form className="stack" noValidate onSubmit={(e) => void submit(e)} data-testid="issue-form">
      <div id="issue-result" tabIndex={-1}>
        <StatusMessage message={outcome} testId="issue-result" />
      </div>
      {result && (
        <p className="card stack-sm" data-testid="issue-result-uri" data-outcome={result.outcome}>
          <span className="mono">{result.uri}</span> <Link to={`/console/status?uri=${encodeURIComponent(result.uri)}`}>{t('console.status.title')}</Link>
        </p>
      )}
      <div id="issue-form-error" tabIndex={-1}>
        <FormAlert error={formError} />
      </div>
      <SelectField
        id={ID.docType}
        label={t('documents.docType')}
        value={code}
        onChange={(e) => {
          setCode(e.target.value);
          setValues({});
        }}
        options={types.map((d) => ({ value: d.code, label: `${pickLocalized(d.names, lang)} (${d.code})`, lang: localizedLang(d.names, lang) }))}
        error={errors[ID.docType]}
      />
      <TextField
        id={ID.docId}
        label={t('document.docId')}
        hint={t('console.issue.docIdHint')}
        error={errors[ID.docId]}
        value={docId}
        onChange={(e) => setDocId(e.target.value)}
        autoComplete="off"
        spellCheck={false}
        maxLength={64}
      />

      <fieldset className="fieldset stack">
        <legend>{t('document.holder')}</legend>
        <RadioGroup
          name="issue-holder-by"
          legend={t('console.issue.holderBy')}
          value={by}
          onChange={setBy}
          options={[
            { value: 'aadhaar', label: t('field.aadhaar.label') },
            { value: 'mobile', label: t('field.mobile.label') },
          ]}
        />
        {by === 'aadhaar' ? (
          <TextField
            id={ID.aadhaar}
            label={t('field.aadhaar.label')}
            hint={t('console.issue.aadhaarHint')}
            error={errors[ID.aadhaar]}
            value={groupAadhaar(aadhaar)}
            onChange={(e) => setAadhaar(onlyDigits(e.target.value, 12))}
            inputMode="numeric"
            autoComplete="off"
            maxLength={14}
            className="field-code"
          />
        ) : (
          <TextField
            id={ID.mobile}
            label={t('field.mobile.label')}
            hint={t('field.mobile.hint')}
            error={errors[ID.mobile]}
            value={mobile}
            onChange={(e) => setMobile(e.target.value)}
            inputMode="tel"
            autoComplete="off"
            maxLength={16}
          />
        )}
        <TextField
          id={ID.name}
          label={t('profile.name')}
          hint={t('console.issue.nameHint')}
          error={errors[ID.name]}
          value={name}
          onChange={(e) => setName(e.target.value)}
          autoComplete="off"
          maxLength={200}
        />
        <TextField
          id={ID.nameLocal}
          label={t('profile.nameLocal')}
          optional
          error={errors[ID.nameLocal]}
          value={nameLocal}
          onChange={(e) => setNameLocal(e.target.value)}
          autoComplete="off"
          maxLength={200}
        />
        <TextField id={ID.dob} label={t('profile.dob')} optional type="date" error={errors[ID.dob]} value={dob} onChange={(e) => setDob(e.target.value)} />
      </fieldset>

      <fieldset className="fieldset stack">
        <legend>{t('console.issue.dates')}</legend>
        <TextField
          id={ID.issuedOn}
          label={t('documents.issuedOn')}
          type="date"
          error={errors[ID.issuedOn]}
          value={issuedOn}
          onChange={(e) => setIssuedOn(e.target.value)}
        />
        <TextField
          id={ID.validFrom}
          label={t('console.issue.validFrom')}
          optional
          type="date"
          error={errors[ID.validFrom]}
          value={validFrom}
          onChange={(e) => setValidFrom(e.target.value)}
        />
        <TextField
          id={ID.validTo}
          label={t('console.issue.validTo')}
          optional
          type="date"
          error={errors[ID.validTo]}
          value={validTo}
          onChange={(e) => setValidTo(e.target.value)}
        />
      </fieldset>

      {type && type.fields.length > 0 && (
        <fieldset className="fieldset stack" data-testid="issue-fields">
          <legend>{t('document.contents')}</legend>
          {type.fields.map((f) => (
            <TextField
              key={`${type.code}-${f.key}`}
              id={fieldId(f.key)}
              label={pickLocalized(f.label, lang)}
              optional={!f.required}
              error={errors[fieldId(f.key)]}
              value={values[f.key] ?? ''}
              onChange={(e) => setValues((prev) => ({ ...prev, [f.key]: e.target.value }))}
              autoComplete="off"
              maxLength={1000}
            />
          ))}
        </fieldset>
      )}
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={busy} aria-busy={busy || undefined} data-testid="issue-submit">
          {t('console.issue.submit')}
        </button>
      </div>
    </form>
  );
}

/** /console/issue — push one signed document into a resident's locker. */
export function IssueDocumentPage() {
  return (
    <RequireRole role="issuer">
      <IssueDocument />
    </RequireRole>
  );
}

function IssueDocument() {
  const { t } = useI18n();
  const me = useStaffMe();
  const { issuer, failure } = useIssuer(me.orgId);
  return (
    <div className="narrow stack">
      <PageHeading title={t('console.issue.title')}>{t('console.issue.title')}</PageHeading>
      <p>{t('console.issue.intro')}</p>
      <FormAlert error={failure ? { message: describeError(failure, t), code: 'load_failed' } : null} />
      {!issuer ? (
        !failure && <Loading />
      ) : issuer.documentTypes.length === 0 ? (
        <p className="alert alert-warning">{t('console.types.none')}</p>
      ) : (
        <section className="card">
          <IssueForm orgId={issuer.orgId} types={issuer.documentTypes} />
        </section>
      )}
    </div>
  );
}
