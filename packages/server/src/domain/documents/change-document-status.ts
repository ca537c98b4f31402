import { AppError } from '../../lib/errors.js';
import type { DocumentStatus } from '../../db/schema.js';
import { recordActivity } from '../activity/record-activity.js';
import type { DomainDeps } from '../context.js';
import { assertActsFor, type DirectoryActor } from '../actors.js';
import { documentNames, notify } from '../notifications/notify.js';
import type { NotificationKind } from '@tijori/texts';
import { findDocumentByUri } from './find-document.js';
import { recordAudit } from '../audit/audit-log.js';
import { markStatusChanged } from '../status/status-lists.js';

const STATUS_NOTICE: Record<DocumentStatus, NotificationKind> = { active: 'document_reinstated', suspended: 'document_suspended', revoked: 'document_revoked' };

const ALLOWED: Record<DocumentStatus, DocumentStatus[]> = {
  active: ['suspended', 'revoked'],
  suspended: ['active', 'revoked'],
  revoked: [],
};

/** Revoke (final), suspend, or reinstate a suspended document. Verifiers see it at once. */
export async function changeDocumentStatus(
  deps: DomainDeps,
  actor: DirectoryActor,
  uri: string,
  input: { status: DocumentStatus; reason?: string },
): Promise<{ uri: string; status: DocumentStatus }> {
  const { doc, issuer } = await findDocumentByUri(deps, uri);
  assertActsFor(actor, issuer.id);
  if (doc.status === input.status) return { uri, status: doc.status };
  if (!ALLOWED[doc.status].includes(input.status)) {
    throw new AppError('conflict', `A ${doc.status} document cannot become ${input.status}.`);
  }
  const now = deps.clock.now();
  await deps.transaction(async (repos) => {
    const tx = { ...deps, repos };
    await repos.documents.changeStatus(doc.id, { status: input.status, reason: input.reason ?? null, at: now });
    // After the document: a list built in between is then stale by revision, never wrong for good.
    await markStatusChanged(tx, doc.status_list_id);
    await recordAudit(tx, actor, 'document.status_changed', {
      issuerId: issuer.id,
      target: uri,
      details: { from: doc.status, to: input.status, reason: input.reason ?? null },
    });
  });
  if (doc.resident_id) {
    await recordActivity(deps, doc.resident_id, 'document_status_changed', null, { uri, status: input.status });
    await notify(deps, [
      {
        residentId: doc.resident_id,
        kind: STATUS_NOTICE[input.status],
        params: { ...(await documentNames(deps, doc, issuer)), uri, ...(input.reason ? { reason: input.reason } : {}) },
      },
    ]);
  }
  return { uri, status: input.status };
}
