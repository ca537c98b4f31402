import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { Rotation } from '../../api/uploads';
import { useI18n } from '../../i18n/i18n-context';
import { drawPreview, type Crop } from './prepare-photo';

export interface EditedPhoto {
  key: string;
  file: File;
  rotation: Rotation;
  crop: Crop;
}

const TURNS: Rotation[] = [0, 90, 180, 270];
const SIDES = ['top', 'bottom', 'left', 'right'] as const;
/** What a side may give up, in percent: at least a tenth of the photo is always kept. */
const MAX_CROP = 45;
const PREVIEW_SIDE = 600;

/**
 * Photos from the camera before they are sent: each one turned in quarter turns and cropped
 * with four sliders (a crop box drawn over the preview), then combined into one PDF. Sliders
 * rather than dragged handles: they work with a thumb, a keyboard and a screen reader alike.
 */
export function PhotoEditor(props: {
  photos: EditedPhoto[];
  busy: boolean;
  onChange(photos: EditedPhoto[]): void;
  onCombine(name: string): void;
  onCancel(): void;
}) {
  const { t } = useI18n();
  const [name, setName] = useState(() => t('drive.pdfDefaultName'));
  const update = (key: string, patch: Partial<EditedPhoto>) => props.onChange(props.photos.map((p) => (p.key === key ? { ...p, ...patch } : p)));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (name.trim()) props.onCombine(name.trim());
  };

  return (
    <form className="card stack-sm drive-editor" aria-labelledby="drive-editor-title" data-testid="photo-editor" onSubmit={submit}>
      <h2 id="drive-editor-title">{t('drive.editor.title')}</h2>
      <p className="hint small">{t('drive.editor.help')}</p>
      <ol className="drive-editor-photos">
        {props.photos.map((photo, i) => (
          <li key={photo.key} className="stack-sm" data-testid="edited-photo">
            <PhotoPreview photo={photo} label={t('drive.editor.photo', { number: i + 1 })} />
            <div className="drive-actions">
              <button
                type="button"
                className="button button-secondary button-small"
                data-testid="turn-photo"
                onClick={() => update(photo.key, { rotation: TURNS[(TURNS.indexOf(photo.rotation) + 1) % 4]! })}
              >
                {t('drive.turn', { degrees: photo.rotation })}
              </button>
              <button type="button" className="button-link small" onClick={() => props.onChange(props.photos.filter((p) => p.key !== photo.key))}>
                {t('drive.editor.remove')}
              </button>
            </div>
            <fieldset className="drive-crop">
              <legend>{t('drive.editor.crop')}</legend>
              {SIDES.map((side) => {
                const id = `crop-${photo.key}-${side}`;
                return (
                  <div key={side} className="drive-crop-side">
                    <label htmlFor={id}>{t(`drive.editor.crop.${side}`)}</label>
                    <input
                      id={id}
                      type="range"
                      min={0}
                      max={MAX_CROP}
                      step={1}
                      data-testid={`crop-${side}`}
                      value={Math.round(photo.crop[side] * 100)}
                      aria-valuetext={`${Math.round(photo.crop[side] * 100)}%`}
                      onChange={(e) => update(photo.key, { crop: { ...photo.crop, [side]: Number(e.target.value) / 100 } })}
                    />
                  </div>
                );
              })}
            </fieldset>
          </li>
        ))}
      </ol>
      <label htmlFor="drive-pdf-name">{t('drive.pdfName')}</label>
      <input id="drive-pdf-name" data-testid="pdf-name" value={name} maxLength={120} required onChange={(e) => setName(e.target.value)} />
      <div className="drive-actions">
        <button type="submit" className="button button-primary" data-testid="make-pdf" disabled={props.busy || props.photos.length === 0}>
          {props.busy ? t('drive.editor.working') : t('drive.combine')}
        </button>
        <button type="button" className="button button-secondary" disabled={props.busy} onClick={props.onCancel}>
          {t('drive.editor.cancel')}
        </button>
      </div>
    </form>
  );
}

/** The whole photo, turned, with the part the crop keeps outlined and the rest shaded. */
function PhotoPreview({ photo, label }: { photo: EditedPhoto; label: string }) {
  const { t } = useI18n();
  const canvas = useRef<HTMLCanvasElement>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (canvas.current)
      drawPreview(canvas.current, photo.file, photo.rotation, PREVIEW_SIDE).then(
        () => setFailed(false),
        () => setFailed(true),
      );
  }, [photo.file, photo.rotation]);
  const { crop } = photo;
  return (
    <figure className="drive-editor-figure">
      <div className="drive-editor-frame">
        <canvas ref={canvas} role="img" aria-label={label} />
        <div
          className="drive-crop-box"
          aria-hidden="true"
          style={{ left: `${crop.left * 100}%`, top: `${crop.top * 100}%`, right: `${crop.right * 100}%`, bottom: `${crop.bottom * 100}%` }}
        />
      </div>
      <figcaption className="small">{failed ? t('drive.editor.unreadable', { name: photo.file.name }) : label}</figcaption>
    </figure>
  );
}
