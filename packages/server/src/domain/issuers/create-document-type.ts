import { isUniqueViolation } from '../../db/db-errors.js';
import { AppError } from '../../lib/errors.js';
import type { DomainDeps } from '../context.js';
import { assertActsFor, type DirectoryActor } from '../actors.js';
import { recordAudit } from '../audit/audit-log.js';
import { toDocumentTypeView, type DocumentTypeView } from './issuer-views.js';
import type { DocumentField, LocalizedText, MatchRules, PullParameter } from './localized.js';
import { findIssuer } from './find-issuer.js';
import { isValidParameterPattern } from './parameter-pattern.js';
import { forgetDirectoryIndex } from './search-directory.js';

export const DOC_TYPE_PATTERN = '^[A-Z]{1,5}$';
export const TEMPLATES = ['certificate', 'marksheet', 'licence', 'card'] as const;

export interface CreateDocumentTypeInput {
  code: string;
  names: LocalizedText;
  parameters: PullParameter[];
  fields: DocumentField[];
  template: (typeof TEMPLATES)[number];
  matchRules?: MatchRules;
}

export async function createDocumentType(deps: DomainDeps, actor: DirectoryActor, orgId: string, input: CreateDocumentTypeInput): Promise<DocumentTypeView> {
  const issuer = await findIssuer(deps, orgId);
  assertActsFor(actor, issuer.id);
  for (const [i, p] of input.parameters.entries()) {
    if (p.pattern !== undefined && !isValidParameterPattern(p.pattern)) {
      throw new AppError('validation_failed', `Parameter ${p.name} has an invalid pattern (back-references and look-around are not supported).`, {
        errors: [{ path: `/body/parameters/${i}/pattern`, message: 'is not a valid RE2 regular expression' }],
      });
    }
  }
  const keys = new Set<string>();
  for (const [i, f] of input.fields.entries()) {
    if (keys.has(f.key))
      throw new AppError('validation_failed', `Field ${f.key} is defined twice.`, { errors: [{ path: `/body/fields/${i}/key`, message: 'is a duplicate' }] });
    keys.add(f.key);
  }
  try {
    await deps.transaction(async (repos) => {
      await repos.issuers.insertDocumentType({
        id: deps.ids.uuid(),
        issuer_id: issuer.id,
        code: input.code,
        names: input.names,
        parameters: input.parameters,
        fields: input.fields,
        template: input.template,
        match_rules: input.matchRules ?? { name: true, dob: true },
        created_at: deps.clock.now(),
      });
      await recordAudit({ ...deps, repos }, actor, 'document_type.created', {
        issuerId: issuer.id,
        target: input.code,
        details: { template: input.template, parameters: input.parameters.map((p) => p.name), fields: input.fields.length },
      });
    });
  } catch (err) {
    if (isUniqueViolation(err))
      throw new AppError('conflict', `${orgId} already has a document type ${input.code}.`, { errors: [{ path: '/body/code', message: 'is taken' }] });
    throw err;
  }
  forgetDirectoryIndex(deps);
  return toDocumentTypeView((await deps.repos.issuers.findDocumentType(issuer.id, input.code))!);
}
