import { useEffect, useState, type FormEvent } from 'react';
import { useParams } from 'react-router';
import { isApiError } from '../../api/client';
import { confirmConsentRequest, denyConsentRequest, getConsentRequest, verifyConsentRequest, type ConsentRequest, type DriveGrant } from '../../api/consents';
import type { Challenge } from '../../api/types';
import { FormAlert } from '../../components/FormAlert';
import { useFormErrors, type ShownError } from '../../components/form-errors';
import { Loading } from '../../components/Layout';
import { OtpFormActions } from '../../components/OtpFormActions';
import { PageHeading } from '../../components/PageHeading';
import { OtpField, PinField, ShowSecretToggle } from '../../components/SecretFields';
import { describeError } from '../../i18n/api-errors';
import { useI18n } from '../../i18n/i18n-context';
import type { MessageKey } from '../../i18n/translation';
import { isSixDigits } from '@tijori/rules';
import { focusById } from '../../lib/focus';
import { DrivePicker, type DrivePick } from './DrivePicker';
import { UploadRequested, type UploadedCopy } from './UploadRequested';

const FIELD_KEYS: Record<string, MessageKey & `consent.field.${string}`> = {
  name: 'consent.field.name',
  dob: 'consent.field.dob',
  gender: 'consent.field.gender',
};
const TERMINAL = new Set(['otp_locked', 'otp_expired', 'otp_used', 'challenge_not_found']);

/**
 * The consent screen a requester sends the resident to: who asks, why, which profile fields and
 * documents, until when. The resident picks documents, confirms with the PIN, then with an OTP
 * sent for this consent only, and is sent back to the requester.
 */
