import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { startAuthorization, type AuthorizeQuery } from '../../../domain/consents/authorize.js';
import { DEVICE_GRANT, exchangeDeviceCode, identifyDeviceClient, startDeviceAuthorization } from '../../../domain/consents/device-flow.js';
import { oidcKey } from '../../../domain/consents/oidc-key.js';
import { exchangeCode, refreshTokens, revokeToken } from '../../../domain/consents/tokens.js';
import { authenticateClientAssertion } from '../../../domain/requesters/client-assertion.js';
import { authenticateClient } from '../../../domain/requesters/requester-secret.js';
import type { RequesterRow } from '../../../repositories/requesters.repository.js';
import type { DomainDeps } from '../../../domain/context.js';
import { KNOWN_SCOPES } from '../../../domain/requesters/scopes.js';
import { AppError } from '../../../lib/errors.js';
import type { TypedApp } from '../../../http/types.js';
import type { RouteContext } from '../../../http/routes/route-context.js';
import { requestContext } from '../../../http/session-auth.js';
import { errorPage } from './error-page.js';
import { formBodies, stringFields } from './form-body.js';

type Fields = Record<string, string | undefined>;

const AUTHORIZE_PARAMS = [
  'response_type',
  'client_id',
  'redirect_uri',
  'state',
  'scope',
  'code_challenge',
  'code_challenge_method',
  'nonce',
  'dl_flow',
  'req_doctype',
  'consent_valid_till',
  'verified_mobile',
] as const;

/** Client authentication by HTTP Basic or by `client_id` / `client_secret` fields. */
function clientCredentials(request: FastifyRequest, body: Fields): { id?: string; secret?: string } {
  const m = /^Basic ([A-Za-z0-9+/=]+)$/.exec(request.headers.authorization ?? '');
  if (m) {
    const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
    const at = decoded.indexOf(':');
    if (at > 0) {
      try {
        return { id: decodeURIComponent(decoded.slice(0, at)), secret: decodeURIComponent(decoded.slice(at + 1)) };
      } catch {
        return {};
      }
    }
  }
  return { id: body.client_id, secret: body.client_secret };
}

/** The token and revoke endpoints' client: by `private_key_jwt` when a client_assertion is sent, else by its secret. */
async function tokenClient(deps: DomainDeps, request: FastifyRequest, body: Fields): Promise<RequesterRow> {
  const creds = clientCredentials(request, body);
  if (body.client_assertion === undefined && body.client_assertion_type === undefined) return authenticateClient(deps, creds.id, creds.secret);
  if (creds.secret !== undefined) throw new AppError('invalid_client', 'Send either a client_assertion or a client secret, not both.');
  return authenticateClientAssertion(deps, { clientId: creds.id, assertionType: body.client_assertion_type, assertion: body.client_assertion });
}

