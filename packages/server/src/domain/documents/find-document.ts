import { AppError } from '../../lib/errors.js';
import type { DocumentRow } from '../../repositories/documents.repository.js';
import type { IssuerRow } from '../../repositories/issuers.repository.js';
import type { DomainDeps } from '../context.js';

export async function findDocumentByUri(deps: Pick<DomainDeps, 'repos'>, uri: string): Promise<{ doc: DocumentRow; issuer: IssuerRow }> {
  const doc = await deps.repos.documents.findByUri(uri);
  const issuer = doc ? await deps.repos.issuers.findById(doc.issuer_id) : undefined;
  if (!doc || !issuer) throw new AppError('document_not_found', 'No document has that URI.');
  return { doc, issuer };
}
