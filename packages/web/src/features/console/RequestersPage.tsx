import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { isApiError } from '../../api/client';
import {
  listRequesters,
  registerRequester,
  rotateRequesterSecret,
  setRequesterLogo,
  setRequesterStatus,
  setVerifiedMobileTrust,
  type NewRequester,
  type Requester,
} from '../../api/requesters';
import { CopyButton } from '../../components/CopyButton';
import { FormAlert } from '../../components/FormAlert';
import type { ShownError } from '../../components/form-errors';
import { Loading } from '../../components/Layout';
import { PageHeading } from '../../components/PageHeading';
import { TextArea } from '../../components/TextArea';
import { TextField } from '../../components/TextField';
import { describeError } from '../../i18n/api-errors';
import { useI18n } from '../../i18n/i18n-context';
import { RequireRole } from './ConsoleLayout';
import { compactLocalized, emptyLocalized, LocalizedInputs } from './LocalizedInputs';

const SCOPES = [
  'openid',
  'userdetails',
  'files.issueddocs',
  'files.uploadeddocs',
  'files.upload',
  'pull',
  'eaadhaar',
  'account.verify',
  'device.flow',
  'signup.demoauth',
] as const satisfies readonly NewRequester['scopes'][number][];
type Scope = (typeof SCOPES)[number];

interface Credentials {
  clientId: string;
  /** None for a requester registered with a public key (private_key_jwt). */
  clientSecret?: string;
}

/** A client id and secret, shown once after registration or rotation (a key client has only its id). */
function SecretOnce({ clientId, clientSecret }: Credentials) {
  const { t } = useI18n();
  return (
    <section className="card stack-sm" role="status" data-testid="requester-secret">
      <h2>{t('console.requesters.secretHeading')}</h2>
      <p>{clientSecret ? t('console.requesters.secretHelp') : t('console.requesters.keyHelp')}</p>
      <p className="mono">
        client_id: <span data-testid="requester-client-id">{clientId}</span>
      </p>
      {clientSecret && (
        <p className="mono">
          client_secret: <span data-testid="requester-client-secret">{clientSecret}</span>{' '}
          <CopyButton text={clientSecret} label={t('console.requesters.copySecret')} />
        </p>
      )}
    </section>
  );
}

/** The public JWK pasted by the operator, or null when it is not a JSON object. */
function parseJwk(text: string): NewRequester['publicJwk'] | null {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as NewRequester['publicJwk']) : null;
  } catch {
    return null;
  }
}

function RegisterForm({ onRegistered }: { onRegistered(credentials: Credentials): void }) {
  const { t } = useI18n();
  const [names, setNames] = useState(emptyLocalized);
  const [purpose, setPurpose] = useState(emptyLocalized);
  const [redirects, setRedirects] = useState('');
  const [scopes, setScopes] = useState<Set<Scope>>(new Set(['openid', 'userdetails', 'files.issueddocs']));
  const [docTypes, setDocTypes] = useState('');
  const [days, setDays] = useState('30');
  const [auth, setAuth] = useState<'secret' | 'key'>('secret');
  const [jwk, setJwk] = useState('');
  const [error, setError] = useState<ShownError | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setError(null);
    const publicJwk = auth === 'key' ? parseJwk(jwk) : undefined;
    if (publicJwk === null) {
      setError({ message: t('console.requesters.jwkInvalid'), code: 'register_failed' });
      return;
    }
    setBusy(true);
    try {
      const created = await registerRequester({
        names: compactLocalized(names),
        purpose: compactLocalized(purpose),
        redirectUris: redirects
          .split('\n')
          .map((s) => s.trim())
          .filter(Boolean),
        scopes: [...scopes],
        docTypes: docTypes.split(/[\s,]+/).filter(Boolean),
        consentDays: Number(days),
        ...(publicJwk ? { publicJwk } : {}),
      });
      onRegistered(created);
      setNames(emptyLocalized());
      setPurpose(emptyLocalized());
      setRedirects('');
      setJwk('');
    } catch (err) {
      setError({ message: isApiError(err) ? err.message : describeError(err, t), code: 'register_failed' });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card stack" noValidate onSubmit={(e) => void submit(e)} aria-labelledby="requester-register-heading">
      <h2 id="requester-register-heading">{t('console.requesters.register')}</h2>
      <FormAlert error={error} testId="requester-register-error" />
      <LocalizedInputs id="requester-name" legend={t('console.requesters.name')} value={names} onChange={setNames} />
      <LocalizedInputs id="requester-purpose" legend={t('console.requesters.purpose')} value={purpose} onChange={setPurpose} />
      <TextArea
        id="requester-redirects"
        label={t('console.requesters.redirects')}
        hint={t('console.requesters.redirectsHint')}
        value={redirects}
        onChange={(e) => setRedirects(e.target.value)}
        rows={3}
      />
      <fieldset className="fieldset stack-sm">
        <legend>{t('console.requesters.scopes')}</legend>
        {SCOPES.map((s) => (
          <label key={s} className="checkbox">
            <input
              type="checkbox"
              checked={scopes.has(s)}
              onChange={(e) =>
                setScopes((prev) => {
                  const next = new Set(prev);
                  if (e.target.checked) next.add(s);
                  else next.delete(s);
                  return next;
                })
              }
            />{' '}
            <span className="mono">{s}</span>
          </label>
        ))}
      </fieldset>
      <TextField
        id="requester-doctypes"
        label={t('console.requesters.docTypes')}
        hint={t('console.requesters.docTypesHint')}
        optional
        value={docTypes}
        onChange={(e) => setDocTypes(e.target.value)}
      />
      <TextField
        id="requester-days"
        label={t('console.requesters.days')}
        inputMode="numeric"
        value={days}
        onChange={(e) => setDays(e.target.value.replace(/\D/g, '').slice(0, 3))}
      />
      <fieldset className="fieldset stack-sm">
        <legend>{t('console.requesters.auth')}</legend>
        <label className="checkbox">
          <input type="radio" name="requester-auth" checked={auth === 'secret'} onChange={() => setAuth('secret')} data-testid="requester-auth-secret" />{' '}
          {t('console.requesters.authSecret')}
        </label>
        <label className="checkbox">
          <input type="radio" name="requester-auth" checked={auth === 'key'} onChange={() => setAuth('key')} data-testid="requester-auth-key" />{' '}
          {t('console.requesters.authKey')}
        </label>
      </fieldset>
      {auth === 'key' && (
        <TextArea
          id="requester-jwk"
          label={t('console.requesters.jwk')}
          hint={t('console.requesters.jwkHint')}
          value={jwk}
          onChange={(e) => setJwk(e.target.value)}
          rows={5}
        />
      )}
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={busy} data-testid="requester-register-submit">
          {t('console.requesters.registerSubmit')}
        </button>
      </div>
    </form>
  );
}

