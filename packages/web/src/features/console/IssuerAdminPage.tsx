import { useState, type FormEvent } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { isApiError } from '../../api/client';
import { createCredential, jwksUrl, rotateKeys } from '../../api/directory';
import type { NewCredential } from '../../api/types';
import { ConfirmedAction } from '../../components/ConfirmedAction';
import { CopyButton } from '../../components/CopyButton';
import { FormAlert, StatusMessage } from '../../components/FormAlert';
import type { ShownError } from '../../components/form-errors';
import { Loading } from '../../components/Layout';
import { PageHeading } from '../../components/PageHeading';
import { RadioGroup } from '../../components/RadioGroup';
import { TextField } from '../../components/TextField';
import { describeError } from '../../i18n/api-errors';
import { categoryName } from '../../i18n/categories';
import { useI18n } from '../../i18n/i18n-context';
import { localizedLang, pickLocalized } from '../../i18n/localized';
import { stateName } from '../../i18n/places';
import { focusById } from '../../lib/focus';
import { fromPathSegment, pathSegment } from '../../lib/path-segment';
import { RequireRole } from './ConsoleLayout';
import { DocumentTypeList } from './DocumentTypeList';
import { CredentialListCard } from './CredentialListCard';
import { IssuerSettingsCard } from './IssuerSettingsCard';
import { IssuerStatsCard } from './IssuerStatsCard';
import { pullModeKey } from './labels';
import { useIssuer } from './use-issuer';

function Credentials({ orgId }: { orgId: string }) {
  const { t } = useI18n();
  const [kind, setKind] = useState<'api_key' | 'digilocker'>('api_key');
  const [label, setLabel] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);
  const [fieldError, setFieldError] = useState<ShownError | null>(null);
  const [created, setCreated] = useState<NewCredential | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setError(null);
    setFieldError(null);
    if (!label.trim()) {
      setFieldError({ message: t('field.required'), code: 'required' });
      focusById('credential-label');
      return;
    }
    setBusy(true);
    try {
      setCreated(await createCredential(orgId, { kind, label: label.trim() }));
      setLabel('');
      focusById('credential-secret-heading');
    } catch (err) {
      setError({ message: describeError(err, t), code: isApiError(err) ? err.code : 'client_error' });
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <section className="card stack" aria-labelledby="credentials-heading">
        <h2 id="credentials-heading">{t('console.credentials.heading')}</h2>
        <p>{t('console.credentials.intro')}</p>
        {created && (
          <div className="secret-once stack-sm" data-testid="credential-created" data-kind={created.kind}>
            <h3 id="credential-secret-heading" tabIndex={-1}>
              {t('console.credentials.created')}
            </h3>
            <p className="alert alert-warning" role="note">
              <strong>{t('console.credentials.warning')}</strong>
            </p>
            <dl className="details">
              <div>
                <dt>{t('console.credentials.clientId')}</dt>
                <dd className="mono" data-testid="credential-client-id">
                  {created.clientId}
                </dd>
              </div>
              <div>
                <dt>{created.kind === 'api_key' ? t('console.credentials.apiKey') : t('console.credentials.secret')}</dt>
                <dd className="mono secret-value" data-testid="credential-secret">
                  {created.secret}
                </dd>
              </div>
            </dl>
            <div className="actions">
              <CopyButton text={created.secret} label={t('console.credentials.copy')} testId="credential-copy" />
              <button type="button" className="button button-link" onClick={() => setCreated(null)}>
                {t('console.credentials.done')}
              </button>
            </div>
          </div>
        )}
        <form className="stack" noValidate onSubmit={(e) => void submit(e)} data-testid="credential-form">
          <FormAlert error={error} testId="credential-error" />
          <RadioGroup
            name="credential-kind"
            legend={t('console.credentials.kind')}
            value={kind}
            onChange={setKind}
            options={[
              { value: 'api_key', label: t('console.credentials.kindApiKey'), hint: t('console.credentials.kindApiKeyHint') },
              { value: 'digilocker', label: t('console.credentials.kindDigilocker'), hint: t('console.credentials.kindDigilockerHint') },
            ]}
          />
          <TextField
            id="credential-label"
            label={t('console.credentials.label')}
            hint={t('console.credentials.labelHint')}
            error={fieldError}
            value={label}
            onChange={(e) => setLabel(e.target.value)}
            maxLength={100}
            autoComplete="off"
          />
          <div className="actions">
            <button type="submit" className="button button-primary" disabled={busy} aria-busy={busy || undefined} data-testid="credential-submit">
              {t('console.credentials.create')}
            </button>
          </div>
        </form>
      </section>
      <CredentialListCard orgId={orgId} refreshKey={created?.id} />
    </>
  );
}

