import { useState } from 'react';
import { confirmEsign, startEsign, type EsignChallenge } from '../../api/esign';
import type { UploadedFile } from '../../api/uploads';
import { OtpStep } from '../../components/OtpStep';
import { useI18n } from '../../i18n/i18n-context';

/**
 * eSign (self-attest) one PDF: the stamp goes to the foot of the last page; an OTP bound to this
 * file confirms it, and the signed copy appears beside the untouched original.
 */
export function EsignPanel({ file, onSigned, onError, onClose }: { file: UploadedFile; onSigned(message: string): void; onError(err: unknown): void; onClose(): void }) {
  const { t } = useI18n();
  const [challenge, setChallenge] = useState<EsignChallenge | null>(null);
  const [busy, setBusy] = useState(false);
  const id = `esign-${file.id}`;

  const start = async () => {
    setBusy(true);
    try {
      setChallenge(await startEsign(file.id));
    } catch (err) {
      onError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="stack-sm drive-edit" aria-labelledby={`${id}-title`} data-testid="esign">
      <h3 id={`${id}-title`}>{t('esign.title', { name: file.name })}</h3>
      {challenge ? (
        <OtpStep
          idPrefix={id}
          challenge={challenge}
          sentTo={t('esign.sentTo', { mobile: challenge.maskedMobile, page: challenge.placement.page })}
          submitLabel={t('esign.confirm')}
          verify={async (otp) => {
            const done = await confirmEsign(file.id, challenge.challengeId, otp);
            onSigned(t('esign.done', { name: done.file.name }));
          }}
          onRestart={() => setChallenge(null)}
        />
      ) : (
        <>
          <p className="small">{t('esign.explain')}</p>
          <div className="actions">
            <button type="button" className="button button-primary button-small" disabled={busy} aria-busy={busy || undefined} onClick={() => void start()} data-testid="esign-start">
              {t('esign.sendOtp')}
            </button>
            <button type="button" className="button button-link" onClick={onClose}>
              {t('esign.cancel')}
            </button>
          </div>
        </>
      )}
    </section>
  );
}
