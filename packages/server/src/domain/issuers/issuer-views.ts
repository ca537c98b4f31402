import type { DocumentTypeRow, IssuerRow } from '../../repositories/issuers.repository.js';
import type { DocumentField, LocalizedText, MatchRules, PullParameter } from './localized.js';

export interface IssuerView {
  id: string;
  orgId: string;
  names: LocalizedText;
  category: string;
  state: string | null;
  status: string;
  pullMode: string;
  contactEmail: string | null;
  contactPhone: string | null;
}

export function toIssuerView(r: IssuerRow): IssuerView {
  return {
    id: r.id,
    orgId: r.org_id,
    names: r.names,
    category: r.category,
    state: r.state,
    status: r.status,
    pullMode: r.pull_mode,
    contactEmail: r.contact_email,
    contactPhone: r.contact_phone,
  };
}

export interface DocumentTypeView {
  code: string;
  names: LocalizedText;
  parameters: PullParameter[];
  fields: DocumentField[];
  template: string;
  matchRules: MatchRules;
}

export function toDocumentTypeView(r: DocumentTypeRow): DocumentTypeView {
  return {
    code: r.code,
    names: r.names,
    parameters: r.parameters,
    fields: r.fields,
    template: r.template,
    matchRules: r.match_rules,
  };
}
