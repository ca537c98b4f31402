import { useEffect, useState } from 'react';
import { downloadShared, previewShared, type OpenedShare } from '../../api/shares';
import { PageHeading } from '../../components/PageHeading';
import { useI18n } from '../../i18n/i18n-context';
import { ReceiverFooter, ReceiverNote } from './ReceiverParts';

type UploadedDoc = Extract<OpenedShare['document'], { kind: 'uploaded' }>;

const TYPE_NAMES: Record<string, string> = { 'application/pdf': 'PDF', 'image/jpeg': 'JPEG', 'image/png': 'PNG' };

/**
 * A file the resident uploaded, as it was when shared: its name, type, size, a preview (an image,
 * or the PDF in a sandboxed frame) and, only when allowed, a download. No issuer vouches for it.
 */
export function SharedUpload({ opened, doc }: { opened: OpenedShare; doc: UploadedDoc }) {
  const { t, format, lang } = useI18n();
  const { share } = opened;
  const [preview, setPreview] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  const isImage = doc.mediaType.startsWith('image/');

  useEffect(() => {
    if (!opened.previewGrant) return;
    let url: string | null = null;
    let live = true;
    void previewShared(opened.previewGrant)
      .then((u) => {
        url = u;
        if (!live && u) URL.revokeObjectURL(u);
        else if (u) setPreview(u);
        else setFailed(true);
      })
      .catch(() => live && setFailed(true));
    return () => {
      live = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [opened.previewGrant]);

  return (
    <article className="stack receiver" data-testid="shared-upload" data-media-type={doc.mediaType}>
      <header className="stack-sm">
        <PageHeading title={doc.name}>{doc.name}</PageHeading>
        <p className="alert alert-info" role="note" data-testid="shared-not-verified">
          {t('shareUpload.notVerified')}
        </p>
      </header>
      <ReceiverNote share={share} />
      <div className="actions no-print">
        <button type="button" className="button button-primary" onClick={() => window.print()} data-testid="shared-print">
          {t('share.receiver.print')}
        </button>
        {opened.downloadGrant && (
          <button
            type="button"
            className="button button-secondary"
            onClick={() => void downloadShared(opened.downloadGrant!, 'original')}
            data-testid="shared-download"
          >
            {t('shareUpload.download')}
          </button>
        )}
      </div>
      <section className="card stack-sm">
        <dl className="details" data-testid="shared-fields">
          <div>
            <dt>{t('shareUpload.type')}</dt>
            <dd>{TYPE_NAMES[doc.mediaType] ?? doc.mediaType}</dd>
          </div>
          <div>
            <dt>{t('drive.size')}</dt>
            <dd>{t('drive.kb', { size: format.number(Math.max(1, Math.round(doc.size / 1024))) })}</dd>
          </div>
          {doc.pages !== null && (
            <div>
              <dt>{t('drive.pages')}</dt>
              <dd>{format.number(doc.pages)}</dd>
            </div>
          )}
        </dl>
        <div className="drive-preview" data-testid="shared-preview">
          {failed && <p className="alert alert-warning">{t('shareUpload.previewFailed')}</p>}
          {preview && (isImage ? <img src={preview} alt={doc.name} /> : <iframe title={doc.name} src={preview} sandbox="" lang={lang} />)}
        </div>
      </section>
      <ReceiverFooter share={share} />
    </article>
  );
}
