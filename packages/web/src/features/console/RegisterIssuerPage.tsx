import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { isApiError } from '../../api/client';
import { registerIssuer } from '../../api/directory';
import type { NewIssuerInput } from '../../api/types';
import { FormAlert } from '../../components/FormAlert';
import type { ShownError } from '../../components/form-errors';
import { PageHeading } from '../../components/PageHeading';
import { SelectField } from '../../components/SelectField';
import { TextField } from '../../components/TextField';
import { describeError } from '../../i18n/api-errors';
import { useI18n } from '../../i18n/i18n-context';
import { focusById } from '../../lib/focus';
import { pathSegment } from '../../lib/path-segment';
import { RequireRole } from './ConsoleLayout';
import { compactLocalized, emptyLocalized, LocalizedInputs } from './LocalizedInputs';

const ORG_ID = /^[a-z][a-z0-9-]*(\.[a-z0-9-]+)+$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const PATHS: Record<string, string> = {
  '/body/orgId': 'issuer-org-id',
  '/body/names/en': 'issuer-name-en',
  '/body/names/hi': 'issuer-name-hi',
  '/body/names/gu': 'issuer-name-gu',
  '/body/category': 'issuer-category',
  '/body/state': 'issuer-state',
  '/body/contactEmail': 'issuer-email',
  '/body/contactPhone': 'issuer-phone',
  '/body/endpointUrl': 'issuer-endpoint',
};

