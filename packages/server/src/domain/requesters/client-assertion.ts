import { decodeJwt, importJWK, jwtVerify, type JWTPayload } from 'jose';
import { sha256Hex } from '../../crypto/secrets.js';
import { AppError } from '../../lib/errors.js';
import type { RequesterPublicJwk, RequesterRow } from '../../repositories/requesters.repository.js';
import type { DomainDeps } from '../context.js';

export const JWT_BEARER_ASSERTION = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** An assertion may live at most this long ahead of now (its jti is kept until then). */
const MAX_LIFETIME_S = 5 * 60;

const refused = (message: string) => new AppError('invalid_client', message);

/** The audiences an assertion may name: the issuer and the token endpoints (RFC 7523 §3, OIDC Core 9). */
export function assertionAudiences(publicUrl: string): string[] {
  return [publicUrl, `${publicUrl}/public/oauth2/1/token`, `${publicUrl}/public/oauth2/2/token`];
}

/**
 * `private_key_jwt`: the requester whose registered public key signed `client_assertion`
 * (`iss` = `sub` = its client id, `aud` the issuer or the token endpoint, `exp` at most five
 * minutes ahead, a `jti` never seen before), and active; otherwise `invalid_client`.
 */
export async function authenticateClientAssertion(
  deps: DomainDeps,
  input: { clientId?: string; assertionType?: string; assertion?: string },
): Promise<RequesterRow> {
  if (input.assertionType !== JWT_BEARER_ASSERTION) throw refused(`client_assertion_type must be ${JWT_BEARER_ASSERTION}.`);
  if (!input.assertion) throw refused('client_assertion is required.');
  let claimed: JWTPayload;
  try {
    claimed = decodeJwt(input.assertion);
  } catch {
    throw refused('client_assertion is not a JWT.');
  }
  const clientId = typeof claimed.iss === 'string' ? claimed.iss : undefined;
  if (!clientId || (input.clientId !== undefined && input.clientId !== clientId))
    throw refused('The client_assertion must name the client in iss (and client_id, when sent, must be the same).');
  const row = await deps.repos.requesters.findByClientId(clientId);
  if (!row) throw refused('The client id is not registered.');
  if (!row.public_jwk) throw refused('This client authenticates with its client secret, not with private_key_jwt.');

  const now = deps.clock.now();
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(input.assertion, await importJWK(row.public_jwk, row.public_jwk.alg), {
      algorithms: [row.public_jwk.alg],
      issuer: clientId,
      subject: clientId,
      audience: assertionAudiences(deps.publicUrl),
      requiredClaims: ['exp', 'jti'],
      currentDate: new Date(now),
    }));
  } catch (err) {
    throw refused(`The client_assertion was refused: ${describeJoseError(err)}`);
  }
  const exp = payload.exp!;
  if (exp * 1000 > now + MAX_LIFETIME_S * 1000) throw refused('The client_assertion must expire at most 5 minutes from now.');
  if (typeof payload.jti !== 'string' || payload.jti.length === 0 || payload.jti.length > 256) throw refused('The client_assertion needs a jti.');
  if (row.status !== 'active') throw refused('This requester is suspended.');
  if (!(await deps.repos.requesters.recordAssertion(sha256Hex(`${row.id}\n${payload.jti}`), row.id, exp * 1000, now)))
    throw refused('This client_assertion (its jti) has been used already.');
  return row;
}

function describeJoseError(err: unknown): string {
  const code = (err as { code?: string }).code;
  if (code === 'ERR_JWT_EXPIRED') return 'it has expired.';
  if (code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED') return "its signature does not match the client's registered key.";
  if (code === 'ERR_JOSE_ALG_NOT_ALLOWED') return "it is not signed with the registered key's algorithm.";
  if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED') {
    const claim = (err as { claim?: string }).claim;
    if (claim === 'aud') return "aud must be Tijori's issuer or token endpoint URL.";
    return `its ${claim ?? 'claims'} claim is not right.`;
  }
  return 'it is not a valid signed JWT.';
}

/** A registrable public JWK: RSA (2048 bits or more) for RS256 or P-256 for ES256, public members only. */
export async function normalizePublicJwk(jwk: Record<string, unknown>): Promise<RequesterPublicJwk> {
  const bad = (message: string) => new AppError('validation_failed', message, { errors: [{ path: '/body/publicJwk', message }] });
  if ('d' in jwk || 'p' in jwk) throw bad('This is a private key: register the public key only.');
  const str = (k: string) => (typeof jwk[k] === 'string' ? (jwk[k] as string) : undefined);
  const kid = str('kid');
  let key: RequesterPublicJwk;
  if (jwk.kty === 'RSA' && (jwk.alg === undefined || jwk.alg === 'RS256')) {
    const n = str('n');
    const e = str('e');
    if (!n || !e) throw bad('An RSA key needs n and e.');
    if (Buffer.from(n, 'base64url').length < 256) throw bad('An RSA key must have at least 2048 bits.');
    key = { kty: 'RSA', alg: 'RS256', n, e };
  } else if (jwk.kty === 'EC' && jwk.crv === 'P-256' && (jwk.alg === undefined || jwk.alg === 'ES256')) {
    const x = str('x');
    const y = str('y');
    if (!x || !y) throw bad('An EC key needs x and y.');
    key = { kty: 'EC', alg: 'ES256', crv: 'P-256', x, y };
  } else throw bad('The key must be RSA (RS256) or EC P-256 (ES256).');
  try {
    await importJWK(key, key.alg);
  } catch {
    throw bad('The key cannot be read.');
  }
  return kid ? { ...key, kid } : key;
}
