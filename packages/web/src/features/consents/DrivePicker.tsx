import type { ReactNode } from 'react';
import type { DriveChoices } from '../../api/consents';
import { useI18n } from '../../i18n/i18n-context';

export interface DrivePick {
  files: Set<string>;
  folders: Set<string>;
}

const toggled = (set: Set<string>, id: string, on: boolean) => {
  const next = new Set(set);
  if (on) next.add(id);
  else next.delete(id);
  return next;
};

function PickBox({
  id,
  kind,
  checked,
  onChange,
  children,
}: {
  id: string;
  kind: 'file' | 'folder';
  checked: boolean;
  onChange(on: boolean): void;
  children: ReactNode;
}) {
  return (
    <label className="checkbox">
      <input type="checkbox" checked={checked} data-testid={`consent-drive-${kind}`} value={id} onChange={(e) => onChange(e.target.checked)} /> {children}
    </label>
  );
}

/**
 * The resident picks which of their drive's folders (each with everything in it) and files a
 * requester with `files.uploadeddocs` may read. Nothing is ticked at first: the drive is shared
 * only as far as the resident says.
 */
export function DrivePicker({ drive, pick, onChange }: { drive: DriveChoices; pick: DrivePick; onChange(next: DrivePick): void }) {
  const { t } = useI18n();
  const byId = new Map(drive.folders.map((f) => [f.id, f]));
  const pathOf = (folderId: string | null): string[] => {
    const names: string[] = [];
    for (let f = folderId ? byId.get(folderId) : undefined; f && names.length <= drive.folders.length; f = f.parentId ? byId.get(f.parentId) : undefined)
      names.unshift(f.name);
    return names;
  };
  const folders = drive.folders.map((f) => ({ id: f.id, path: pathOf(f.id).join(' / ') })).sort((a, b) => a.path.localeCompare(b.path));
  const files = drive.files.map((f) => ({ id: f.id, path: [...pathOf(f.folderId), f.name].join(' / ') })).sort((a, b) => a.path.localeCompare(b.path));
  return (
    <fieldset className="stack-sm" data-testid="consent-drive">
      <legend>{t('consent.driveChoose')}</legend>
      {folders.length + files.length === 0 && <p data-testid="consent-drive-empty">{t('consent.driveEmpty')}</p>}
      {folders.map((f) => (
        <PickBox
          key={f.id}
          id={f.id}
          kind="folder"
          checked={pick.folders.has(f.id)}
          onChange={(on) => onChange({ ...pick, folders: toggled(pick.folders, f.id, on) })}
        >
          {t('consent.driveFolder', { name: f.path })}
        </PickBox>
      ))}
      {files.map((f) => (
        <PickBox key={f.id} id={f.id} kind="file" checked={pick.files.has(f.id)} onChange={(on) => onChange({ ...pick, files: toggled(pick.files, f.id, on) })}>
          {f.path}
        </PickBox>
      ))}
    </fieldset>
  );
}
