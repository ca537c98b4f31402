import { documentCredentialUrl, documentPdfUrl, documentXmlUrl } from '../../api/documents';
import type { DocumentDetail } from '../../api/types';
import { useI18n } from '../../i18n/i18n-context';

/**
 * Download and print, in plain words, on every document. Sharing is the share-link form beside
 * them (features/shares/ShareForm): a link the resident can limit and revoke, never the bare
 * verification URL.
 */
export function DocumentActions({ doc }: { doc: DocumentDetail }) {
  const { t } = useI18n();
  return (
    <div className="actions">
      <a href={documentPdfUrl(doc.uri)} download={`${doc.name}.pdf`} className="button button-secondary" data-testid="download-pdf">
        {t('document.downloadPdf')}
      </a>
      <button type="button" className="button button-secondary" data-testid="print-document" onClick={() => window.print()}>
        {t('document.print')}
      </button>
    </div>
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
