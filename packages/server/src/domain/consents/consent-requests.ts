import { sha256Hex } from '../../crypto/secrets.js';
import { AppError } from '../../lib/errors.js';
import type { DriveGrant, OauthRequestRow } from '../../repositories/consents.repository.js';
import type { RequesterRow } from '../../repositories/requesters.repository.js';
import { answerChallenge, openSmsChallenge, type ChallengeView } from '../auth/challenges.js';
import { smsTexts } from '../auth/sms-texts.js';
import type { DomainDeps, RequestContext } from '../context.js';
import type { ResidentActor } from '../actors.js';
import { listResidentDocuments, type IssuedDocumentSummary } from '../documents/list-resident-documents.js';
import { pick } from '../issuers/localized.js';
import { reauthenticateWithPin } from '../residents/reauthenticate.js';
import { requesterLogoPath } from '../requesters/requester-logo.js';
import { parseScope } from '../requesters/scopes.js';
import { maskMobile } from '../auth/mobile.js';
import { docTypeAllowed, errorRedirect } from './authorize.js';
import { noteConsentGranted, recordConsent, type ConsentGrant } from './record-consent.js';
import { checkDriveGrant, driveChoices, missingDocTypes, type DriveChoices, type MissingDocType } from './consent-uploads.js';

/** A code is exchanged within this long or not at all. */
export const CODE_TTL_MS = 10 * 60 * 1000;

export interface ConsentRequestView {
  requestId: string;
  /** `logoUrl`: the registered logo's public path, or null. */
  requester: { name: string; clientId: string; purpose: string; logoUrl: string | null };
  redirectHost: string;
  scopes: string[];
  profileFields: string[];
  documents: IssuedDocumentSummary[];
  /** With `files.uploadeddocs`: the folders and clean files the resident may pick; else null. */
  drive: DriveChoices | null;
  /** Types the requester named that the resident lacks: the screen offers to upload a copy. */
  missingDocTypes: MissingDocType[];
  /** Set when a trusted requester named the resident's mobile: only that resident may answer. */
  forMobile: string | null;
  validUntil: string;
  expiresAt: string;
}

/**
 * The open request, bound to `actor`: the request id travels in a URL, so the first resident who
 * opens it claims it, and any other resident (another account on the same browser, someone the
 * link leaked to) is told it does not exist rather than seeing, answering or refusing it.
 */
async function openRequest(deps: DomainDeps, actor: ResidentActor, id: string): Promise<{ req: OauthRequestRow; requester: RequesterRow }> {
  const req = await deps.repos.consents.findRequest(id);
  const requester = req ? await deps.repos.requesters.findById(req.requester_id) : undefined;
  if (!req || !requester) throw notFound();
  if (req.used_at !== null || req.expires_at <= deps.clock.now() || requester.status !== 'active') {
    throw new AppError('consent_request_expired', 'This request to share has ended. Go back to the application and start again.');
  }
  if (req.resident_id !== actor.residentId) {
    if (req.verified_mobile !== null && (await deps.repos.residents.findById(actor.residentId))?.mobile !== req.verified_mobile)
      throw new AppError(
        'consent_request_other_mobile',
        `This application asked for the locker of mobile number ${maskMobile(req.verified_mobile)}. Sign out and sign in with that number.`,
        { mobile: maskMobile(req.verified_mobile) },
      );
    if (!(await deps.repos.consents.claimRequest(req.id, actor.residentId))) throw notFound();
  }
  return { req, requester };
}

/**
 * Before sign-in: the mobile the portal's sign-in form is fixed to, when a trusted requester
 * named one (`verified_mobile`); null otherwise, and for a request that is not open any more. The
 * request id is a 128-bit secret the requester sent this browser; the requester knows the number.
 */
export async function consentRequestSignInHint(deps: DomainDeps, id: string): Promise<{ mobile: string | null }> {
  const req = await deps.repos.consents.findRequest(id);
  const open = req && req.used_at === null && req.expires_at > deps.clock.now();
  return { mobile: open ? req.verified_mobile : null };
}

const notFound = () => new AppError('consent_request_not_found', 'This request to share does not exist. Go back to the application and start again.');

/** The documents of the resident this request may cover (all their issued ones of the asked types). */
async function eligibleDocuments(deps: DomainDeps, actor: ResidentActor, req: OauthRequestRow, language?: string): Promise<IssuedDocumentSummary[]> {
  if (!parseScope(req.scope).includes('files.issueddocs')) return [];
  const docTypes = req.doc_types;
  const { documents } = await listResidentDocuments(deps, actor, { limit: 100, ...(language ? { language } : {}) });
  return documents.filter((d) => d.status === 'active' && docTypeAllowed(docTypes, d));
}

