import { AppError } from '../../lib/errors.js';
import { enforceLimit } from '../auth/rate-limit.js';
import type { DomainDeps } from '../context.js';
import type { PullSystemActor, ResidentActor } from '../actors.js';
import { issueDocuments } from '../documents/issue-documents.js';
import { reclaimPulledDocument } from '../documents/reclaim-document.js';
import { findDocumentType, findIssuer } from '../issuers/find-issuer.js';
import type { MatchRules, PullParameter } from '../issuers/localized.js';
import { matchesParameterPattern } from '../issuers/parameter-pattern.js';
import { lookupKey } from './hosted-records.js';
import { namesMatch } from './name-match.js';
import type { PullOutcome } from './pull-outcome.js';
import { pullFromIssuerEndpoint } from './pull-remote.js';
import type { DocumentTypeRow, IssuerRow } from '../../repositories/issuers.repository.js';
import type { ResidentRow } from '../../repositories/residents.repository.js';
import { countPull } from '../statistics/count-pull.js';

export interface PullInput {
  orgId: string;
  docType: string;
  parameters: Record<string, string>;
  consent: boolean;
}

export type { PullOutcome };

const notFound = () => new AppError('record_not_found', 'The issuer has no record matching these details and your Aadhaar profile. Check what you typed.');

/**
 * A resident pulls a document: the issuer's records (hosted here, or behind its own Pull URI endpoint)
 * are searched with the parameters, the record's name and date of birth are matched against
 * the resident's e-KYC profile, and the document is issued into the locker — or left pending.
 */
export async function pullDocument(deps: DomainDeps, actor: ResidentActor, input: PullInput): Promise<PullOutcome> {
  if (!input.consent) {
    throw new AppError('consent_required', 'Tick the declaration to let Tijori fetch this document from the issuer on your behalf.', {
      errors: [{ path: '/body/consent', message: 'must be given' }],
    });
  }
  const issuer = await findIssuer(deps, input.orgId);
  if (issuer.status !== 'active' || issuer.pull_mode === 'none') throw new AppError('issuer_not_found', 'This issuer does not offer documents to pull.');
  const type = await findDocumentType(deps, issuer, input.docType);
  const parameters = type.parameters;
  for (const p of parameters) {
    const value = input.parameters[p.name]?.trim();
    if (!value || value.length > 100 || (p.pattern && !matchesParameterPattern(p.pattern, value))) {
      throw new AppError('validation_failed', `${p.label.en} is missing or not in the expected form${p.example ? ` (e.g. ${p.example})` : ''}.`, {
        errors: [{ path: `/body/parameters/${p.name}`, message: 'is missing or malformed' }],
      });
    }
  }
  const resident = await deps.repos.residents.findById(actor.residentId);
  const rules = type.match_rules;
  if ((rules.name || rules.dob) && !resident?.name) {
    throw new AppError('aadhaar_not_linked', 'Link your Aadhaar first: the issuer’s record is matched against your Aadhaar name and date of birth.');
  }
  await enforceLimit(deps, `pull:${actor.residentId}`, { max: 30, windowMs: 60 * 60 * 1000 });

  if (issuer.pull_mode === 'remote')
    return countPull(deps, issuer, true, () => pullFromIssuerEndpoint(deps, actor, { issuer, type, parameters: input.parameters, resident: resident! }));
  return countPull(deps, issuer, false, () => pullHosted(deps, actor, { issuer, type, parameters, values: input.parameters, rules, resident: resident! }));
}

async function pullHosted(
  deps: DomainDeps,
  actor: ResidentActor,
  {
    issuer,
    type,
    parameters,
    values,
    rules,
    resident,
  }: { issuer: IssuerRow; type: DocumentTypeRow; parameters: PullParameter[]; values: Record<string, string>; rules: MatchRules; resident: ResidentRow },
): Promise<PullOutcome> {
  const system: PullSystemActor = { kind: 'system', task: 'pull', issuerId: issuer.id, residentId: actor.residentId };

  const record = await deps.repos.hostedRecords.find(issuer.id, type.code, lookupKey(parameters, values));
  if (!record) throw notFound();
  if (rules.name && !namesMatch(record.holder_name, resident.name!)) throw notFound();
  if (rules.dob && record.holder_dob !== resident.dob) throw notFound();
  const r = record.record;
  const [outcome] = await issueDocuments(deps, system, issuer, [
    {
      docType: type.code,
      docId: record.doc_id,
      holder: {
        lockerId: actor.residentId,
        name: r.holder.name,
        ...(r.holder.nameLocal ? { nameLocal: r.holder.nameLocal } : {}),
        ...(r.holder.dob ? { dob: r.holder.dob } : {}),
      },
      fields: r.fields,
      issuedOn: r.issuedOn,
      ...(r.validFrom ? { validFrom: r.validFrom } : {}),
      ...(r.validTo ? { validTo: r.validTo } : {}),
    },
  ]);
  if (!outcome?.ok) throw new AppError('internal_error', 'The record could not be issued.');
  if (outcome.outcome === 'exists') {
    const existing = await deps.repos.documents.findByUri(outcome.uri);
    const alreadyHeld = await reclaimPulledDocument(deps, actor, existing, { matchedProfile: Boolean(rules.name || rules.dob) }, notFound);
    return { status: 'issued', uri: outcome.uri, alreadyHeld };
  }
  return { status: 'issued', uri: outcome.uri, alreadyHeld: false };
}