export function ConsentPage() {
  const { id = '' } = useParams();
  const { t, format } = useI18n();
  const [request, setRequest] = useState<ConsentRequest | null>(null);
  const [loadError, setLoadError] = useState<ShownError | null>(null);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [drivePick, setDrivePick] = useState<DrivePick>({ files: new Set(), folders: new Set() });
  const [copies, setCopies] = useState<Record<string, UploadedCopy>>({});
  const [pin, setPin] = useState('');
  const [show, setShow] = useState(false);
  const [otp, setOtp] = useState('');
  const [challenge, setChallenge] = useState<Challenge | null>(null);
  const [busy, setBusy] = useState(false);
  const [dead, setDead] = useState(false);
  const errors = useFormErrors<'pin' | 'otp'>();

  useEffect(() => {
    getConsentRequest(id)
      .then((r) => {
        setRequest(r);
        setChosen(new Set(r.documents.map((d) => d.uri)));
      })
      .catch((err: unknown) => setLoadError({ message: describeError(err, t), code: 'load_failed' }));
  }, [id]);

  const leave = (to: string) => window.location.assign(to);

  async function confirm(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    errors.clear();
    if (!isSixDigits(pin)) {
      errors.setField('pin', t('field.pin.invalid'));
      focusById('consent-pin');
      return;
    }
    setBusy(true);
    try {
      setChallenge(await confirmConsentRequest(id, pin, [...chosen], driveGrant()));
      setDead(false);
      focusById('consent-otp');
    } catch (err) {
      setPin('');
      errors.fromApi(err, { paths: { '/body/pin': 'pin' }, invalid: { pin: 'field.pin.invalid' }, codes: { invalid_credentials: 'pin' } });
    } finally {
      setBusy(false);
    }
  }

  /** What of the drive is shared: the picked files and folders and the copies uploaded for asked types; none when nothing was asked. */
  function driveGrant(): DriveGrant | undefined {
    const uploaded = Object.values(copies).map((c) => c.id);
    if (!request?.drive && uploaded.length === 0) return undefined;
    return { files: [...new Set([...drivePick.files, ...uploaded])], folders: [...drivePick.folders] };
  }

  async function verify(event: FormEvent) {
    event.preventDefault();
    if (busy || dead || !challenge) return;
    errors.clear();
    if (!isSixDigits(otp)) {
      errors.setField('otp', t('field.otp.invalid'));
      focusById('consent-otp');
      return;
    }
    setBusy(true);
    try {
      leave((await verifyConsentRequest(id, challenge.challengeId, otp)).redirectTo);
    } catch (err) {
      setBusy(false);
      if (isApiError(err) && TERMINAL.has(err.code)) setDead(true);
      const field = errors.fromApi(err, { paths: { '/body/otp': 'otp' }, invalid: { otp: 'field.otp.invalid' }, codes: { otp_wrong: 'otp' } });
      if (field === 'otp') setOtp('');
    }
  }

  async function deny() {
    setBusy(true);
    try {
      leave((await denyConsentRequest(id)).redirectTo);
    } catch (err) {
      setBusy(false);
      setLoadError({ message: describeError(err, t), code: 'deny_failed' });
    }
  }

  if (loadError && !request) {
    return (
      <div className="stack">
        <PageHeading title={t('consent.title')}>{t('consent.title')}</PageHeading>
        <FormAlert error={loadError} testId="consent-error" />
      </div>
    );
  }
  if (!request) return <Loading />;

  const askedFiles = request.scopes.includes('files.issueddocs');
  return (
    <div className="stack" data-testid="consent-page">
      <PageHeading title={t('consent.title')} id="consent-heading">
        {t('consent.heading', { requester: request.requester.name })}
      </PageHeading>
      <section className="card stack-sm" aria-labelledby="consent-who">
        <div className="requester-who">
          {request.requester.logoUrl && (
            <img className="requester-logo" src={request.requester.logoUrl} alt={request.requester.name} data-testid="consent-logo" width={48} height={48} />
          )}
          <h2 id="consent-who" data-testid="consent-requester">
            {request.requester.name}
          </h2>
        </div>
        <dl className="meta small">
          <div>
            <dt>{t('consent.purpose')}</dt>
            <dd data-testid="consent-purpose">{request.requester.purpose}</dd>
          </div>
          <div>
            <dt>{t('consent.returnsTo')}</dt>
            <dd className="mono">{request.redirectHost}</dd>
          </div>
          <div>
            <dt>{t('consent.validUntil')}</dt>
            <dd>
              <time dateTime={request.validUntil}>{format.dateTime(request.validUntil)}</time>
            </dd>
          </div>
        </dl>
        {request.profileFields.length > 0 && (
          <p>
            {t('consent.profile')} {request.profileFields.map((f) => (FIELD_KEYS[f] ? t(FIELD_KEYS[f]) : f)).join(', ')}
          </p>
        )}
        {request.scopes.includes('files.uploadeddocs') && <p data-testid="consent-drive-read">{t('consent.driveRead')}</p>}
        {request.scopes.includes('files.upload') && <p data-testid="consent-drive-write">{t('consent.driveWrite')}</p>}
        {request.scopes.includes('pull') && <p data-testid="consent-pull">{t('consent.pull')}</p>}
        {request.scopes.includes('eaadhaar') && <p data-testid="consent-eaadhaar">{t('consent.eaadhaar')}</p>}
      </section>
      <FormAlert error={loadError ?? errors.form} testId="consent-error" />
      {!challenge ? (
        <form className="stack" noValidate onSubmit={(e) => void confirm(e)}>
          {askedFiles && (
            <fieldset className="stack-sm">
              <legend>{t('consent.documents')}</legend>
              {request.documents.length === 0 && request.missingDocTypes.length === 0 && <p data-testid="consent-no-documents">{t('consent.noDocuments')}</p>}
              {request.documents.map((d) => (
                <label key={d.uri} className="checkbox">
                  <input
                    type="checkbox"
                    checked={chosen.has(d.uri)}
                    data-testid="consent-document"
                    value={d.uri}
                    onChange={(e) =>
                      setChosen((prev) => {
                        const next = new Set(prev);
                        if (e.target.checked) next.add(d.uri);
                        else next.delete(d.uri);
                        return next;
                      })
                    }
                  />{' '}
                  {d.name} — {d.issuer.name}
                </label>
              ))}
            </fieldset>
          )}
          {request.missingDocTypes.map((m) => (
            <UploadRequested
              key={m.docType}
              missing={m}
              copy={copies[m.docType]}
              onUploaded={(copy) => setCopies((prev) => ({ ...prev, [m.docType]: copy }))}
            />
          ))}
          {request.drive && <DrivePicker drive={request.drive} pick={drivePick} onChange={setDrivePick} />}
          <PinField id="consent-pin" label={t('consent.pin')} value={pin} onChange={setPin} error={errors.fields.pin} visible={show} isNew={false} />
          <ShowSecretToggle id="consent-show-pin" label={t('common.showPin')} checked={show} onChange={setShow} />
          <div className="actions">
            <button type="submit" className="button button-primary" disabled={busy} data-testid="consent-allow">
              {t('consent.allow')}
            </button>
            <button type="button" className="button button-secondary" disabled={busy} onClick={() => void deny()} data-testid="consent-deny">
              {t('consent.deny')}
            </button>
          </div>
        </form>
      ) : (
        <form className="stack" noValidate onSubmit={(e) => void verify(e)}>
          <p>
            {t('otp.sentTo', { mobile: challenge.maskedMobile })} {t('consent.otpHelp')}
          </p>
          <OtpField id="consent-otp" label={t('field.otp.label')} value={otp} onChange={setOtp} error={errors.fields.otp} disabled={dead} />
          <OtpFormActions
            idPrefix="consent"
            submitLabel={t('consent.confirm')}
            challenge={challenge}
            busy={busy}
            dead={dead}
            onResent={errors.clear}
            onRestart={() => setChallenge(null)}
          />
        </form>
      )}
    </div>
  );
}
