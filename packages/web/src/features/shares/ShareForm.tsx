import { useState, type FormEvent } from 'react';
import { createShare, type NewShare, type Share, type SharerShown } from '../../api/shares';
import { CopyButton } from '../../components/CopyButton';
import { FormAlert } from '../../components/FormAlert';
import { SelectField } from '../../components/SelectField';
import { TextField } from '../../components/TextField';
import { describeError } from '../../i18n/api-errors';
import { useI18n } from '../../i18n/i18n-context';
import { ShareQr } from './ShareQr';

export const EXPIRY_CHOICES = [
  { hours: 1, key: 'share.expiry.1h' },
  { hours: 24, key: 'share.expiry.24h' },
  { hours: 24 * 7, key: 'share.expiry.7d' },
  { hours: 24 * 30, key: 'share.expiry.30d' },
] as const;

/**
 * Sharing from a document's own page, or a file in the Uploaded section: "Share" opens this with
 * safe defaults (24 hours, name masked, no download), so "Create link" is the second and last tap.
 */
export function ShareForm({
  target,
  title,
  compact = false,
  idPrefix = 'share',
}: {
  target: NewShare['target'];
  title: string;
  compact?: boolean;
  idPrefix?: string;
}) {
  const { t, format } = useI18n();
  const [open, setOpen] = useState(false);
  const [hours, setHours] = useState('24');
  const [maxViews, setMaxViews] = useState('');
  const [pin, setPin] = useState('');
  const [note, setNote] = useState('');
  const [allowDownload, setAllowDownload] = useState(false);
  const [shown, setShown] = useState<SharerShown>('masked');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ message: string; code: string } | null>(null);
  const [created, setCreated] = useState<Share | null>(null);
  const uploaded = target.kind === 'uploaded';

  if (!open) {
    return (
      <button
        type="button"
        className={compact ? 'button button-secondary button-small' : 'button button-primary'}
        onClick={() => setOpen(true)}
        data-testid="share-open"
      >
        {t('share.button')}
      </button>
    );
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setCreated(
        await createShare({
          target,
          expiresInHours: Number(hours),
          ...(maxViews ? { maxViews: Number(maxViews) } : {}),
          ...(pin ? { pin } : {}),
          ...(note.trim() ? { note: note.trim() } : {}),
          allowDownload,
          sharerShown: shown,
        }),
      );
    } catch (err) {
      setError({ message: describeError(err, t, format), code: 'share_failed' });
    } finally {
      setBusy(false);
    }
  }

  if (created) {
    return (
      <section className="card stack-sm" aria-labelledby={`${idPrefix}-created`} data-testid="share-created">
        <h2 id={`${idPrefix}-created`}>{t('share.formTitle')}</h2>
        <p role="status">{t('share.created')}</p>
        <p className="mono share-url" data-testid="share-url">
          {created.url}
        </p>
        <p className="small">{t('share.expires', { time: format.dateTime(created.expiresAt) })}</p>
        <div className="actions">
          <CopyButton text={created.url} label={t('share.copyLink')} testId="share-copy" />
        </div>
        <ShareQr url={created.url} title={title} initiallyShown />
      </section>
    );
  }

  return (
    <form className="card stack-sm" onSubmit={(e) => void submit(e)} aria-labelledby={`${idPrefix}-form-title`} data-testid="share-form" noValidate>
      <h2 id={`${idPrefix}-form-title`}>{t('share.formTitle')}</h2>
      <p className="small">{t(uploaded ? 'shareUpload.formIntro' : 'share.formIntro')}</p>
      <SelectField
        id={`${idPrefix}-expiry`}
        label={t('share.expiry')}
        value={hours}
        onChange={(e) => setHours(e.target.value)}
        options={EXPIRY_CHOICES.map((c) => ({ value: String(c.hours), label: t(c.key) }))}
      />
      <TextField
        id={`${idPrefix}-pin`}
        label={t('share.pin')}
        hint={t('share.pinHint')}
        optional
        value={pin}
        onChange={(e) => setPin(e.target.value.replace(/\D/g, '').slice(0, 6))}
        inputMode="numeric"
        autoComplete="off"
        maxLength={6}
      />
      <TextField
        id={`${idPrefix}-max-views`}
        label={t('share.maxViews')}
        hint={t('share.maxViewsHint')}
        optional
        value={maxViews}
        onChange={(e) => setMaxViews(e.target.value.replace(/\D/g, '').slice(0, 4))}
        inputMode="numeric"
      />
      <TextField id={`${idPrefix}-note`} label={t('share.note')} optional value={note} onChange={(e) => setNote(e.target.value)} maxLength={280} />
      <SelectField
        id={`${idPrefix}-shown`}
        label={t('share.sharerShown')}
        value={shown}
        onChange={(e) => setShown(e.target.value as SharerShown)}
        options={(['masked', 'first', 'full'] as const).map((v) => ({ value: v, label: t(`share.sharerShown.${v}`) }))}
      />
      <div className="checkbox">
        <input id={`${idPrefix}-download`} type="checkbox" checked={allowDownload} onChange={(e) => setAllowDownload(e.target.checked)} />
        <label htmlFor={`${idPrefix}-download`}>{t(uploaded ? 'shareUpload.allowDownload' : 'share.allowDownload')}</label>
      </div>
      <FormAlert error={error} testId="share-error" />
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={busy} aria-busy={busy || undefined} data-testid="share-create">
          {t('share.create')}
        </button>
        <button type="button" className="button button-secondary" onClick={() => setOpen(false)}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