/** OAuth 2.0 (code + PKCE S256, rotating refresh, revoke) and OpenID Connect discovery, under the partner API's paths. */
export function registerOauthRoutes(app: TypedApp, { deps }: RouteContext): void {
  app.get(
    '/public/oauth2/1/authorize',
    {
      schema: {
        tags: ['partner'],
        summary: 'Start the authorisation code flow (PKCE S256 and state required); the resident signs in and consents',
        querystring: Type.Object(Object.fromEntries(AUTHORIZE_PARAMS.map((name) => [name, Type.Optional(Type.String({ maxLength: 2048 }))])), {
          additionalProperties: true,
        }),
      },
    },
    async (request, reply) => {
      const outcome = await startAuthorization(deps, request.query as AuthorizeQuery);
      if (outcome.kind === 'page')
        return reply.status(400).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(errorPage(outcome.error, outcome.description));
      if (outcome.kind === 'redirect') return reply.redirect(outcome.url, 302);
      const consentScreen = `/app/consent/${outcome.requestId}`;
      // dl_flow=signup: a new resident signs up first, then lands on this request's consent screen.
      return reply.redirect(outcome.signup ? `/sign-up?next=${encodeURIComponent(consentScreen)}` : consentScreen, 302);
    },
  );

  void app.register(async (scope) => {
    formBodies(scope);
    for (const path of ['/public/oauth2/1/token', '/public/oauth2/2/token']) {
      scope.post(
        path,
        {
          schema: {
            tags: ['partner'],
            summary: 'Exchange a code (with its PKCE verifier), a refresh token, or a device code with its OTP for tokens; form or JSON body',
            description:
              'The client authenticates with its secret (HTTP Basic or client_id/client_secret) or, when registered with a public key, with private_key_jwt: client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer and client_assertion (iss = sub = client_id, aud = the issuer or this endpoint, exp at most 5 minutes ahead, a single-use jti).',
            consumes: ['application/x-www-form-urlencoded', 'application/json'],
          },
        },
        async (request, reply) => {
          const body = stringFields(request.body);
          const requester = await tokenClient(deps, request, body);
          reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
          if (body.grant_type === 'authorization_code') return exchangeCode(deps, requester, body);
          if (body.grant_type === 'refresh_token') return refreshTokens(deps, requester, body);
          if (body.grant_type === DEVICE_GRANT) return exchangeDeviceCode(deps, requester, body, requestContext(request));
          throw new AppError('unsupported_grant_type', `grant_type must be authorization_code, refresh_token or ${DEVICE_GRANT}.`);
        },
      );
    }
    scope.post(
      '/public/oauth2/1/code',
      {
        schema: {
          tags: ['partner'],
          summary: 'Device flow: a device code for a resident named by dl_mobile or dl_username; a consent OTP goes to their mobile',
          description:
            'Only for a requester the operator granted `device.flow`. The answer has the same shape whether or not the account exists; the OTP is answered at the token endpoint with grant_type=urn:ietf:params:oauth:grant-type:device_code.',
          consumes: ['application/x-www-form-urlencoded', 'application/json'],
        },
      },
      async (request, reply) => {
        const body = stringFields(request.body);
        const creds = clientCredentials(request, body);
        const requester = await identifyDeviceClient(deps, creds.id, creds.secret);
        reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
        return startDeviceAuthorization(deps, requester, body, requestContext(request));
      },
    );
    scope.post(
      '/public/oauth2/1/revoke',
      {
        schema: {
          tags: ['partner'],
          summary: 'Revoke a token and the grant it belongs to (RFC 7009)',
          consumes: ['application/x-www-form-urlencoded', 'application/json'],
        },
      },
      async (request) => {
        const body = stringFields(request.body);
        await revokeToken(deps, await tokenClient(deps, request, body), body);
        return {};
      },
    );
  });

  app.get('/.well-known/openid-configuration', { schema: { tags: ['partner'], summary: 'OpenID Connect discovery' } }, async (_request, reply) => {
    const base = deps.publicUrl;
    return reply.header('cache-control', 'public, max-age=300').send({
      issuer: base,
      authorization_endpoint: `${base}/public/oauth2/1/authorize`,
      token_endpoint: `${base}/public/oauth2/1/token`,
      revocation_endpoint: `${base}/public/oauth2/1/revoke`,
      userinfo_endpoint: `${base}/public/oauth2/1/user`,
      jwks_uri: `${base}/.well-known/jwks.json`,
      response_types_supported: ['code'],
      grant_types_supported: ['authorization_code', 'refresh_token'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['ES256'],
      code_challenge_methods_supported: ['S256'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'private_key_jwt'],
      token_endpoint_auth_signing_alg_values_supported: ['RS256', 'ES256'],
      revocation_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'private_key_jwt'],
      revocation_endpoint_auth_signing_alg_values_supported: ['RS256', 'ES256'],
      scopes_supported: [...KNOWN_SCOPES],
      claims_supported: ['sub', 'name', 'gender', 'nonce'],
    });
  });
  app.get('/.well-known/jwks.json', { schema: { tags: ['partner'], summary: 'The key id_tokens are signed with' } }, async (_request, reply) =>
    reply.header('cache-control', 'public, max-age=300').send({ keys: [oidcKey(deps.masterKey).publicJwk] }),
  );
}
