import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n/i18n-context';
import { offlineCopies } from '../../offline/wipe';

/**
 * Open and download the PDF kept on this device (decrypted into a blob: URL that lives as long
 * as the page), each named as an offline copy.
 */
export function OfflinePdf({ uri, name }: { uri: string; name: string }) {
  const { t } = useI18n();
  const [url, setUrl] = useState<string | 'none' | null>(null);
  useEffect(() => {
    let cancelled = false;
    let objectUrl: string | null = null;
    offlineCopies()
      .then((m) => m.readPdf(uri))
      .then((blob) => {
        if (cancelled) return;
        objectUrl = blob ? URL.createObjectURL(blob) : null;
        setUrl(objectUrl ?? 'none');
      })
      .catch(() => !cancelled && setUrl('none'));
    return () => {
      cancelled = true;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [uri]);
  if (url === null) return null;
  if (url === 'none') {
    return (
      <p className="muted small" data-testid="pdf-unavailable">
        {t('offline.pdfMissing')}
      </p>
    );
  }
  return (
    <div className="actions">
      <a href={url} target="_blank" rel="noopener" className="button button-primary" data-testid="open-pdf" data-offline-copy="true">
        {t('offline.openPdf')}
        <span className="visually-hidden"> {t('common.opensNewTab')}</span>
      </a>
      <a href={url} download={`${name}.pdf`} className="button button-secondary" data-testid="download-pdf" data-offline-copy="true">
        {t('offline.downloadPdf')}
      </a>
      <button type="button" className="button button-secondary" data-testid="print-document" onClick={() => window.print()}>
        {t('document.print')}
      </button>
    </div>
  );
}
