import { AppError } from '../../lib/errors.js';
import type { DomainDeps } from '../context.js';
import { findDocumentType, findIssuer } from '../issuers/find-issuer.js';
import { pullDocument } from '../pull/pull-document.js';
import { audit, onBehalf, requireScope } from './requester-access.js';
import type { RequesterActor } from '../actors.js';

export interface PullParameterItem {
  label: string;
  paramname: string;
  example: string;
  /** The issuer directory keeps no fixed value lists (values are checked by pattern): always empty. */
  valuelist: string;
}

/** An issuer that offers pulls and its document type, in the partner API's codes. */
async function pullableType(deps: DomainDeps, orgId: string, docType: string) {
  const issuer = await findIssuer(deps, orgId).catch(() => undefined);
  if (!issuer || issuer.status !== 'active' || issuer.pull_mode === 'none')
    throw new AppError('invalid_orgid', 'No issuer with that org id offers documents to pull.');
  const type = await findDocumentType(deps, issuer, docType).catch(() => {
    throw new AppError('invalid_doctype', `${orgId} has no document type ${docType}.`);
  });
  return { issuer, type };
}

/** What a resident (or a requester for one) types to pull a document of this type (meta API: the requester is authenticated by HMAC). */
export async function pullParameters(deps: DomainDeps, orgId: string, docType: string): Promise<PullParameterItem[]> {
  const { type } = await pullableType(deps, orgId, docType);
  return type.parameters.map((p) => ({ label: p.label.en, paramname: p.name, example: p.example ?? '', valuelist: '' }));
}

const MAX_CONSENT_UPDATES = 5;

/**
 * A requester pulls a document into the resident's locker under the consent's `pull` scope,
 * through the resident's own pull (same matching against the resident's profile, same limits).
 * A newly issued document joins the consent, so the requester can then fetch it by its URI; a
 * document the resident already held is `uri_exists` and stays outside unless the resident
 * granted it.
 */
export async function requesterPullDocument(
  deps: DomainDeps,
  access: RequesterActor,
  input: { orgId: string; docType: string; consent: boolean; parameters: Record<string, string> },
): Promise<{ status: 'issued'; uri: string } | { status: 'pending' }> {
  requireScope(access, 'pull');
  const { type } = await pullableType(deps, input.orgId, input.docType);
  const missing = type.parameters.filter((p) => !input.parameters[p.name]?.trim()).map((p) => p.name);
  if (missing.length > 0) throw new AppError('parameter_missing', `Missing: ${missing.join(', ')}.`);
  const outcome = await pullDocument(deps, onBehalf(access), input);
  if (outcome.status === 'pending') {
    await audit(deps, access, 'pull');
    return { status: 'pending' };
  }
  if (outcome.alreadyHeld) throw new AppError('uri_exists', 'This document is already in the resident’s locker.');
  for (let i = 0; i < MAX_CONSENT_UPDATES; i++) {
    const consent = await deps.repos.consents.findConsent(access.consentId);
    if (!consent || (await deps.repos.consents.addConsentDocument(consent.id, consent.documents, outcome.uri))) break;
  }
  await audit(deps, access, 'pull', outcome.uri);
  return { status: 'issued', uri: outcome.uri };
}
