import type { Verification } from '../../api/types';
import { StatusBadge, statusWarningKey } from '../../components/StatusBadge';
import { useI18n } from '../../i18n/i18n-context';
import { validityText } from '../documents/validity';
import { PdfSignatures } from './PdfSignatures';
import { PrintedContents } from './PrintedContents';

/** A tick only for a genuine document in force: revoked or suspended gets the cross, like a forgery. */
function VerdictIcon({ verdict, notValid }: { verdict: Verification['verdict']; notValid: boolean }) {
  const mark = verdict === 'genuine' && !notValid ? 'tick' : verdict === 'unknown' ? 'question' : 'cross';
  return (
    <svg className="verdict-icon" aria-hidden="true" focusable="false" viewBox="0 0 48 48" width="48" height="48">
      <circle cx="24" cy="24" r="22" fill="currentColor" />
      {mark === 'tick' && <path d="M14 25l7 7 13-15" fill="none" stroke="#fff" strokeWidth="5" strokeLinecap="round" strokeLinejoin="round" />}
      {mark === 'cross' && <path d="M16 16l16 16M32 16L16 32" fill="none" stroke="#fff" strokeWidth="5" strokeLinecap="round" />}
      {mark === 'question' && (
        <>
          <path d="M18 19a6 6 0 1 1 8.5 5.4c-1.6.8-2.5 2-2.5 3.6v1.5" fill="none" stroke="#fff" strokeWidth="4.5" strokeLinecap="round" />
          <circle cx="24" cy="36" r="2.8" fill="#fff" />
        </>
      )}
    </svg>
  );
}

/** The statuses a QR code can carry (as recorded when it was made), by their labels. */
const QR_STATUS = { active: 'status.active', suspended: 'status.suspended', revoked: 'status.revoked' } as const;

/** The verifier's answer, big: genuine (green), not genuine (red), not found (grey). */
export function VerificationResult({ result }: { result: Verification }) {
  const i18n = useI18n();
  const { t, format } = i18n;
  const doc = result.verdict === 'genuine' ? result.document : undefined;
  const warning = doc ? statusWarningKey(doc.status) : null;
  const notInForce = doc && doc.status !== 'active' ? doc.status : null;
  // Withdrawn by the issuer: never headed "Genuine" with a tick, whatever the signature says.
  const notValid = notInForce === 'revoked' || notInForce === 'suspended';
  const title =
    result.verdict === 'genuine'
      ? notInForce === 'revoked'
        ? t('trust.verify.notValid.revoked')
        : notInForce === 'suspended'
          ? t('trust.verify.notValid.suspended')
          : notInForce === 'expired'
            ? t('verify.genuine.expired')
            : t('verify.genuine.title')
      : result.verdict === 'tampered'
        ? t('verify.tampered.title')
        : t('verify.unknown.title');
  const body =
    result.verdict === 'genuine' && doc
      ? notValid
        ? t('trust.verify.notValid.body', { issuer: doc.issuer.name })
        : t('verify.genuine.body', { issuer: doc.issuer.name })
      : result.verdict === 'tampered'
        ? t('verify.tampered.body')
        : t('verify.unknown.body');

  return (
    <section
      className={`verdict verdict-${result.verdict}${notInForce ? ' verdict-not-in-force' : ''}${notValid ? ' verdict-not-valid' : ''}`}
      aria-labelledby="verify-result-heading"
      data-testid="verify-result"
      data-verdict={result.verdict}
      data-status={doc?.status ?? ''}
      data-superseded={doc ? String(doc.superseded) : ''}
    >
      <div className="verdict-head">
        <VerdictIcon verdict={result.verdict} notValid={notValid} />
        <div className="stack-sm">
          <h2 id="verify-result-heading" tabIndex={-1} data-testid="verify-verdict">
            {title}
          </h2>
          <p>{body}</p>
        </div>
      </div>
      {warning && (
        <p className="alert alert-warning verdict-warning" data-testid="verify-status-warning">
          <strong>{t(warning)}</strong>
          {doc?.statusChangedAt && <> {t('verify.statusSince', { date: format.dateTime(doc.statusChangedAt) })}</>}
          {notValid && doc?.statusReason && (
            <>
              {' '}
              <span data-testid="verify-status-reason">{t('trust.verify.reason', { reason: doc.statusReason })}</span>
            </>
          )}
        </p>
      )}
      {doc?.statusSource === 'status-list' && doc.statusList && (
        <p className="small" data-testid="verify-status-source">
          {t('trust.verify.statusList', { time: format.dateTime(doc.statusList.signedAt) })}
        </p>
      )}
      {doc && result.qr && (
        <p className="small" data-testid="verify-qr-status">
          {t('trust.verify.qrStatus', {
            status: result.qr.status in QR_STATUS ? t(QR_STATUS[result.qr.status as keyof typeof QR_STATUS]) : result.qr.status,
            time: format.dateTime(result.qr.asOf),
          })}
        </p>
      )}
      {doc?.superseded && (
        <p className="alert alert-warning verdict-warning" data-testid="verify-superseded">
          {t('verify.superseded', { version: doc.version, current: doc.currentVersion })}
        </p>
      )}
      {doc && (
        <dl className="details verdict-details">
          <div>
            <dt>{t('documents.docType')}</dt>
            <dd data-testid="verify-doc-type">
              {doc.docType.name} <span className="mono">({doc.docType.code})</span>
            </dd>
          </div>
          <div>
            <dt>{t('verify.issuer')}</dt>
            <dd data-testid="verify-issuer">
              {doc.issuer.name} <span className="mono small">({doc.issuer.orgId})</span>
            </dd>
          </div>
          <div>
            <dt>{t('verify.holder')}</dt>
            <dd className="mono" data-testid="verify-holder">
              {doc.holder}
            </dd>
          </div>
          <div>
            <dt>{t('documents.issuedOn')}</dt>
            <dd>
              <time dateTime={doc.issuedOn}>{format.calendarDate(doc.issuedOn)}</time>
            </dd>
          </div>
          <div>
            <dt>{t('documents.validity')}</dt>
            <dd>{validityText(doc, i18n)}</dd>
          </div>
          <div>
            <dt>{t('verify.status')}</dt>
            <dd>
              <StatusBadge status={doc.status} testId="verify-status" />
            </dd>
          </div>
          <div>
            <dt>{t('documents.uri')}</dt>
            <dd className="mono">{doc.uri}</dd>
          </div>
        </dl>
      )}
      {doc && result.contents && <PrintedContents contents={result.contents} />}
      {result.signatures && <PdfSignatures report={result.signatures} />}
    </section>
  );
}
