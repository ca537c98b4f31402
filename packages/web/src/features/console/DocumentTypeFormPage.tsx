import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { isApiError } from '../../api/client';
import { addDocumentType } from '../../api/directory';
import type { DocumentTemplate, NewDocumentTypeInput } from '../../api/types';
import { FormAlert } from '../../components/FormAlert';
import type { ShownError } from '../../components/form-errors';
import { PageHeading } from '../../components/PageHeading';
import { SelectField } from '../../components/SelectField';
import { ShowSecretToggle as Checkbox } from '../../components/SecretFields';
import { TextField } from '../../components/TextField';
import { describeError } from '../../i18n/api-errors';
import { useI18n } from '../../i18n/i18n-context';
import { focusById } from '../../lib/focus';
import { fromPathSegment, pathSegment } from '../../lib/path-segment';
import { RequireRole } from './ConsoleLayout';
import { TEMPLATE_KEYS } from './labels';
import { compactLocalized, emptyLocalized, LocalizedInputs, type LocalizedValue } from './LocalizedInputs';

const CODE = /^[A-Z]{1,5}$/;
const PARAM_NAME = /^[A-Za-z][A-Za-z0-9_]{0,31}$/;
const FIELD_KEY = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

interface ParamDraft {
  id: number;
  name: string;
  label: LocalizedValue;
  example: string;
  pattern: string;
}
interface FieldDraft {
  id: number;
  key: string;
  label: LocalizedValue;
  required: boolean;
  group: string;
}

let nextId = 1;
const newParam = (): ParamDraft => ({ id: nextId++, name: '', label: emptyLocalized(), example: '', pattern: '' });
const newField = (): FieldDraft => ({ id: nextId++, key: '', label: emptyLocalized(), required: false, group: '' });

/** The API's error paths → element ids: /body/parameters/0/label/en → dt-param-0-label-en. */
function idForPath(path: string): string | null {
  if (path === '/body/code') return 'dt-code';
  const names = /^\/body\/names\/(en|hi|gu)$/.exec(path);
  if (names) return `dt-name-${names[1]}`;
  const item = /^\/body\/(parameters|fields)\/(\d+)\/(\w+)(?:\/(en|hi|gu))?$/.exec(path);
  if (!item) return null;
  const prefix = item[1] === 'parameters' ? 'dt-param' : 'dt-field';
  return `${prefix}-${item[2]}-${item[3]}${item[4] ? `-${item[4]}` : item[3] === 'label' ? '-en' : ''}`;
}

