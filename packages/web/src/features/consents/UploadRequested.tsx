import { useState } from 'react';
import { ApiError } from '../../api/client';
import type { ConsentRequest } from '../../api/consents';
import { getFile, uploadFile } from '../../api/uploads';
import { FormAlert } from '../../components/FormAlert';
import type { ShownError } from '../../components/form-errors';
import { describeError } from '../../i18n/api-errors';
import { useI18n } from '../../i18n/i18n-context';

type Missing = ConsentRequest['missingDocTypes'][number];
export interface UploadedCopy {
  id: string;
  name: string;
}

const SCAN_POLL_MS = 1000;
const SCAN_WAIT_MS = 60_000;

/** Waits until the drive's scanner has passed the file: only a clean file can be shared. */
async function untilClean(id: string, status: string): Promise<void> {
  for (const started = Date.now(); status === 'scanning' && Date.now() - started < SCAN_WAIT_MS; ) {
    await new Promise((resolve) => setTimeout(resolve, SCAN_POLL_MS));
    status = (await getFile(id)).status;
  }
  if (status === 'clean') return;
  const code = status === 'refused' ? 'malware_found' : 'scanner_unavailable';
  throw new ApiError(422, { status: 422, code }, undefined);
}

/**
 * A document type the requester asked for that the resident lacks: upload a copy on the spot
 * (to the drive, through its upload and virus scan), which is then shared with the consent.
 */
export function UploadRequested({ missing, copy, onUploaded }: { missing: Missing; copy: UploadedCopy | undefined; onUploaded(copy: UploadedCopy): void }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);
  const inputId = `consent-upload-${missing.docType.replace(/[^A-Za-z0-9]/g, '-')}`;

  async function upload(file: File) {
    setBusy(true);
    setError(null);
    try {
      const stored = await uploadFile(file, file.name, null, () => undefined);
      await untilClean(stored.id, stored.status);
      onUploaded({ id: stored.id, name: stored.name });
    } catch (err) {
      setError({ message: describeError(err, t), code: 'upload_failed' });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card stack-sm" aria-labelledby={`${inputId}-heading`} data-testid="consent-missing" data-doctype={missing.docType}>
      <h3 id={`${inputId}-heading`}>{t('consent.missingHeading', { type: missing.name })}</h3>
      {copy ? (
        <p role="status" data-testid="consent-uploaded">
          {t('consent.uploaded', { name: copy.name })}
        </p>
      ) : (
        <>
          <p>{t('consent.missingHelp')}</p>
          <label htmlFor={inputId}>{t('consent.uploadLabel', { type: missing.name })}</label>
          <input
            id={inputId}
            type="file"
            accept="application/pdf,image/jpeg,image/png"
            disabled={busy}
            data-testid="consent-upload-input"
            onChange={(e) => {
              const file = e.currentTarget.files?.[0];
              if (file) void upload(file);
            }}
          />
          {busy && (
            <p role="status" data-testid="consent-uploading">
              {t('consent.uploading')}
            </p>
          )}
        </>
      )}
      <FormAlert error={error} testId="consent-upload-error" />
    </section>
  );
}
