import type { DomainDeps } from '../context.js';
import { toDocumentTypeView, toIssuerView, type DocumentTypeView, type IssuerView } from './issuer-views.js';
import { findIssuer } from './find-issuer.js';

/** Public directory search: active issuers whose name (in any language) contains `q`. */
export async function searchIssuers(deps: DomainDeps, filter: { q?: string; category?: string; state?: string }): Promise<IssuerView[]> {
  const rows = await deps.repos.issuers.list({
    status: 'active',
    ...(filter.category ? { category: filter.category } : {}),
    ...(filter.state ? { state: filter.state } : {}),
  });
  const q = filter.q?.normalize('NFKC').toLowerCase().trim();
  return rows.map(toIssuerView).filter((i) => !q || i.orgId.includes(q) || Object.values(i.names).some((n) => n?.normalize('NFKC').toLowerCase().includes(q)));
}

export async function getIssuer(deps: DomainDeps, orgId: string): Promise<IssuerView & { documentTypes: DocumentTypeView[] }> {
  const issuer = await findIssuer(deps, orgId);
  const types = await deps.repos.issuers.listDocumentTypes(issuer.id);
  return { ...toIssuerView(issuer), documentTypes: types.map(toDocumentTypeView) };
}
