import { useEffect, useState, type FormEvent } from 'react';
import { fileContentUrl, listAllFolders, updateFile, type DocTag, type Folder, type UploadedFile } from '../../api/uploads';
import { useI18n } from '../../i18n/i18n-context';
import { ShareForm } from '../shares/ShareForm';
import { EsignPanel } from './EsignPanel';

/** One uploaded file: its details, preview, download, edit (rename, describe, tag, move), bin or restore. */
export function FileCard(props: {
  file: UploadedFile;
  tagName: string | null;
  tags: DocTag[];
  onChanged(message: string): void;
  onError(err: unknown): void;
  onBin(): void;
  onRestore(): void;
  /** For photos: chosen to be combined into a PDF, and how far it is turned. */
  selection?: { selected: boolean; rotation: number; toggle(): void; turn(): void };
}) {
  const { file } = props;
  const { t, format, lang } = useI18n();
  const [previewing, setPreviewing] = useState(false);
  const [editing, setEditing] = useState(false);
  const [signing, setSigning] = useState(false);
  const binned = file.binnedAt !== null;
  const usable = file.status === 'clean' && !binned;
  const isImage = file.mediaType.startsWith('image/');
  const id = `file-${file.id}`;

  return (
    <li className="card drive-file stack-sm" data-testid="file" data-name={file.name} data-status={file.status} aria-labelledby={`${id}-name`}>
      <div className="drive-file-head">
        <h2 id={`${id}-name`} className="drive-file-name">
          {file.name}
        </h2>
        <span className={`badge drive-status-${file.status}`} data-testid="file-status">
          {t(`drive.status.${file.status}`)}
        </span>
      </div>
      {file.description && <p className="small">{file.description}</p>}
      <dl className="meta small">
        {props.tagName && (
          <div>
            <dt>{t('drive.tag')}</dt>
            <dd>{props.tagName}</dd>
          </div>
        )}
        <div>
          <dt>{t('drive.size')}</dt>
          <dd>{t('drive.kb', { size: format.number(Math.max(1, Math.round(file.sizeBytes / 1024))) })}</dd>
        </div>
        {file.pages !== null && file.mediaType === 'application/pdf' && (
          <div>
            <dt>{t('drive.pages')}</dt>
            <dd>{format.number(file.pages)}</dd>
          </div>
        )}
        <div>
          <dt>{t('drive.uploadedAt')}</dt>
          <dd>
            <time dateTime={file.uploadedAt}>{format.dateTime(file.uploadedAt)}</time>
          </dd>
        </div>
        {file.purgeAt && (
          <div>
            <dt>{t('drive.purgeAt')}</dt>
            <dd>
              <time dateTime={file.purgeAt}>{format.date(file.purgeAt)}</time>
            </dd>
          </div>
        )}
      </dl>
      <div className="drive-actions">
        {usable && (
          <>
            <button type="button" className="button button-secondary button-small" aria-expanded={previewing} onClick={() => setPreviewing(!previewing)}>
              {previewing ? t('drive.closePreview') : t('drive.preview')}
            </button>
            <a className="button button-secondary button-small" href={fileContentUrl(file.id, 'attachment')} download={file.name}>
              {t('drive.download')}
            </a>
          </>
        )}
        {usable && (file.mediaType === 'application/pdf' || file.mediaType === 'image/jpeg' || file.mediaType === 'image/png') && (
          <button
            type="button"
            className="button button-secondary button-small"
            aria-expanded={signing}
            onClick={() => setSigning(!signing)}
            data-testid="esign-open"
          >
            {t('esign.button')}
          </button>
        )}
        {!binned && (
          <button type="button" className="button button-secondary button-small" aria-expanded={editing} onClick={() => setEditing(!editing)}>
            {t('drive.edit')}
          </button>
        )}
        {binned ? (
          <button type="button" className="button button-primary button-small" onClick={props.onRestore}>
            {t('drive.restore')}
          </button>
        ) : (
          <button type="button" className="button button-danger button-small" onClick={props.onBin}>
            {t('drive.moveToBin')}
          </button>
        )}
      </div>
      {usable && <ShareForm target={{ kind: 'uploaded', fileId: file.id }} title={file.name} compact idPrefix={`share-${file.id}`} />}
      {usable && isImage && props.selection && (
        <div className="drive-actions">
          <label className="drive-select">
            <input type="checkbox" checked={props.selection.selected} onChange={props.selection.toggle} data-testid="select-photo" /> {t('drive.selectForPdf')}
          </label>
          {props.selection.selected && (
            <button type="button" className="button button-secondary button-small" onClick={props.selection.turn}>
              {t('drive.turn', { degrees: props.selection.rotation })}
            </button>
          )}
        </div>
      )}
      {previewing && usable && (
        <div className="drive-preview" data-testid="preview">
          {isImage ? (
            <img
              src={fileContentUrl(file.id, 'inline')}
              alt={file.name}
              style={props.selection?.rotation ? { transform: `rotate(${props.selection.rotation}deg)` } : undefined}
            />
          ) : (
            <iframe title={file.name} src={fileContentUrl(file.id, 'inline')} sandbox="" lang={lang} />
          )}
        </div>
      )}
      {signing && usable && (
        <EsignPanel
          file={file}
          onSigned={(m) => {
            setSigning(false);
            props.onChanged(m);
          }}
          onError={props.onError}
          onClose={() => setSigning(false)}
        />
      )}
      {editing && (
        <EditFile
          file={file}
          tags={props.tags}
          onDone={(m) => {
            setEditing(false);
            props.onChanged(m);
          }}
          onError={props.onError}
        />
      )}
    </li>
  );
}

