import { sha256Hex } from '../../crypto/secrets.js';
import { AppError } from '../../lib/errors.js';
import type { HostedRecordContent } from '../../repositories/hosted-records.repository.js';
import type { DomainDeps, Repositories } from '../context.js';
import { assertActsFor, type DirectoryActor } from '../actors.js';
import { recordAudit } from '../audit/audit-log.js';
import { findDocumentType, findIssuer } from '../issuers/find-issuer.js';
import type { PullParameter } from '../issuers/localized.js';
import { DOC_ID_PATTERN, isDate } from '../documents/issue-documents.js';

export interface HostedRecordInput extends HostedRecordContent {
  parameters: Record<string, string>;
  docId: string;
}

/** Parameters as a resident may type them: case, spaces and leading/trailing blanks do not matter. */
export function lookupKey(parameters: PullParameter[], values: Record<string, string>): string {
  const normal = parameters.map((p) => `${p.name}=${(values[p.name] ?? '').normalize('NFKC').trim().toUpperCase().replace(/\s+/g, '')}`);
  return sha256Hex(normal.join('\n'));
}

/** An issuer uploads the records residents can pull documents from (replacing same-parameter ones). */
export async function uploadHostedRecords(
  deps: DomainDeps,
  actor: DirectoryActor,
  orgId: string,
  docTypeCode: string,
  records: HostedRecordInput[],
): Promise<{ accepted: number; rejected: { index: number; message: string }[] }> {
  const issuer = await findIssuer(deps, orgId);
  assertActsFor(actor, issuer.id);
  const type = await findDocumentType(deps, issuer, docTypeCode);
  const parameters = type.parameters;
  const rejected: { index: number; message: string }[] = [];
  const rows: Parameters<Repositories['hostedRecords']['upsertMany']>[0] = [];
  const now = deps.clock.now();
  for (const [index, r] of records.entries()) {
    const missing = parameters.find((p) => !r.parameters[p.name]);
    if (missing) {
      rejected.push({ index, message: `Parameter ${missing.name} is missing.` });
      continue;
    }
    if (!DOC_ID_PATTERN.test(r.docId) || !r.holder?.name || !isDate(r.issuedOn) || (r.holder.dob !== undefined && !isDate(r.holder.dob))) {
      rejected.push({ index, message: 'docId, holder.name, issuedOn (YYYY-MM-DD) and holder.dob (if given) must be valid.' });
      continue;
    }
    rows.push({
      id: deps.ids.uuid(),
      issuer_id: issuer.id,
      doc_type: type.code,
      lookup_key: lookupKey(parameters, r.parameters),
      doc_id: r.docId,
      holder_name: r.holder.name,
      holder_dob: r.holder.dob ?? null,
      record: { holder: r.holder, fields: r.fields, issuedOn: r.issuedOn, validFrom: r.validFrom, validTo: r.validTo },
      created_at: now,
    });
  }
  if (rows.length === 0 && records.length > 0 && rejected.length === 0) throw new AppError('validation_failed', 'No records.');
  // Counts only: the records hold residents' names and numbers, which the audit log must not.
  if (rows.length > 0)
    await deps.transaction(async (repos) => {
      await repos.hostedRecords.upsertMany(rows);
      await recordAudit({ ...deps, repos }, actor, 'hosted_records.uploaded', {
        issuerId: issuer.id,
        target: type.code,
        details: { accepted: rows.length, rejected: rejected.length },
      });
    });
  return { accepted: rows.length, rejected };
}
