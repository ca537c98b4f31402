import { createHash } from 'node:crypto';
import { sha256Hex } from '../../crypto/secrets.js';
import { AppError } from '../../lib/errors.js';
import type { ConsentRow } from '../../repositories/consents.repository.js';
import type { RequesterRow } from '../../repositories/requesters.repository.js';
import type { DomainDeps, Repositories } from '../context.js';
import { parseScope } from '../requesters/scopes.js';
import { signIdToken } from './oidc-key.js';
import { partnerProfile } from './profile.js';

export const ACCESS_TTL_MS = 60 * 60 * 1000;
const REFRESH_TTL_MS = 30 * 24 * 60 * 60 * 1000;
const VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;

const grantError = (message: string) => new AppError('invalid_grant', message);

/** The reference's token response (both spellings of its fields), plus `id_token` for `openid`. */
export interface TokenResponse {
  access_token: string;
  expires_in: number;
  token_type: 'Bearer';
  scope: string;
  /** Not for devices (the device flow's tokens are not refreshed). */
  refresh_token?: string;
  digilockerid: string;
  digilocker_id: string;
  reference_key: string;
  id_token?: string;
  [profile: string]: string | number | undefined;
}

function live(consent: ConsentRow | undefined, now: number): consent is ConsentRow {
  return !!consent && consent.withdrawn_at === null && consent.valid_until > now;
}

/**
 * An access token (and, unless `refresh` is false, a refresh token) for a live consent, in the
 * reference's response shape; written through `repos` when given (a transaction's).
 */
export async function mintTokens(
  deps: DomainDeps,
  requester: RequesterRow,
  consent: ConsentRow,
  family: string,
  options: { nonce: string | null; refresh: boolean; repos?: Repositories },
): Promise<TokenResponse> {
  const { nonce } = options;
  const repos = options.repos ?? deps.repos;
  const now = deps.clock.now();
  const access = deps.ids.token(32);
  const refresh = options.refresh ? deps.ids.token(32) : undefined;
  await repos.consents.insertTokens([
    {
      token_hash: sha256Hex(access),
      kind: 'access',
      consent_id: consent.id,
      requester_id: requester.id,
      family,
      created_at: now,
      expires_at: Math.min(now + ACCESS_TTL_MS, consent.valid_until),
      used_at: null,
      revoked_at: null,
    },
    ...(refresh
      ? [
          {
            token_hash: sha256Hex(refresh),
            kind: 'refresh' as const,
            consent_id: consent.id,
            requester_id: requester.id,
            family,
            created_at: now,
            expires_at: Math.min(now + REFRESH_TTL_MS, consent.valid_until),
            used_at: null,
            revoked_at: null,
          },
        ]
      : []),
  ]);
  const scopes = parseScope(consent.scope);
  const resident = scopes.includes('userdetails') ? await repos.residents.findById(consent.resident_id) : undefined;
  const profile = resident ? partnerProfile(resident) : undefined;
  const out: TokenResponse = {
    access_token: access,
    expires_in: Math.floor((Math.min(now + ACCESS_TTL_MS, consent.valid_until) - now) / 1000),
    token_type: 'Bearer',
    scope: consent.scope,
    ...(refresh ? { refresh_token: refresh } : {}),
    digilockerid: consent.resident_id,
    digilocker_id: consent.resident_id,
    reference_key: consent.id,
    ...(profile ?? {}),
  };
  if (scopes.includes('openid')) {
    out.id_token = signIdToken(deps.masterKey, {
      iss: deps.publicUrl,
      sub: consent.resident_id,
      aud: requester.client_id,
      iat: Math.floor(now / 1000),
      exp: Math.floor(now / 1000) + 3600,
      ...(nonce ? { nonce } : {}),
      ...(profile ? { name: profile.name, gender: profile.gender } : {}),
    });
  }
  return out;
}

/** `grant_type=authorization_code`: the code once, from its client, with its redirect URI and PKCE verifier. */
export async function exchangeCode(
  deps: DomainDeps,
  requester: RequesterRow,
  input: { code?: string; redirect_uri?: string; code_verifier?: string },
): Promise<TokenResponse> {
  if (!input.code) throw new AppError('invalid_request', 'code is required.');
  const now = deps.clock.now();
  const codeHash = sha256Hex(input.code);
  const code = await deps.repos.consents.findCode(codeHash);
  if (!code || code.requester_id !== requester.id) throw grantError('The code is not valid.');
  if (code.used_at !== null) {
    // A replayed code: whoever holds it may be an attacker; everything issued from it stops.
    await deps.repos.consents.revokeFamily(codeHash, now);
    throw grantError('The code has already been used; the tokens issued from it are revoked.');
  }
  if (code.expires_at <= now) throw grantError('The code has expired.');
  if (input.redirect_uri !== code.redirect_uri) throw grantError('redirect_uri does not match the one the code was issued to.');
  if (!input.code_verifier || !VERIFIER.test(input.code_verifier)) throw grantError('code_verifier is missing or malformed.');
  if (createHash('sha256').update(input.code_verifier).digest('base64url') !== code.code_challenge)
    throw grantError('code_verifier does not match the code_challenge.');
  // The single-use mark and the tokens in one transaction (one flush to disk); a code used for a
  // consent that has ended stays used.
  const outcome = await deps.transaction(async (repos) => {
    if (!(await repos.consents.useCode(codeHash, now))) return 'used' as const;
    const consent = await repos.consents.findConsent(code.consent_id);
    if (!live(consent, now)) return 'ended' as const;
    return mintTokens(deps, requester, consent, codeHash, { nonce: code.nonce, refresh: true, repos });
  });
  if (outcome === 'used') {
    await deps.repos.consents.revokeFamily(codeHash, now);
    throw grantError('The code has already been used; the tokens issued from it are revoked.');
  }
  if (outcome === 'ended') throw grantError('The consent has been withdrawn or has ended.');
  return outcome;
}

/** `grant_type=refresh_token`: rotates; presenting a used refresh token revokes its whole family. */
export async function refreshTokens(deps: DomainDeps, requester: RequesterRow, input: { refresh_token?: string }): Promise<TokenResponse> {
  if (!input.refresh_token) throw new AppError('invalid_request', 'refresh_token is required.');
  const now = deps.clock.now();
  const hash = sha256Hex(input.refresh_token);
  const token = await deps.repos.consents.findToken(hash);
  if (!token || token.kind !== 'refresh' || token.requester_id !== requester.id) throw grantError('The refresh token is not valid.');
  if (token.revoked_at !== null) throw grantError('The refresh token has been revoked.');
  if (token.used_at !== null || !(await deps.repos.consents.useRefreshToken(hash, now))) {
    await deps.repos.consents.revokeFamily(token.family, now);
    throw grantError('The refresh token was already used; every token of this grant is revoked.');
  }
  if (token.expires_at <= now) throw grantError('The refresh token has expired.');
  const consent = await deps.repos.consents.findConsent(token.consent_id);
  if (!live(consent, now)) throw grantError('The consent has been withdrawn or has ended.');
  return mintTokens(deps, requester, consent, token.family, { nonce: null, refresh: true });
}

/** RFC 7009: revokes the grant the token belongs to (its family); unknown tokens are not an error. */
export async function revokeToken(deps: DomainDeps, requester: RequesterRow, input: { token?: string }): Promise<void> {
  if (!input.token) throw new AppError('invalid_request', 'token is required.');
  const token = await deps.repos.consents.findToken(sha256Hex(input.token));
  if (token && token.requester_id === requester.id) await deps.repos.consents.revokeFamily(token.family, deps.clock.now());
}
