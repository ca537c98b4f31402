import { useEffect, useRef, useState } from 'react';
import { FileField } from '../../components/FileField';
import { FormAlert } from '../../components/FormAlert';
import type { ShownError } from '../../components/form-errors';
import { useI18n } from '../../i18n/i18n-context';
import type { MessageKey } from '../../i18n/translation';
import { decodeQr, isVerificationQr } from './qr-decode';

/** How often a camera frame is read: often enough to feel instant, rarely enough for a cheap phone. */
const FRAME_INTERVAL_MS = 200;

function cameraErrorKey(err: unknown): MessageKey & `verify.scan.${string}` {
  const name = err instanceof DOMException ? err.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'verify.scan.denied';
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'verify.scan.noCamera';
  return 'verify.scan.failed';
}

/**
 * "Scan QR code": the phone's camera (the back one where there is a choice) until a document's
 * QR code is in view, or a photo of one. `onScan` gets the code's text, the same link the QR
 * code opens, and runs the same check.
 */
export function QrScanner({ onScan, busy }: { onScan(text: string): void; busy: boolean }) {
  const { t } = useI18n();
  const [scanning, setScanning] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);
  const [photoName, setPhotoName] = useState<string | null>(null);
  const video = useRef<HTMLVideoElement>(null);
  const stream = useRef<MediaStream | null>(null);

  function stop() {
    stream.current?.getTracks().forEach((track) => track.stop());
    stream.current = null;
    setScanning(false);
  }
  useEffect(() => stop, []);

  /** A decoded text: a document's QR code is checked; any other QR code is named as such. */
  function found(text: string): boolean {
    if (!isVerificationQr(text)) {
      setError({ message: t('verify.scan.notOurs'), code: 'not_a_document_qr' });
      return false;
    }
    setError(null);
    onScan(text);
    return true;
  }

  async function start() {
    setError(null);
    if (!navigator.mediaDevices?.getUserMedia) {
      setError({ message: t('verify.scan.noCamera'), code: 'no_camera' });
      return;
    }
    try {
      stream.current = await navigator.mediaDevices.getUserMedia({ video: { facingMode: { ideal: 'environment' } }, audio: false });
      setScanning(true);
    } catch (err) {
      setError({ message: t(cameraErrorKey(err)), code: 'camera_unavailable' });
    }
  }

  // While the camera runs: show it, and read a frame every FRAME_INTERVAL_MS until a document's code is found.
  useEffect(() => {
    const element = video.current;
    if (!scanning || !element || !stream.current) return;
    element.srcObject = stream.current;
    void element.play().catch(() => undefined);
    let stopped = false;
    let timer = 0;
    const tick = async () => {
      if (stopped) return;
      const text = element.readyState >= element.HAVE_CURRENT_DATA ? await decodeQr(element).catch(() => null) : null;
      if (stopped) return;
      if (text && found(text)) {
        stop();
        return;
      }
      timer = window.setTimeout(() => void tick(), FRAME_INTERVAL_MS);
    };
    void tick();
    return () => {
      stopped = true;
      window.clearTimeout(timer);
    };
  }, [scanning]);

  async function photo(file: File | undefined) {
    if (!file) return;
    setPhotoName(file.name);
    try {
      const bitmap = await createImageBitmap(file);
      const text = await decodeQr(bitmap);
      bitmap.close();
      if (text) found(text);
      else setError({ message: t('verify.scan.notFound'), code: 'qr_not_found' });
    } catch {
      setError({ message: t('verify.scan.notImage'), code: 'not_an_image' });
    }
  }

  return (
    <div className="stack" data-testid="verify-scanner" data-scanning={String(scanning)}>
      {scanning ? (
        <div className="stack-sm">
          <p role="status">{t('verify.scan.looking')}</p>
          <video ref={video} className="qr-camera" muted playsInline aria-label={t('verify.scan.video')} data-testid="verify-scan-video" />
          <div className="actions">
            <button type="button" className="button button-secondary" onClick={stop} data-testid="verify-scan-stop">
              {t('verify.scan.stop')}
            </button>
          </div>
        </div>
      ) : (
        <div className="actions">
          <button type="button" className="button button-primary" onClick={() => void start()} disabled={busy} data-testid="verify-scan-start">
            {t('verify.scan.start')}
          </button>
        </div>
      )}
      <FormAlert error={error} testId="verify-scan-error" />
      <FileField
        id="verify-qr-photo"
        label={t('verify.scan.photo')}
        hint={t('verify.scan.photoHint')}
        accept="image/*"
        fileName={photoName}
        disabled={busy}
        onFile={(file) => void photo(file)}
      />
    </div>
  );
}
