import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { isApiError } from '../../api/client';
import { changeDocumentStatus } from '../../api/directory';
import { FormAlert, StatusMessage } from '../../components/FormAlert';
import { useFormErrors } from '../../components/form-errors';
import { PageHeading } from '../../components/PageHeading';
import { RadioGroup } from '../../components/RadioGroup';
import { StatusBadge } from '../../components/StatusBadge';
import { TextField } from '../../components/TextField';
import { useI18n } from '../../i18n/i18n-context';
import { focusById } from '../../lib/focus';
import { RequireRole } from './ConsoleLayout';
import { useStaffMe } from './staff-context';

const URI_PATTERN = /^[a-z][a-z0-9.-]*-[A-Z]{1,5}-[A-Za-z0-9]{1,64}$/;
type Action = 'revoked' | 'suspended' | 'active';

function StatusForm({ orgId }: { orgId: string }) {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const [uri, setUri] = useState(params.get('uri') ?? '');
  const [action, setAction] = useState<Action>('revoked');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<{ uri: string; status: string } | null>(null);
  const errors = useFormErrors<'uri' | 'reason'>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    errors.clear();
    setDone(null);
    const clean = uri.trim();
    if (!URI_PATTERN.test(clean)) {
      errors.setField('uri', t('verify.code.uriInvalid'));
      focusById('status-uri');
      return;
    }
    if (!clean.startsWith(`${orgId}-`)) {
      errors.setField('uri', t('console.status.otherIssuer', { orgId }));
      focusById('status-uri');
      return;
    }
    setBusy(true);
    try {
      const answer = await changeDocumentStatus(orgId, clean, { status: action, ...(reason.trim() ? { reason: reason.trim() } : {}) });
      setDone(answer);
      focusById('status-result');
    } catch (err) {
      if (isApiError(err) && (err.code === 'document_not_found' || err.code === 'not_found')) {
        errors.setField('uri', t('console.status.notFound'), err.code);
        focusById('status-uri');
      } else if (isApiError(err) && err.code === 'conflict') {
        errors.setForm({ message: t('console.status.conflict'), code: err.code });
      } else {
        const field = errors.fromApi(err, { paths: { '/params/uri': 'uri', '/body/reason': 'reason' } });
        if (field) focusById(field === 'uri' ? 'status-uri' : 'status-reason');
      }
    } finally {
      setBusy(false);
    }
  }

  const doneText =
    done?.status === 'revoked' ? t('console.status.doneRevoked') : done?.status === 'suspended' ? t('console.status.doneSuspended') : done ? t('console.status.doneActive') : null;

  return (
    <form className="stack" noValidate onSubmit={(e) => void submit(e)} data-testid="status-form">
      <div id="status-result" tabIndex={-1}>
        <StatusMessage message={doneText} testId="status-result" />
      </div>
      {done && (
        <p data-testid="status-result-uri" data-status={done.status}>
          <span className="mono">{done.uri}</span> <StatusBadge status={done.status} testId="status-result-badge" />
        </p>
      )}
      <FormAlert error={errors.form} />
      <TextField
        id="status-uri"
        label={t('documents.uri')}
        hint={t('console.status.uriHint', { orgId })}
        error={errors.fields.uri}
        value={uri}
        onChange={(e) => setUri(e.target.value)}
        autoComplete="off"
        autoCapitalize="none"
        spellCheck={false}
        maxLength={200}
      />
      <RadioGroup
        name="status-action"
        legend={t('console.status.action')}
        value={action}
        onChange={setAction}
        options={[
          { value: 'revoked', label: t('console.status.revoke'), hint: t('console.status.revokeHint') },
          { value: 'suspended', label: t('console.status.suspend'), hint: t('console.status.suspendHint') },
          { value: 'active', label: t('console.status.reinstate'), hint: t('console.status.reinstateHint') },
        ]}
      />
      <TextField id="status-reason" label={t('console.status.reason')} optional error={errors.fields.reason} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} />
      <div className="actions">
        <button type="submit" className={`button ${action === 'revoked' ? 'button-danger' : 'button-primary'}`} disabled={busy} aria-busy={busy || undefined} data-testid="status-submit">
          {action === 'revoked' ? t('console.status.revoke') : action === 'suspended' ? t('console.status.suspend') : t('console.status.reinstate')}
        </button>
      </div>
    </form>
  );
}

/** /console/status — revoke, suspend or reinstate a document by its URI. */
export function DocumentStatusPage() {
  return (
    <RequireRole role="issuer">
      <DocumentStatus />
    </RequireRole>
  );
}

function DocumentStatus() {
  const { t } = useI18n();
  const me = useStaffMe();
  return (
    <div className="narrow stack">
      <PageHeading title={t('console.status.title')}>{t('console.status.title')}</PageHeading>
      <p>{t('console.status.intro')}</p>
      <section className="card">
        <StatusForm orgId={me.orgId!} />
      </section>
    </div>
  );
}