function EditFile({ file, tags, onDone, onError }: { file: UploadedFile; tags: DocTag[]; onDone(message: string): void; onError(err: unknown): void }) {
  const { t, lang } = useI18n();
  const [name, setName] = useState(file.name);
  const [description, setDescription] = useState(file.description);
  const [tag, setTag] = useState<DocTag['code'] | ''>(() => tags.find((x) => x.code === file.tag)?.code ?? '');
  const [folderId, setFolderId] = useState(file.folderId ?? '');
  const [folders, setFolders] = useState<(Folder & { path: string[] })[] | null>(null);
  useEffect(() => {
    listAllFolders().then((r) => setFolders(r.folders), onError);
  }, [onError]);
  const id = `edit-${file.id}`;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await updateFile(file.id, { name, description, tag: tag || null, folderId: folderId || null });
      onDone(t('drive.saved'));
    } catch (err) {
      onError(err);
    }
  };

  return (
    <form className="stack-sm drive-edit" onSubmit={(e) => void submit(e)} data-testid="edit-file">
      <div className="field">
        <label htmlFor={`${id}-name`}>{t('drive.name')}</label>
        <input id={`${id}-name`} value={name} maxLength={120} required onChange={(e) => setName(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-description`}>{t('drive.description')}</label>
        <textarea id={`${id}-description`} value={description} maxLength={500} rows={2} onChange={(e) => setDescription(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-tag`}>{t('drive.tag')}</label>
        <select id={`${id}-tag`} value={tag} onChange={(e) => setTag(tags.find((x) => x.code === e.target.value)?.code ?? '')}>
          <option value="">{t('drive.noTag')}</option>
          {tags.map((x) => (
            <option key={x.code} value={x.code}>
              {x[lang] ?? x.en}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-folder`}>{t('drive.folder')}</label>
        <select id={`${id}-folder`} value={folderId} onChange={(e) => setFolderId(e.target.value)} data-testid="move-to">
          <option value="">{t('drive.home')}</option>
          {(folders ?? []).map((f) => (
            <option key={f.id} value={f.id}>
              {f.path.join(' / ')}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="button button-primary button-small">
        {t('drive.save')}
      </button>
    </form>
  );
}