/** What the consent screen shows: who asks, why, for what, until when, and the resident's matching documents. */
export async function viewConsentRequest(deps: DomainDeps, actor: ResidentActor, id: string, language?: string): Promise<ConsentRequestView> {
  const { req, requester } = await openRequest(deps, actor, id);
  const scopes = parseScope(req.scope);
  const documents = await eligibleDocuments(deps, actor, req, language);
  return {
    requestId: req.id,
    requester: {
      name: pick(requester.names, language),
      clientId: requester.client_id,
      purpose: pick(requester.purpose, language),
      logoUrl: requesterLogoPath(requester.logo_sha256),
    },
    redirectHost: new URL(req.redirect_uri).host,
    scopes,
    profileFields: scopes.includes('userdetails') ? ['name', 'dob', 'gender'] : [],
    documents,
    drive: scopes.includes('files.uploadeddocs') ? await driveChoices(deps, actor) : null,
    missingDocTypes: await missingDocTypes(deps, req, documents, language),
    forMobile: req.verified_mobile && maskMobile(req.verified_mobile),
    validUntil: new Date(req.valid_until).toISOString(),
    expiresAt: new Date(req.expires_at).toISOString(),
  };
}

/**
 * The resident picks documents and confirms with the PIN; an OTP of its own purpose
 * (`consent_grant`, bound to this session) then confirms. A sign-in OTP cannot.
 */
export async function confirmConsentRequest(
  deps: DomainDeps,
  actor: ResidentActor,
  id: string,
  input: { pin: string; documents: string[]; uploads?: DriveGrant },
  ctx: RequestContext,
): Promise<ChallengeView> {
  const { req, requester } = await openRequest(deps, actor, id);
  const held = await eligibleDocuments(deps, actor, req);
  const eligible = new Set(held.map((d) => d.uri));
  const chosen = [...new Set(input.documents)];
  chosen.forEach((uri, i) => {
    if (!eligible.has(uri))
      throw new AppError('validation_failed', 'You can share only your own documents that this application asked for.', {
        errors: [{ path: `/body/documents/${i}`, message: 'is not one of the documents asked for' }],
      });
  });
  const uploads = await checkDriveGrant(deps, actor, req, await missingDocTypes(deps, req, held), input.uploads);
  const r = await reauthenticateWithPin(deps, actor, input.pin);
  const name = pick(requester.names, r.language);
  return openSmsChallenge(deps, {
    purpose: 'consent_grant',
    mobile: r.mobile,
    residentId: r.id,
    ip: ctx.ip,
    context: { requestId: req.id, documents: chosen, uploads },
    message: (code) => smsTexts(r.language).consentGrant(code, name),
  });
}

/** The OTP turns the request into a consent and a single-use code; the portal sends the resident back with it. */
export async function verifyConsentRequest(
  deps: DomainDeps,
  actor: ResidentActor,
  id: string,
  input: { challengeId: string; otp: string },
  ctx: RequestContext,
): Promise<{ redirectTo: string }> {
  const { req, requester } = await openRequest(deps, actor, id);
  const row = await answerChallenge(deps, { challengeId: input.challengeId, purpose: 'consent_grant', otp: input.otp, residentId: actor.residentId });
  const context = row.context;
  if (context.requestId !== req.id) throw new AppError('challenge_not_found', 'This OTP was sent for another request to share.');
  const documents = (context.documents as string[]) ?? [];
  // Absent in a challenge sent before files could be picked: the whole drive, as its screen said.
  const uploads = context.uploads === undefined ? null : (context.uploads as DriveGrant | null);
  if (!(await deps.repos.consents.useRequest(req.id, deps.clock.now())))
    throw new AppError('consent_request_expired', 'This request to share has already been answered.');
  const now = deps.clock.now();
  const code = deps.ids.token(32);
  const grant: ConsentGrant = {
    residentId: actor.residentId,
    requester,
    scopes: parseScope(req.scope),
    documents,
    uploads,
    validUntil: req.valid_until,
    via: 'consent_screen',
  };
  const consent = await deps.transaction(async (repos) => {
    const made = await recordConsent(deps, repos, grant);
    await repos.consents.insertCode({
      code_hash: sha256Hex(code),
      consent_id: made.id,
      requester_id: requester.id,
      redirect_uri: req.redirect_uri,
      code_challenge: req.code_challenge,
      nonce: req.nonce,
      expires_at: now + CODE_TTL_MS,
      used_at: null,
    });
    return made;
  });
  await noteConsentGranted(deps, grant, consent, ctx);
  const u = new URL(req.redirect_uri);
  u.searchParams.set('code', code);
  u.searchParams.set('state', req.state);
  return { redirectTo: u.toString() };
}

/**
 * The resident says no: the application gets `access_denied`. Only the resident the request is
 * bound to may refuse it. There is no anonymous refusal: the consent screen is shown only after
 * sign-in (the portal sends a signed-out browser to sign in first), so a resident who gives up
 * before signing in simply goes back, and the request runs out after REQUEST_TTL_MS.
 */
export async function denyConsentRequest(deps: DomainDeps, actor: ResidentActor, id: string): Promise<{ redirectTo: string }> {
  const { req } = await openRequest(deps, actor, id);
  await deps.repos.consents.useRequest(req.id, deps.clock.now());
  return { redirectTo: errorRedirect(req.redirect_uri, 'access_denied', 'The resident did not consent.', req.state) };
}
