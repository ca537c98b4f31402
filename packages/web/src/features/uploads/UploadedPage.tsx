import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import {
  binFile,
  combinePhotos,
  createFolder,
  deleteFolder,
  listDocTags,
  listDrive,
  renameFolder,
  restoreFile,
  uploadFile,
  type DocTag,
  type DriveListing,
  type Rotation,
  type UploadedFile,
} from '../../api/uploads';
import { FormAlert, StatusMessage } from '../../components/FormAlert';
import type { ShownError } from '../../components/form-errors';
import { EmptyState, Loading } from '../../components/Layout';
import { PageHeading } from '../../components/PageHeading';
import { describeError } from '../../i18n/api-errors';
import { useI18n } from '../../i18n/i18n-context';
import { FileCard } from './FileCard';
import { PhotoEditor, type EditedPhoto } from './PhotoEditor';
import { NO_CROP, preparePhoto } from './prepare-photo';
import { UsageMeter } from './UsageMeter';

const TURNS: Rotation[] = [0, 90, 180, 270];
const turned = (r: Rotation): Rotation => TURNS[(TURNS.indexOf(r) + 1) % TURNS.length]!;

const ACCEPT = 'application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png';

interface Progress {
  key: string;
  name: string;
  fraction: number;
  state: 'sending' | 'done' | 'failed';
  message?: string;
}

