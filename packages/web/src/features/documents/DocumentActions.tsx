import { useState } from 'react';
import { documentCredentialUrl, documentPdfUrl, documentXmlUrl } from '../../api/documents';
import type { DocumentDetail } from '../../api/types';
import { StatusMessage } from '../../components/FormAlert';
import { useI18n } from '../../i18n/i18n-context';

/** Download, print and share, in plain words, on every document. */
export function DocumentActions({ doc }: { doc: DocumentDetail }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);

  async function share() {
    const data = { title: doc.name, text: t('document.shareText', { name: doc.name }), url: doc.qrPayload };
    if (typeof navigator.share === 'function') {
      await navigator.share(data).catch(() => undefined);
      return;
    }
    await navigator.clipboard?.writeText(doc.qrPayload).then(() => setCopied(true), () => undefined);
  }

  return (
    <>
      <div className="actions">
        <a href={documentPdfUrl(doc.uri)} download={`${doc.name}.pdf`} className="button button-secondary" data-testid="download-pdf">
          {t('document.downloadPdf')}
        </a>
        <button type="button" className="button button-secondary" data-testid="print-document" onClick={() => window.print()}>
          {t('document.print')}
        </button>
        <button type="button" className="button button-secondary" data-testid="share-document" onClick={() => void share()}>
          {t('document.share')}
        </button>
      </div>
      <StatusMessage message={copied ? t('document.shareCopied') : null} testId="share-copied" />
    </>
  );
}

/** What only verifiers and software need, folded away from the resident's view. */
export function ForVerifiers({ doc }: { doc: DocumentDetail }) {
  const { t } = useI18n();
  return (
    <details className="card stack-sm" data-testid="for-verifiers">
      <summary>{t('document.forVerifiers')}</summary>
      <p>
        <a href={documentCredentialUrl(doc.uri)} download={`${doc.uri}.vc.jwt`} data-testid="download-credential">
          {t('document.downloadCredential')}
        </a>
        {' — '}
        {t('document.forVerifiers.credential')}
      </p>
      <p>
        <a href={documentXmlUrl(doc.uri)} download={`${doc.uri}.xml`} data-testid="download-xml">
          {t('document.downloadXml')}
        </a>
        {' — '}
        {t('document.forVerifiers.xml')}
      </p>
      <dl className="details">
        <div>
          <dt>{t('documents.uri')}</dt>
          <dd className="mono" data-testid="document-uri">
            {doc.uri}
          </dd>
        </div>
        <div>
          <dt>{t('document.forVerifiers.typeCode')}</dt>
          <dd className="mono">{doc.docType}</dd>
        </div>
      </dl>
    </details>
  );
}