function Requesters() {
  const { t } = useI18n();
  const [list, setList] = useState<Requester[] | null>(null);
  const [error, setError] = useState<ShownError | null>(null);
  const [secret, setSecret] = useState<Credentials | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setList((await listRequesters()).requesters);
    } catch (err) {
      setError({ message: describeError(err, t), code: 'load_failed' });
    }
  }, [t]);
  useEffect(() => {
    void load();
  }, []);

  async function act(clientId: string, run: () => Promise<unknown>) {
    setBusy(clientId);
    setError(null);
    try {
      await run();
      await load();
    } catch (err) {
      setError({ message: describeError(err, t), code: 'action_failed' });
    } finally {
      setBusy(null);
    }
  }

  return (
    <div className="stack">
      <PageHeading title={t('console.requesters.title')}>{t('console.requesters.title')}</PageHeading>
      <p>{t('console.requesters.intro')}</p>
      {secret && <SecretOnce {...secret} />}
      <FormAlert error={error} testId="requesters-error" />
      {list === null ? (
        !error && <Loading />
      ) : (
        <ul className="session-list" role="list" data-testid="requester-list">
          {list.map((r) => (
            <li key={r.id} className="card stack-sm" data-testid="requester" data-status={r.status}>
              <p className="session-device">
                {r.logoUrl && <img className="requester-logo" src={r.logoUrl} alt={r.names.en} data-testid="requester-logo" />}
                <span>{r.names.en}</span>{' '}
                <span className="badge">{r.status === 'active' ? t('console.requesters.active') : t('console.requesters.suspended')}</span>
              </p>
              <p className="small">{r.purpose.en}</p>
              <p className="small mono">
                {r.clientId} · {r.authMethod} · {r.scopes.join(' ')} · {r.redirectUris.join(' ')}
              </p>
              <div className="actions">
                <button
                  type="button"
                  className={`button button-small ${r.status === 'active' ? 'button-danger' : 'button-secondary'}`}
                  disabled={busy !== null}
                  onClick={() => void act(r.clientId, () => setRequesterStatus(r.clientId, r.status === 'active' ? 'suspend' : 'resume'))}
                  data-testid="requester-toggle"
                >
                  {r.status === 'active' ? t('console.requesters.suspend') : t('console.requesters.resume')}
                </button>
                {r.authMethod === 'client_secret' && (
                  <button
                    type="button"
                    className="button button-small button-secondary"
                    disabled={busy !== null}
                    onClick={() => void act(r.clientId, async () => setSecret(await rotateRequesterSecret(r.clientId)))}
                    data-testid="requester-rotate"
                  >
                    {t('console.requesters.rotate')}
                  </button>
                )}
                <label className="checkbox small">
                  <input
                    type="checkbox"
                    checked={r.trustVerifiedMobile}
                    disabled={busy !== null}
                    data-testid="requester-trust-mobile"
                    onChange={(e) => {
                      const trusted = e.currentTarget.checked;
                      void act(r.clientId, () => setVerifiedMobileTrust(r.clientId, trusted));
                    }}
                  />{' '}
                  {t('console.requesters.trustMobile')}
                </label>
                <label className="small">
                  {t('console.requesters.logo')}{' '}
                  <input
                    type="file"
                    accept="image/png,image/jpeg"
                    disabled={busy !== null}
                    data-testid="requester-logo-input"
                    onChange={(e) => {
                      const file = e.currentTarget.files?.[0];
                      if (file) void act(r.clientId, () => setRequesterLogo(r.clientId, file));
                    }}
                  />
                </label>
              </div>
            </li>
          ))}
        </ul>
      )}
      <RegisterForm
        onRegistered={(created) => {
          setSecret(created);
          void load();
        }}
      />
    </div>
  );
}

/** /console/requesters: the operator's requester directory. */
export function RequestersPage() {
  return (
    <RequireRole role="operator">
      <Requesters />
    </RequireRole>
  );
}
