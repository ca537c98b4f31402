import { AppError } from '../../lib/errors.js';
import type { DocumentTypeRow, IssuerRow } from '../../repositories/issuers.repository.js';
import type { DomainDeps } from '../context.js';

export async function findIssuer(deps: Pick<DomainDeps, 'repos'>, orgId: string): Promise<IssuerRow> {
  const issuer = await deps.repos.issuers.findByOrgId(orgId);
  if (!issuer) throw new AppError('issuer_not_found', `No issuer ${orgId} is registered.`);
  return issuer;
}

export async function findDocumentType(deps: Pick<DomainDeps, 'repos'>, issuer: IssuerRow, code: string): Promise<DocumentTypeRow> {
  const type = await deps.repos.issuers.findDocumentType(issuer.id, code);
  if (!type) throw new AppError('doctype_not_found', `${issuer.org_id} has no document type ${code}.`);
  return type;
}
