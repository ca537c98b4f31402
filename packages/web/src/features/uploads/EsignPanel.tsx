import { useState } from 'react';
import { confirmEsign, startEsign, STAMP_POSITIONS, type EsignChallenge, type StampPosition } from '../../api/esign';
import type { UploadedFile } from '../../api/uploads';
import { OtpStep } from '../../components/OtpStep';
import { useI18n } from '../../i18n/i18n-context';

/**
 * eSign (self-attest) one PDF or photo: the resident picks the page and one of a few places for
 * the stamp (default: bottom right of the last page; the server checks it fits), an OTP bound to
 * this file confirms it, and the signed copy appears beside the untouched original.
 */
export function EsignPanel({
  file,
  onSigned,
  onError,
  onClose,
}: {
  file: UploadedFile;
  onSigned(message: string): void;
  onError(err: unknown): void;
  onClose(): void;
}) {
  const { t } = useI18n();
  const [challenge, setChallenge] = useState<EsignChallenge | null>(null);
  const [busy, setBusy] = useState(false);
  // A photo becomes a one-page PDF. A PDF whose pages could not be counted (object streams) takes
  // a typed page number; left empty, the server puts the stamp on the last page.
  const isPdf = file.mediaType === 'application/pdf';
  const pageCount = isPdf ? file.pages : 1;
  const [page, setPage] = useState<number | null>(pageCount);
  const [position, setPosition] = useState<StampPosition>('bottom-right');
  const id = `esign-${file.id}`;

  const start = async () => {
    setBusy(true);
    try {
      setChallenge(await startEsign(file.id, { ...(page ? { page } : {}), position }));
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
          <div className="filter-row">
            {pageCount !== null && pageCount > 1 && (
              <div className="field">
                <label htmlFor={`${id}-page`}>{t('esign.page')}</label>
                <select id={`${id}-page`} value={page ?? pageCount} onChange={(e) => setPage(Number(e.target.value))} data-testid="esign-page">
                  {Array.from({ length: pageCount }, (_, i) => (
                    <option key={i + 1} value={i + 1}>
                      {t('esign.pageN', { page: i + 1 })}
                    </option>
                  ))}
                </select>
              </div>
            )}
            {pageCount === null && (
              <div className="field">
                <label htmlFor={`${id}-page`}>{t('esign.page')}</label>
                <input
                  id={`${id}-page`}
                  type="number"
                  inputMode="numeric"
                  min={1}
                  placeholder={t('esign.pageLast')}
                  value={page ?? ''}
                  onChange={(e) => setPage(e.target.value === '' ? null : Math.max(1, Math.floor(Number(e.target.value))))}
                  data-testid="esign-page"
                />
              </div>
            )}
            <div className="field">
              <label htmlFor={`${id}-position`}>{t('esign.position')}</label>
              <select id={`${id}-position`} value={position} onChange={(e) => setPosition(e.target.value as StampPosition)} data-testid="esign-position">
                {STAMP_POSITIONS.map((p) => (
                  <option key={p} value={p}>
                    {t(`esign.position.${p}`)}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <div className="actions">
            <button
              type="button"
              className="button button-primary button-small"
              disabled={busy}
              aria-busy={busy || undefined}
              onClick={() => void start()}
              data-testid="esign-start"
            >
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