/** /app/uploaded: the resident's own drive — folders, uploads with progress, preview, bin. */
export function UploadedPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const [params, setParams] = useSearchParams();
  const folderId = params.get('folder');
  const bin = params.get('view') === 'bin';
  const [query, setQuery] = useState('');
  const [sort, setSort] = useState<'date' | 'name' | 'size'>('date');
  const [listing, setListing] = useState<DriveListing | null>(null);
  const [tags, setTags] = useState<DocTag[]>([]);
  const [error, setError] = useState<ShownError | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [uploads, setUploads] = useState<Progress[]>([]);
  const [newFolder, setNewFolder] = useState('');
  const [dragging, setDragging] = useState(false);
  /** Photos chosen to become one PDF, in the order chosen, with their turn in degrees. */
  const [picked, setPicked] = useState<{ id: string; rotation: Rotation }[]>([]);
  /** Photos from the camera being turned and cropped before they are sent. */
  const [editing, setEditing] = useState<EditedPhoto[]>([]);
  const [combining, setCombining] = useState(false);

  const fail = useCallback((err: unknown) => setError({ message: describeError(err, t), code: (err as { code?: string }).code ?? 'error' }), [t]);
  const reload = useCallback(async () => {
    try {
      setListing(await listDrive({ folderId, q: query.trim() || undefined, sort, bin }));
    } catch (err) {
      fail(err);
    }
  }, [folderId, query, sort, bin, fail]);

  useEffect(() => {
    void reload();
  }, [reload]);
  useEffect(() => {
    listDocTags().then((r) => setTags(r.tags), fail);
  }, [fail]);

  const go = (next: { folder?: string | null; bin?: boolean }) => {
    const p = new URLSearchParams();
    if (next.folder) p.set('folder', next.folder);
    if (next.bin) p.set('view', 'bin');
    setParams(p);
    setError(null);
    setStatus(null);
  };

  const loadMore = async () => {
    if (!listing?.nextCursor) return;
    try {
      const next = await listDrive({ folderId, q: query.trim() || undefined, sort, bin, cursor: listing.nextCursor });
      setListing((l) => (l ? { ...next, files: [...l.files, ...next.files] } : next));
    } catch (err) {
      fail(err);
    }
  };

  /** Sends files with a progress bar each; resolves with the stored files (null where one failed). */
  const send = async (files: { body: File | Blob; name: string }[]) => {
    const batch = files.map((f, i) => ({ ...f, key: `${Date.now()}-${i}` }));
    setUploads((u) => [...batch.map(({ name, key }) => ({ key, name, fraction: 0, state: 'sending' as const })), ...u].slice(0, 20));
    const update = (key: string, patch: Partial<Progress>) => setUploads((u) => u.map((p) => (p.key === key ? { ...p, ...patch } : p)));
    return Promise.all(
      batch.map(async ({ body, name, key }) => {
        try {
          const stored = await uploadFile(body, name, folderId, (fraction) => update(key, { fraction }));
          update(key, { fraction: 1, state: 'done' });
          return stored;
        } catch (err) {
          update(key, { state: 'failed', message: describeError(err, t) });
          return null;
        }
      }),
    );
  };

  const onFiles = async (files: FileList | null) => {
    if (!files || files.length === 0) return;
    setError(null);
    await send([...files].map((file) => ({ body: file, name: file.name || 'photo' })));
    await reload();
  };

  const onPhotos = (files: FileList | null) => {
    if (!files || files.length === 0) return;
    setError(null);
    const at = Date.now();
    // Copied now: the FileList empties when the input is reset, before React runs the update.
    const added = [...files].map((file, i) => ({ key: `${at}-${i}`, file, rotation: 0 as Rotation, crop: NO_CROP }));
    setEditing((e) => [...e, ...added]);
  };

  /**
   * The edited photos, turned and cropped here, are sent as JPEGs and combined into one PDF on
   * the server; the photos themselves then go to the bin (restorable), leaving one document.
   */
  const onCombineEdited = async (name: string) => {
    setError(null);
    setCombining(true);
    try {
      const prepared = await Promise.all(editing.map(async (p, i) => ({ body: await preparePhoto(p.file, p.rotation, p.crop), name: `${name} ${i + 1}.jpg` })));
      const stored = await send(prepared);
      if (stored.some((s) => s === null)) return;
      const photos = stored.map((s) => s!.id);
      await combinePhotos({ fileIds: photos, name, folderId });
      await Promise.all(photos.map((id) => binFile(id)));
      setEditing([]);
      setStatus(t('drive.combined'));
    } catch (err) {
      fail(err);
    } finally {
      setCombining(false);
      await reload();
    }
  };

  const onCreateFolder = async (e: FormEvent) => {
    e.preventDefault();
    if (!newFolder.trim()) return;
    try {
      await createFolder(newFolder, folderId);
      setNewFolder('');
      await reload();
    } catch (err) {
      fail(err);
    }
  };

  const act = async (fn: () => Promise<unknown>, message: string) => {
    setError(null);
    try {
      await fn();
      setStatus(message);
      await reload();
    } catch (err) {
      fail(err);
    }
  };

  const onCombine = async () => {
    const name = window.prompt(t('drive.pdfName'), t('drive.pdfDefaultName'));
    if (!name) return;
    await act(() => combinePhotos({ fileIds: picked.map((p) => p.id), rotations: picked.map((p) => p.rotation), name, folderId }), t('drive.combined'));
    setPicked([]);
  };

  const tagName = (code: string | null) => {
    const tag = tags.find((x) => x.code === code);
    return tag ? (tag[i18n.lang] ?? tag.en) : null;
  };

  return (
    <div className="stack drive">
      <PageHeading title={t('uploaded.title')}>{bin ? t('drive.bin') : t('uploaded.title')}</PageHeading>
      {listing && <UsageMeter usage={listing.usage} />}
      <FormAlert error={error} />
      <StatusMessage message={status} />

      <nav aria-label={t('drive.breadcrumbs')} className="drive-breadcrumbs" data-testid="breadcrumbs">
        <ol>
          <li>
            {folderId || bin ? (
              <Link to="/app/uploaded" onClick={() => go({})}>
                {t('drive.home')}
              </Link>
            ) : (
              <span aria-current="page">{t('drive.home')}</span>
            )}
          </li>
          {bin && <li aria-current="page">{t('drive.bin')}</li>}
          {listing?.breadcrumbs.map((f, i) => (
            <li key={f.id}>
              {i === listing.breadcrumbs.length - 1 ? <span aria-current="page">{f.name}</span> : <Link to={`/app/uploaded?folder=${f.id}`}>{f.name}</Link>}
            </li>
          ))}
        </ol>
      </nav>

      {!bin && (
        <section
          className={`card stack-sm drive-toolbar${dragging ? ' drive-dropping' : ''}`}
          aria-label={t('drive.upload')}
          data-testid="drop-zone"
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={(e) => {
            e.preventDefault();
            setDragging(false);
            void onFiles(e.dataTransfer.files);
          }}
        >
          <div className="drive-upload-buttons">
            <label className="button button-primary" htmlFor="drive-upload">
              {t('drive.upload')}
            </label>
            <input
              id="drive-upload"
              data-testid="upload-input"
              className="visually-hidden"
              type="file"
              multiple
              accept={ACCEPT}
              onChange={(e) => void onFiles(e.target.files).then(() => (e.target.value = ''))}
            />
            <label className="button button-secondary" htmlFor="drive-camera">
              {t('drive.takePhoto')}
            </label>
            <input
              id="drive-camera"
              data-testid="camera-input"
              className="visually-hidden"
              type="file"
              multiple
              accept="image/jpeg,image/png"
              capture="environment"
              onChange={(e) => {
                onPhotos(e.target.files);
                e.target.value = '';
              }}
            />
          </div>
          <p className="hint small">{t('drive.uploadHint')}</p>
          {uploads.length > 0 && (
            <ul className="drive-progress" aria-label={t('drive.progress')}>
              {uploads.map((u) => (
                <li key={u.key} data-testid="upload-progress" data-state={u.state}>
                  <span className="drive-progress-name">{u.name}</span>
                  <progress max={1} value={u.fraction} aria-label={u.name} />
                  <span className="small">
                    {u.state === 'done' ? t('drive.uploaded') : u.state === 'failed' ? u.message : `${Math.round(u.fraction * 100)}%`}
                  </span>
                </li>
              ))}
            </ul>
          )}
          <form className="drive-inline-form" onSubmit={(e) => void onCreateFolder(e)}>
            <label htmlFor="drive-new-folder">{t('drive.newFolder')}</label>
            <input id="drive-new-folder" value={newFolder} maxLength={120} onChange={(e) => setNewFolder(e.target.value)} />
            <button type="submit" className="button button-secondary button-small">
              {t('drive.create')}
            </button>
          </form>
        </section>
      )}

      {editing.length > 0 && !bin && (
        <PhotoEditor photos={editing} busy={combining} onChange={setEditing} onCombine={(name) => void onCombineEdited(name)} onCancel={() => setEditing([])} />
      )}

      {picked.length > 0 && (
        <div className="callout drive-actions" data-testid="combine-bar">
          <span>{t('drive.photosChosen', { count: picked.length })}</span>
          <button type="button" className="button button-primary button-small" data-testid="combine" onClick={() => void onCombine()}>
            {t('drive.combine')}
          </button>
        </div>
      )}

      <div className="drive-filters">
        <label htmlFor="drive-search">{t('drive.search')}</label>
        <input id="drive-search" type="search" value={query} onChange={(e) => setQuery(e.target.value)} />
        <label htmlFor="drive-sort">{t('drive.sort')}</label>
        <select id="drive-sort" value={sort} onChange={(e) => setSort(e.target.value as typeof sort)}>
          <option value="date">{t('drive.sort.date')}</option>
          <option value="name">{t('drive.sort.name')}</option>
          <option value="size">{t('drive.sort.size')}</option>
        </select>
        {bin ? (
          <button type="button" className="button-link" onClick={() => go({})}>
            {t('drive.leaveBin')}
          </button>
        ) : (
          <button type="button" className="button-link" data-testid="open-bin" onClick={() => go({ bin: true })}>
            {t('drive.openBin')}
          </button>
        )}
      </div>

      {!listing ? (
        <Loading />
      ) : (
        <>
          {listing.folders.length > 0 && (
            <ul className="drive-folders" aria-label={t('drive.folders')}>
              {listing.folders.map((f) => (
                <li key={f.id} className="card drive-folder" data-testid="folder">
                  <Link to={`/app/uploaded?folder=${f.id}`} className="drive-folder-link">
                    <span aria-hidden="true">📁 </span>
                    {f.name}
                  </Link>
                  <button
                    type="button"
                    className="button-link small"
                    onClick={() => {
                      const name = window.prompt(t('drive.renameFolder'), f.name);
                      if (name) void act(() => renameFolder(f.id, name), t('drive.saved'));
                    }}
                  >
                    {t('drive.rename')}
                  </button>
                  <button
                    type="button"
                    className="button-link small"
                    onClick={() => {
                      if (window.confirm(t('drive.deleteFolderConfirm', { name: f.name }))) void act(() => deleteFolder(f.id), t('drive.folderDeleted'));
                    }}
                  >
                    {t('drive.delete')}
                  </button>
                </li>
              ))}
            </ul>
          )}
          {listing.files.length === 0 && listing.folders.length === 0 ? (
            <EmptyState title={bin ? t('drive.binEmpty') : t('uploaded.empty')} testId="uploaded-empty">
              {bin ? t('drive.binHelp') : t('uploaded.emptyHelp')}
            </EmptyState>
          ) : (
            <ul className="drive-files stack-sm" aria-label={t('drive.files')}>
              {listing.files.map((f: UploadedFile) => (
                <FileCard
                  key={f.id}
                  file={f}
                  tagName={tagName(f.tag)}
                  tags={tags}
                  onChanged={(message) => {
                    setStatus(message);
                    void reload();
                  }}
                  onError={fail}
                  onBin={() => void act(() => binFile(f.id), t('drive.binned', { name: f.name }))}
                  onRestore={() => void act(() => restoreFile(f.id), t('drive.restored', { name: f.name }))}
                  selection={{
                    selected: picked.some((p) => p.id === f.id),
                    rotation: picked.find((p) => p.id === f.id)?.rotation ?? 0,
                    toggle: () => setPicked((ps) => (ps.some((p) => p.id === f.id) ? ps.filter((p) => p.id !== f.id) : [...ps, { id: f.id, rotation: 0 }])),
                    turn: () => setPicked((ps) => ps.map((p) => (p.id === f.id ? { ...p, rotation: turned(p.rotation) } : p))),
                  }}
                />
              ))}
            </ul>
          )}
          {listing.nextCursor && (
            <button type="button" className="button button-secondary" data-testid="load-more" onClick={() => void loadMore()}>
              {t('drive.loadMore')}
            </button>
          )}
        </>
      )}
    </div>
  );
}
