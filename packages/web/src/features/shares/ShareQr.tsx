import { useState } from 'react';
import { QrCode } from '../../components/QrCode';
import { useI18n } from '../../i18n/i18n-context';

/** The share link as a QR code, for a phone-to-phone show or a printout. */
export function ShareQr({ url, title, initiallyShown = false }: { url: string; title: string; initiallyShown?: boolean }) {
  const { t } = useI18n();
  const [shown, setShown] = useState(initiallyShown);
  return (
    <div className="stack-sm">
      <div className="actions">
        <button
          type="button"
          className="button button-secondary button-small"
          aria-expanded={shown}
          onClick={() => setShown(!shown)}
          data-testid="share-qr-toggle"
        >
          {shown ? t('share.hideQr') : t('share.showQr')}
        </button>
      </div>
      {shown && (
        <div className="qr-frame">
          <QrCode value={url} label={t('share.qrLabel', { title })} testId="share-qr" />
        </div>
      )}
    </div>
  );
}