function DocumentTypeForm({ orgId }: { orgId: string }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [code, setCode] = useState('');
  const [names, setNames] = useState(emptyLocalized);
  const [template, setTemplate] = useState<DocumentTemplate>('certificate');
  const [matchName, setMatchName] = useState(true);
  const [matchDob, setMatchDob] = useState(true);
  const [params, setParams] = useState<ParamDraft[]>(() => [newParam()]);
  const [fields, setFields] = useState<FieldDraft[]>(() => [newField()]);
  const [errors, setErrors] = useState<Record<string, ShownError>>({});
  const [formError, setFormError] = useState<ShownError | null>(null);
  const [busy, setBusy] = useState(false);

  const e = (id: string) => errors[id];
  const labelErrors = (prefix: string) => ({ en: e(`${prefix}-en`), hi: e(`${prefix}-hi`), gu: e(`${prefix}-gu`) });

  function fail(found: Record<string, ShownError>) {
    setErrors(found);
    const first = Object.keys(found)[0];
    if (first) focusById(first);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setErrors({});
    setFormError(null);
    const found: Record<string, ShownError> = {};
    const bad = (id: string, message: string) => (found[id] ??= { message, code: 'invalid' });
    if (!CODE.test(code)) bad('dt-code', t('console.types.codeInvalid'));
    if (!names.en.trim()) bad('dt-name-en', t('field.required'));
    params.forEach((p, i) => {
      if (!PARAM_NAME.test(p.name)) bad(`dt-param-${i}-name`, t('console.types.nameInvalid'));
      if (!p.label.en.trim()) bad(`dt-param-${i}-label-en`, t('field.required'));
      if (p.pattern) {
        try {
          new RegExp(p.pattern);
        } catch {
          bad(`dt-param-${i}-pattern`, t('console.types.patternInvalid'));
        }
      }
    });
    const keys = new Set<string>();
    fields.forEach((f, i) => {
      if (!FIELD_KEY.test(f.key)) bad(`dt-field-${i}-key`, t('console.types.nameInvalid'));
      else if (keys.has(f.key)) bad(`dt-field-${i}-key`, t('console.types.keyDuplicate'));
      keys.add(f.key);
      if (!f.label.en.trim()) bad(`dt-field-${i}-label-en`, t('field.required'));
    });
    if (Object.keys(found).length) return fail(found);

    const input: NewDocumentTypeInput = {
      code,
      names: compactLocalized(names),
      template,
      matchRules: { name: matchName, dob: matchDob },
      parameters: params.map((p) => ({
        name: p.name,
        label: compactLocalized(p.label),
        ...(p.example.trim() ? { example: p.example.trim() } : {}),
        ...(p.pattern ? { pattern: p.pattern } : {}),
      })),
      fields: fields.map((f) => ({
        key: f.key,
        label: compactLocalized(f.label),
        ...(f.required ? { required: true } : {}),
        ...(f.group.trim() ? { group: f.group.trim() } : {}),
      })),
    };
    setBusy(true);
    try {
      await addDocumentType(orgId, input);
      navigate(`/console/issuers/${pathSegment(orgId)}`, { state: { typeAdded: code } });
    } catch (err) {
      setBusy(false);
      if (isApiError(err) && err.code === 'conflict') return fail({ 'dt-code': { message: t('console.types.exists'), code: err.code } });
      const ids = isApiError(err) ? (err.problem.errors ?? []).map((x) => idForPath(x.path)).filter((id): id is string => !!id) : [];
      if (ids.length) fail(Object.fromEntries(ids.map((id) => [id, { message: t('console.invalidValue'), code: 'validation_failed' }])));
      setFormError({ message: describeError(err, t), code: isApiError(err) ? err.code : 'client_error' });
      if (!ids.length) focusById('dt-error');
    }
  }

  const updateParam = (i: number, patch: Partial<ParamDraft>) => setParams((prev) => prev.map((p, j) => (j === i ? { ...p, ...patch } : p)));
  const updateField = (i: number, patch: Partial<FieldDraft>) => setFields((prev) => prev.map((f, j) => (j === i ? { ...f, ...patch } : f)));

  return (
    <form className="stack" noValidate onSubmit={(ev) => void submit(ev)} data-testid="doctype-form">
      <div id="dt-error" tabIndex={-1}>
        <FormAlert error={formError} />
      </div>
      <TextField
        id="dt-code"
        label={t('console.types.code')}
        hint={t('console.types.codeHint')}
        error={e('dt-code')}
        value={code}
        onChange={(ev) =>
          setCode(
            ev.target.value
              .toUpperCase()
              .replace(/[^A-Z]/g, '')
              .slice(0, 5),
          )
        }
        autoComplete="off"
        autoCapitalize="characters"
        spellCheck={false}
        maxLength={5}
        className="field-code"
      />
      <LocalizedInputs id="dt-name" legend={t('console.types.names')} value={names} onChange={setNames} errors={labelErrors('dt-name')} />
      <SelectField
        id="dt-template"
        label={t('console.types.template')}
        value={template}
        onChange={(ev) => setTemplate(ev.target.value as DocumentTemplate)}
        options={(Object.keys(TEMPLATE_KEYS) as (keyof typeof TEMPLATE_KEYS)[]).map((k) => ({ value: k, label: t(TEMPLATE_KEYS[k]) }))}
      />
      <fieldset className="fieldset stack-sm">
        <legend>{t('console.types.match')}</legend>
        <p className="hint">{t('console.types.matchHint')}</p>
        <Checkbox id="dt-match-name" label={t('console.types.matchName')} checked={matchName} onChange={setMatchName} />
        <Checkbox id="dt-match-dob" label={t('console.types.matchDob')} checked={matchDob} onChange={setMatchDob} />
      </fieldset>

      <section className="stack" aria-labelledby="dt-params-heading">
        <h2 id="dt-params-heading">{t('console.types.parameters')}</h2>
        <p className="hint">{t('console.types.parametersHint')}</p>
        {params.map((p, i) => (
          <fieldset key={p.id} className="fieldset stack-sm" data-testid="dt-param">
            <legend>{t('console.types.parameterN', { n: i + 1 })}</legend>
            <TextField
              id={`dt-param-${i}-name`}
              label={t('console.types.paramName')}
              hint={t('console.types.paramNameHint')}
              error={e(`dt-param-${i}-name`)}
              value={p.name}
              onChange={(ev) => updateParam(i, { name: ev.target.value })}
              autoComplete="off"
              spellCheck={false}
              maxLength={32}
            />
            <LocalizedInputs
              id={`dt-param-${i}-label`}
              legend={t('console.types.label')}
              value={p.label}
              onChange={(label) => updateParam(i, { label })}
              errors={labelErrors(`dt-param-${i}-label`)}
            />
            <TextField
              id={`dt-param-${i}-example`}
              label={t('console.types.example')}
              optional
              error={e(`dt-param-${i}-example`)}
              value={p.example}
              onChange={(ev) => updateParam(i, { example: ev.target.value })}
              autoComplete="off"
              maxLength={100}
            />
            <TextField
              id={`dt-param-${i}-pattern`}
              label={t('console.types.pattern')}
              hint={t('console.types.patternHint', { example: '[0-9]{8}' })}
              optional
              error={e(`dt-param-${i}-pattern`)}
              value={p.pattern}
              onChange={(ev) => updateParam(i, { pattern: ev.target.value })}
              autoComplete="off"
              spellCheck={false}
              maxLength={200}
              className="field-mono"
            />
            <button type="button" className="button button-link" onClick={() => setParams((prev) => prev.filter((_, j) => j !== i))}>
              {t('console.types.removeParameter', { n: i + 1 })}
            </button>
          </fieldset>
        ))}
        <button type="button" className="button button-secondary" onClick={() => setParams((prev) => [...prev, newParam()])} data-testid="dt-add-param">
          {t('console.types.addParameter')}
        </button>
      </section>

      <section className="stack" aria-labelledby="dt-fields-heading">
        <h2 id="dt-fields-heading">{t('console.types.fields')}</h2>
        <p className="hint">{t('console.types.fieldsHint')}</p>
        {fields.map((f, i) => (
          <fieldset key={f.id} className="fieldset stack-sm" data-testid="dt-field">
            <legend>{t('console.types.fieldN', { n: i + 1 })}</legend>
            <TextField
              id={`dt-field-${i}-key`}
              label={t('console.types.fieldKey')}
              hint={t('console.types.paramNameHint')}
              error={e(`dt-field-${i}-key`)}
              value={f.key}
              onChange={(ev) => updateField(i, { key: ev.target.value })}
              autoComplete="off"
              spellCheck={false}
              maxLength={64}
            />
            <LocalizedInputs
              id={`dt-field-${i}-label`}
              legend={t('console.types.label')}
              value={f.label}
              onChange={(label) => updateField(i, { label })}
              errors={labelErrors(`dt-field-${i}-label`)}
            />
            <TextField
              id={`dt-field-${i}-group`}
              label={t('console.types.group')}
              hint={t('console.types.groupHint')}
              optional
              error={e(`dt-field-${i}-group`)}
              value={f.group}
              onChange={(ev) => updateField(i, { group: ev.target.value })}
              autoComplete="off"
              maxLength={40}
            />
            <Checkbox
              id={`dt-field-${i}-required`}
              label={t('console.types.required')}
              checked={f.required}
              onChange={(required) => updateField(i, { required })}
            />
            <button type="button" className="button button-link" onClick={() => setFields((prev) => prev.filter((_, j) => j !== i))}>
              {t('console.types.removeField', { n: i + 1 })}
            </button>
          </fieldset>
        ))}
        <button type="button" className="button button-secondary" onClick={() => setFields((prev) => [...prev, newField()])} data-testid="dt-add-field">
          {t('console.types.addField')}
        </button>
      </section>

      <div className="actions">
        <button type="submit" className="button button-primary" disabled={busy} aria-busy={busy || undefined} data-testid="dt-submit">
          {t('console.types.submit')}
        </button>
      </div>
    </form>
  );
}

/** /console/issuers/:orgId/document-types/new — define what a document holds and how to pull it. */
export function DocumentTypeFormPage() {
  const { t } = useI18n();
  const orgId = fromPathSegment(useParams().orgId);
  return (
    <RequireRole role="operator">
      <div className="narrow stack">
        <Link to={`/console/issuers/${pathSegment(orgId)}`} className="back-link">
          <span aria-hidden="true">← </span>
          <span className="mono">{orgId}</span>
        </Link>
        <PageHeading title={t('console.types.add')}>{t('console.types.add')}</PageHeading>
        <p>{t('console.types.intro')}</p>
        <section className="card">
          <DocumentTypeForm orgId={orgId} />
        </section>
      </div>
    </RequireRole>
  );
}