function RegisterIssuerForm() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [orgId, setOrgId] = useState('');
  const [names, setNames] = useState(emptyLocalized);
  const [category, setCategory] = useState('');
  const [state, setState] = useState('');
  const [email, setEmail] = useState('');
  const [phone, setPhone] = useState('');
  const [pullMode, setPullMode] = useState<'none' | 'hosted' | 'remote'>('hosted');
  const [endpointUrl, setEndpointUrl] = useState('');
  const [signingAlg, setSigningAlg] = useState<'EdDSA' | 'ES256'>('EdDSA');
  const [errors, setErrors] = useState<Record<string, ShownError>>({});
  const [formError, setFormError] = useState<ShownError | null>(null);
  const [busy, setBusy] = useState(false);

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
    if (!ORG_ID.test(orgId.trim())) bad('issuer-org-id', t('console.register.orgIdInvalid'));
    if (!names.en.trim()) bad('issuer-name-en', t('field.required'));
    if (category.trim().length < 2) bad('issuer-category', t('field.required'));
    if (email.trim() && !EMAIL.test(email.trim())) bad('issuer-email', t('console.register.emailInvalid'));
    if (pullMode === 'remote') {
      try {
        const u = new URL(endpointUrl.trim());
        if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Error('protocol');
      } catch {
        bad('issuer-endpoint', t('console.register.urlInvalid'));
      }
    }
    if (Object.keys(found).length) return fail(found);

    const input: NewIssuerInput = {
      orgId: orgId.trim(),
      names: compactLocalized(names),
      category: category.trim(),
      ...(state.trim() ? { state: state.trim() } : {}),
      ...(email.trim() ? { contactEmail: email.trim() } : {}),
      ...(phone.trim() ? { contactPhone: phone.trim() } : {}),
      pullMode,
      ...(pullMode === 'remote' ? { endpointUrl: endpointUrl.trim() } : {}),
      signingAlg,
    };
    setBusy(true);
    try {
      const created = await registerIssuer(input);
      navigate(`/console/issuers/${pathSegment(created.orgId)}`, { state: { created: true } });
    } catch (err) {
      setBusy(false);
      if (isApiError(err) && err.code === 'conflict') return fail({ 'issuer-org-id': { message: t('console.register.exists'), code: err.code } });
      const ids = isApiError(err) ? (err.problem.errors ?? []).map((e) => PATHS[e.path]).filter((id): id is string => !!id) : [];
      if (ids.length) fail(Object.fromEntries(ids.map((id) => [id, { message: t('console.invalidValue'), code: 'validation_failed' }])));
      setFormError({ message: describeError(err, t), code: isApiError(err) ? err.code : 'client_error' });
      if (!ids.length) focusById('register-error');
    }
  }

  return (
    <form className="stack" noValidate onSubmit={(e) => void submit(e)} data-testid="register-issuer-form">
      <div id="register-error" tabIndex={-1}>
        <FormAlert error={formError} />
      </div>
      <TextField
        id="issuer-org-id"
        label={t('console.register.orgId')}
        hint={t('console.register.orgIdHint')}
        error={errors['issuer-org-id']}
        value={orgId}
        onChange={(e) => setOrgId(e.target.value.toLowerCase())}
        autoComplete="off"
        autoCapitalize="none"
        spellCheck={false}
        maxLength={100}
      />
      <LocalizedInputs
        id="issuer-name"
        legend={t('console.register.names')}
        value={names}
        onChange={setNames}
        errors={{ en: errors['issuer-name-en'], hi: errors['issuer-name-hi'], gu: errors['issuer-name-gu'] }}
      />
      <TextField
        id="issuer-category"
        label={t('console.register.category')}
        hint={t('console.register.categoryHint')}
        error={errors['issuer-category']}
        value={category}
        onChange={(e) => setCategory(e.target.value)}
        maxLength={50}
      />
      <TextField
        id="issuer-state"
        label={t('pull.search.state')}
        hint={t('console.register.stateHint')}
        optional
        error={errors['issuer-state']}
        value={state}
        onChange={(e) => setState(e.target.value)}
        maxLength={50}
      />
      <TextField
        id="issuer-email"
        label={t('console.register.email')}
        optional
        type="email"
        error={errors['issuer-email']}
        value={email}
        onChange={(e) => setEmail(e.target.value)}
        maxLength={200}
        autoComplete="off"
      />
      <TextField
        id="issuer-phone"
        label={t('console.register.phone')}
        optional
        type="tel"
        error={errors['issuer-phone']}
        value={phone}
        onChange={(e) => setPhone(e.target.value)}
        maxLength={20}
        autoComplete="off"
      />
      <SelectField
        id="issuer-pull-mode"
        label={t('console.register.pullMode')}
        value={pullMode}
        onChange={(e) => setPullMode(e.target.value as 'none' | 'hosted' | 'remote')}
        options={[
          { value: 'hosted', label: t('console.pullMode.hosted') },
          { value: 'remote', label: t('console.pullMode.remote') },
          { value: 'none', label: t('console.pullMode.none') },
        ]}
      />
      {pullMode === 'remote' && (
        <TextField
          id="issuer-endpoint"
          label={t('console.register.endpoint')}
          hint={t('console.register.endpointHint')}
          error={errors['issuer-endpoint']}
          value={endpointUrl}
          onChange={(e) => setEndpointUrl(e.target.value)}
          type="url"
          autoComplete="off"
          maxLength={500}
        />
      )}
      <SelectField
        id="issuer-signing-alg"
        label={t('console.register.signingAlg')}
        value={signingAlg}
        onChange={(e) => setSigningAlg(e.target.value as 'EdDSA' | 'ES256')}
        options={[
          { value: 'EdDSA', label: 'Ed25519 (EdDSA)' },
          { value: 'ES256', label: 'P-256 (ES256)' },
        ]}
      />
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={busy} aria-busy={busy || undefined} data-testid="register-issuer-submit">
          {t('console.register.submit')}
        </button>
      </div>
    </form>
  );
}

/** /console/issuers/new — an operator adds an issuer to the directory. */
export function RegisterIssuerPage() {
  const { t } = useI18n();
  return (
    <RequireRole role="operator">
      <div className="narrow stack">
        <PageHeading title={t('console.register.title')}>{t('console.register.title')}</PageHeading>
        <p>{t('console.register.intro')}</p>
        <section className="card">
          <RegisterIssuerForm />
        </section>
      </div>
    </RequireRole>
  );
}
