import type { PdfSignature, PdfSignatures as Report } from '../../api/types';
import { useI18n } from '../../i18n/i18n-context';

function Check({ ok, yes, no, testId }: { ok: boolean; yes: string; no: string; testId: string }) {
  return (
    <li className={ok ? 'sig-check sig-ok' : 'sig-check sig-bad'} data-testid={testId} data-ok={String(ok)}>
      <span aria-hidden="true">{ok ? '✓' : '✗'}</span> {ok ? yes : no}
    </li>
  );
}

function SignatureCard({ sig }: { sig: PdfSignature }) {
  const { t, format } = useI18n();
  const when = sig.timestamp?.valid ? sig.timestamp.time : sig.claimedSigningTime;
  return (
    <li className="card stack-sm" data-testid="pdf-signature" data-valid={String(sig.valid)}>
      <h4>
        {t('signatures.signedBy', { name: sig.signer?.name ?? t('signatures.unknownSigner') })}
        {sig.signer?.organization && sig.signer.organization !== sig.signer.name ? ` (${sig.signer.organization})` : ''}
      </h4>
      {when && (
        <p className="small">
          {sig.timestamp?.valid
            ? t('signatures.timestamped', { date: format.dateTime(when), authority: sig.timestamp.authority })
            : t('signatures.claimedTime', { date: format.dateTime(when) })}
        </p>
      )}
      <ul className="sig-checks">
        <Check ok={sig.intact} yes={t('signatures.intact')} no={t('signatures.notIntact')} testId="sig-intact" />
        <Check ok={sig.certificate.chainsToTijori} yes={t('signatures.trusted')} no={t('signatures.untrusted')} testId="sig-trusted" />
        <Check
          ok={sig.certificate.validAtSigningTime && !sig.certificate.revoked}
          yes={t('signatures.validAtTime')}
          no={t('signatures.notValidAtTime')}
          testId="sig-valid-at-time"
        />
      </ul>
      {sig.certificate.path.length > 0 && <p className="small mono">{sig.certificate.path.join(' → ')}</p>}
    </li>
  );
}

/** Each digital signature of a verified PDF, and whether anything was added after the last. */
export function PdfSignatures({ report }: { report: Report }) {
  const { t } = useI18n();
  if (report.signatures.length === 0) return null;
  return (
    <section className="stack-sm" aria-labelledby="pdf-signatures-heading" data-testid="pdf-signatures">
      <h3 id="pdf-signatures-heading">{t('signatures.heading', { count: report.signatures.length })}</h3>
      <ol className="stack-sm sig-list">
        {report.signatures.map((sig) => (
          <SignatureCard key={sig.index} sig={sig} />
        ))}
      </ol>
      {report.modifiedAfterLastSignature ? (
        <p className="alert alert-warning" data-testid="pdf-modified-after">
          {t('signatures.modifiedAfter')}
        </p>
      ) : (
        <p className="small" data-testid="pdf-not-modified-after">
          {t('signatures.notModifiedAfter')}
        </p>
      )}
    </section>
  );
}
