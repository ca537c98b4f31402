import type { RequesterRow } from '../../repositories/requesters.repository.js';
import type { DomainDeps } from '../context.js';
import { isValidMobile, normaliseMobile } from '../auth/mobile.js';
import { isKnownScope, parseScope } from '../requesters/scopes.js';

/** An authorisation request lives this long before the resident must start again. */
export const REQUEST_TTL_MS = 10 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
const CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

export interface AuthorizeQuery {
  response_type?: string;
  client_id?: string;
  redirect_uri?: string;
  state?: string;
  scope?: string;
  code_challenge?: string;
  code_challenge_method?: string;
  nonce?: string;
  dl_flow?: string;
  req_doctype?: string;
  consent_valid_till?: string;
  /** The reference's way to name the resident's mobile; ignored unless the operator trusts the requester for it. */
  verified_mobile?: string;
}

export type AuthorizeOutcome =
  /** Client or redirect URI is wrong: shown on Tijori's page, never sent anywhere. */
  | { kind: 'page'; error: string; description: string }
  /** Anything else wrong goes back to the (verified) redirect URI as OAuth says. */
  | { kind: 'redirect'; url: string }
  /** All good: the resident continues on the portal's consent page. */
  | { kind: 'consent'; requestId: string; signup: boolean };

export function errorRedirect(redirectUri: string, error: string, description: string, state?: string): string {
  const u = new URL(redirectUri);
  u.searchParams.set('error', error);
  u.searchParams.set('error_description', description);
  if (state) u.searchParams.set('state', state);
  return u.toString();
}

/**
 * Step one of the authorisation code flow. The redirect URI must equal a registered one
 * exactly (no prefix, case or normalisation games); PKCE S256 and `state` are required;
 * implicit (`response_type=token`) and `plain` PKCE are refused.
 */
export async function startAuthorization(deps: DomainDeps, q: AuthorizeQuery): Promise<AuthorizeOutcome> {
  const requester = q.client_id ? await deps.repos.requesters.findByClientId(q.client_id) : undefined;
  if (!requester) return { kind: 'page', error: 'invalid_client_id', description: 'This application is not registered with Tijori.' };
  if (requester.status !== 'active') return { kind: 'page', error: 'invalid_client_id', description: 'This application is suspended.' };
  const registered = requester.redirect_uris;
  if (!q.redirect_uri || !registered.includes(q.redirect_uri)) {
    return { kind: 'page', error: 'invalid_redirect_uri', description: 'The address this application asked to return to is not one it registered.' };
  }
  const back = (error: string, description: string) => ({ kind: 'redirect' as const, url: errorRedirect(q.redirect_uri!, error, description, q.state) });
  if (q.response_type !== 'code') return back('unsupported_response_type', 'Only response_type=code is supported.');
  if (!q.state || q.state.length > 512) return back('invalid_request', 'state is required (at most 512 characters).');
  if (q.code_challenge_method !== 'S256' || !q.code_challenge || !CHALLENGE.test(q.code_challenge)) {
    return back('invalid_request', 'PKCE is required: code_challenge (43 characters, base64url SHA-256) with code_challenge_method=S256.');
  }
  if (q.nonce !== undefined && q.nonce.length > 512) return back('invalid_request', 'nonce is too long.');
  const scope = checkScope(requester, q.scope);
  if (!scope) return back('invalid_scope', 'The requested scope is more than this application is allowed.');
  const docTypes = checkDocTypes(requester, q.req_doctype);
  if (!docTypes) return back('invalid_scope', 'req_doctype names a document type this application may not ask for.');
  const verifiedMobile = checkVerifiedMobile(requester, q.verified_mobile);
  if (verifiedMobile === false) return back('invalid_request', 'verified_mobile is not a 10-digit Indian mobile number.');
  const now = deps.clock.now();
  const longest = now + requester.consent_days * DAY_MS;
  const asked = q.consent_valid_till && /^\d{1,12}$/.test(q.consent_valid_till) ? Number(q.consent_valid_till) * 1000 : longest;
  if (asked <= now) return back('invalid_request', 'consent_valid_till is in the past.');
  const id = deps.ids.token(16);
  await deps.repos.consents.insertRequest({
    id,
    requester_id: requester.id,
    redirect_uri: q.redirect_uri,
    state: q.state,
    code_challenge: q.code_challenge,
    scope: scope.join(' '),
    doc_types: docTypes,
    nonce: q.nonce ?? null,
    valid_until: Math.min(asked, longest),
    created_at: now,
    expires_at: now + REQUEST_TTL_MS,
    used_at: null,
    resident_id: null,
    verified_mobile: verifiedMobile,
    req_doctype: q.req_doctype ? 1 : 0,
  });
  return { kind: 'consent', requestId: id, signup: q.dl_flow === 'signup' };
}

/** The asked scopes if all are allowed (none asked: everything allowed), else null. Operator-only grants (account.verify) are never the resident's to consent to. */
function checkScope(r: RequesterRow, asked: string | undefined): string[] | null {
  const allowed: string[] = r.scopes.filter(isKnownScope);
  const want = parseScope(asked);
  if (want.length === 0) return allowed;
  return want.every((s) => allowed.includes(s)) ? want : null;
}

/**
 * The mobile a trusted requester names, normalised; null when none is named or the requester is
 * not trusted for it (then it changes nothing at all); false when a trusted requester names a
 * malformed one.
 */
function checkVerifiedMobile(r: RequesterRow, asked: string | undefined): string | null | false {
  if (r.trust_verified_mobile !== 1 || !asked) return null;
  const mobile = normaliseMobile(asked);
  return isValidMobile(mobile) ? mobile : false;
}

function checkDocTypes(r: RequesterRow, asked: string | undefined): string[] | null {
  const allowed = r.doc_types;
  if (!asked) return allowed;
  const want = asked.split(/[ ,]/).filter(Boolean);
  if (allowed.length > 0 && !want.every((w) => allowed.includes(w))) return null;
  return want;
}

/** Whether a document falls under a list of document types (`<org id>-<code>` or a bare code; empty: any). */
export function docTypeAllowed(docTypes: string[], doc: { uri: string; docType: string }): boolean {
  return docTypes.length === 0 || docTypes.some((t) => t === doc.docType || doc.uri.startsWith(`${t}-`));
}