function SigningKeys({ orgId }: { orgId: string }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [rotated, setRotated] = useState<{ kid: string; alg: string } | null>(null);
  const [error, setError] = useState<ShownError | null>(null);

  async function rotate(): Promise<boolean> {
    setBusy(true);
    setError(null);
    try {
      setRotated(await rotateKeys(orgId));
      focusById('keys-heading');
      return true;
    } catch (err) {
      setError({ message: describeError(err, t), code: isApiError(err) ? err.code : 'client_error' });
      return false;
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card stack" aria-labelledby="keys-heading">
      <h2 id="keys-heading" tabIndex={-1}>
        {t('console.keys.heading')}
      </h2>
      <p>{t('console.keys.intro')}</p>
      <StatusMessage message={rotated ? t('console.keys.rotated', { kid: rotated.kid, alg: rotated.alg }) : null} testId="keys-rotated" />
      <FormAlert error={error} testId="keys-error" />
      <ul className="link-list" role="list">
        <li>
          <a href={jwksUrl(orgId)} data-testid="console-jwks">
            {t('console.keys.jwks')}
          </a>
        </li>
        <li>
          <a href={`/issuers/${encodeURIComponent(orgId)}/did.json`}>{t('console.keys.did')}</a>
        </li>
      </ul>
      <ConfirmedAction
        label={t('console.keys.rotate')}
        question={t('console.keys.confirm')}
        confirmLabel={t('console.keys.rotateNow')}
        busy={busy}
        onConfirm={rotate}
        testId="keys-rotate"
      />
    </section>
  );
}

/** /console/issuers/:orgId — an operator's view of one issuer. */
export function IssuerAdminPage() {
  return (
    <RequireRole role="operator">
      <IssuerAdmin />
    </RequireRole>
  );
}

function IssuerAdmin() {
  const { t, lang } = useI18n();
  const orgId = fromPathSegment(useParams().orgId);
  const location = useLocation();
  const state = location.state as { created?: boolean; typeAdded?: string } | null;
  const { issuer, failure, reload } = useIssuer(orgId);

  if (failure) {
    return (
      <div className="stack">
        <PageHeading title={t('console.issuer.notFound')}>{t('console.issuer.notFound')}</PageHeading>
        <FormAlert
          error={{
            message: isApiError(failure) && failure.status === 404 ? t('console.issuer.notFound') : describeError(failure, t),
            code: isApiError(failure) ? failure.code : 'load_failed',
          }}
        />
        <Link to="/console">{t('console.nav.directory')}</Link>
      </div>
    );
  }
  if (!issuer) return <Loading />;
  const name = pickLocalized(issuer.names, lang);
  return (
    <div className="stack" data-testid="issuer-admin" data-org-id={issuer.orgId}>
      <Link to="/console" className="back-link">
        <span aria-hidden="true">← </span>
        {t('console.nav.directory')}
      </Link>
      <StatusMessage
        message={state?.created ? t('console.register.done') : state?.typeAdded ? t('console.types.added', { code: state.typeAdded }) : null}
        testId="issuer-admin-status"
      />
      <PageHeading title={name}>
        <span lang={localizedLang(issuer.names, lang)}>{name}</span>
      </PageHeading>
      <section className="card stack-sm" aria-labelledby="issuer-details">
        <h2 id="issuer-details">{t('console.issuer.details')}</h2>
        <dl className="details">
          <div>
            <dt>{t('console.register.orgId')}</dt>
            <dd className="mono">{issuer.orgId}</dd>
          </div>
          {(['en', 'hi', 'gu'] as const).map((l) =>
            issuer.names[l] ? (
              <div key={l}>
                <dt>{t(`console.lang.${l}`)}</dt>
                <dd lang={l}>{issuer.names[l]}</dd>
              </div>
            ) : null,
          )}
          <div>
            <dt>{t('console.register.category')}</dt>
            <dd>{categoryName(issuer.category, t)}</dd>
          </div>
          {issuer.state && (
            <div>
              <dt>{t('pull.search.state')}</dt>
              <dd>{stateName(issuer.state, lang)}</dd>
            </div>
          )}
          <div>
            <dt>{t('console.register.pullMode')}</dt>
            <dd>{t(pullModeKey(issuer.pullMode))}</dd>
          </div>
          {issuer.contactEmail && (
            <div>
              <dt>{t('console.register.email')}</dt>
              <dd>{issuer.contactEmail}</dd>
            </div>
          )}
          {issuer.contactPhone && (
            <div>
              <dt>{t('console.register.phone')}</dt>
              <dd>{issuer.contactPhone}</dd>
            </div>
          )}
        </dl>
      </section>
      <IssuerSettingsCard issuer={issuer} onChanged={reload} />
      <IssuerStatsCard orgId={issuer.orgId} />
      <section className="card stack-sm" aria-labelledby="types-heading">
        <h2 id="types-heading">{t('console.types.heading')}</h2>
        <DocumentTypeList types={issuer.documentTypes} />
        <p>
          <Link to={`/console/issuers/${pathSegment(issuer.orgId)}/document-types/new`} className="button button-secondary" data-testid="add-doctype">
            {t('console.types.add')}
          </Link>
        </p>
      </section>
      <Credentials orgId={issuer.orgId} />
      <SigningKeys orgId={issuer.orgId} />
    </div>
  );
}
