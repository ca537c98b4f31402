import { Type } from 'typebox';
import {
  listRequesters,
  registerRequester,
  rotateRequesterSecret,
  setRequesterStatus,
  setVerifiedMobileTrust,
} from '../../../domain/requesters/manage-requesters.js';
import { REQUESTER_SCOPES } from '../../../domain/requesters/scopes.js';
import { requireDirectoryActor } from '../../directory-auth.js';
import { Localized } from '../../schemas/directory.schema.js';
import { errorResponses } from '../../schemas/common.schema.js';
import type { TypedApp } from '../../types.js';
import type { RouteContext } from '../route-context.js';
import { registerRequesterLogoRoutes } from './requester-logo.route.js';

const RequesterFields = {
  names: Localized,
  purpose: Localized,
  redirectUris: Type.Array(Type.String({ minLength: 8, maxLength: 500 }), { minItems: 1, maxItems: 10 }),
  scopes: Type.Array(Type.Union(REQUESTER_SCOPES.map((s) => Type.Literal(s))), { minItems: 1, maxItems: REQUESTER_SCOPES.length, uniqueItems: true }),
  docTypes: Type.Array(Type.String({ pattern: '^([a-z][a-z0-9.-]*-)?[A-Z]{1,5}$', maxLength: 120 }), { maxItems: 50 }),
  consentDays: Type.Integer({ minimum: 1, maximum: 365 }),
  trustVerifiedMobile: Type.Optional(
    Type.Boolean({
      description:
        "Let it name the resident's mobile (verified_mobile) when it asks for consent: sign-in is fixed to that number (the OTP is still asked). Off: verified_mobile is ignored.",
    }),
  ),
};
const PublicJwk = Type.Object(
  {
    kty: Type.Union([Type.Literal('RSA'), Type.Literal('EC')]),
    alg: Type.Optional(Type.Union([Type.Literal('RS256'), Type.Literal('ES256')])),
    kid: Type.Optional(Type.String({ maxLength: 200 })),
    n: Type.Optional(Type.String({ maxLength: 2000 })),
    e: Type.Optional(Type.String({ maxLength: 20 })),
    crv: Type.Optional(Type.Literal('P-256')),
    x: Type.Optional(Type.String({ maxLength: 100 })),
    y: Type.Optional(Type.String({ maxLength: 100 })),
  },
  { description: 'A public JWK (RSA for RS256 or EC P-256 for ES256)' },
);
const Requester = Type.Object({
  id: Type.String(),
  clientId: Type.String(),
  authMethod: Type.Union([Type.Literal('client_secret'), Type.Literal('private_key_jwt')]),
  publicJwk: Type.Optional(PublicJwk),
  status: Type.Union([Type.Literal('active'), Type.Literal('suspended')]),
  createdAt: Type.String(),
  ...RequesterFields,
  trustVerifiedMobile: Type.Boolean(),
  scopes: Type.Array(Type.String()),
  logoUrl: Type.Union([Type.String(), Type.Null()], { description: 'Its logo (a path on this server), or null' }),
});
const ClientIdParams = Type.Object({ clientId: Type.String({ pattern: '^[0-9A-F]{16}$' }) });

/** The operator's requester directory: register, list, suspend / resume, rotate the secret. */
export function registerRequesterRoutes(app: TypedApp, context: RouteContext): void {
  const { deps, config } = context;
  registerRequesterLogoRoutes(app, context);
  app.post(
    '/api/v1/requesters',
    {
      schema: {
        tags: ['requesters'],
        summary: 'Register a requester (operator); the client secret is in this answer only',
        description:
          'With `publicJwk` the requester authenticates at the token and revoke endpoints by `private_key_jwt` (RFC 7523) and gets no client secret (so no HMAC meta calls or HMAC uploads).',
        body: Type.Object(
          {
            ...RequesterFields,
            publicJwk: Type.Optional(
              Type.Object(PublicJwk.properties, { additionalProperties: true, description: 'Register this public key instead of getting a client secret' }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Intersect([Requester, Type.Object({ clientSecret: Type.Optional(Type.String()) })]), ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => reply.status(201).send(await registerRequester(deps, await requireDirectoryActor(deps, config, request), request.body)),
  );
  app.get(
    '/api/v1/requesters',
    {
      schema: {
        tags: ['requesters'],
        summary: 'Every requester (operator)',
        response: { 200: Type.Object({ requesters: Type.Array(Requester) }), ...errorResponses(401, 403) },
      },
    },
    async (request) => ({ requesters: await listRequesters(deps, await requireDirectoryActor(deps, config, request)) }),
  );
  for (const [action, status] of [
    ['suspend', 'suspended'],
    ['resume', 'active'],
  ] as const) {
    app.post(
      `/api/v1/requesters/:clientId/${action}`,
      {
        schema: {
          tags: ['requesters'],
          summary: action === 'suspend' ? 'Suspend a requester: every token it holds stops at once' : 'Let a suspended requester ask for consent again',
          params: ClientIdParams,
          response: { 200: Requester, ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (request) => setRequesterStatus(deps, await requireDirectoryActor(deps, config, request), request.params.clientId, status),
    );
  }
  app.post(
    '/api/v1/requesters/:clientId/verified-mobile-trust',
    {
      schema: {
        tags: ['requesters'],
        summary: "Trust (or stop trusting) a requester to name the resident's mobile (verified_mobile)",
        params: ClientIdParams,
        body: Type.Object({ trusted: Type.Boolean() }, { additionalProperties: false }),
        response: { 200: Requester, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => setVerifiedMobileTrust(deps, await requireDirectoryActor(deps, config, request), request.params.clientId, request.body.trusted),
  );
  app.post(
    '/api/v1/requesters/:clientId/rotate-secret',
    {
      schema: {
        tags: ['requesters'],
        summary: 'A new client secret, shown once; the old one stops now, or after overlapMinutes',
        params: ClientIdParams,
        querystring: Type.Object({ overlapMinutes: Type.Optional(Type.Integer({ minimum: 0, maximum: 7 * 24 * 60 })) }, { additionalProperties: false }),
        response: {
          200: Type.Object({ clientId: Type.String(), clientSecret: Type.String(), previousValidUntil: Type.Union([Type.String(), Type.Null()]) }),
          ...errorResponses(400, 401, 403, 404, 409),
        },
      },
    },
    async (request) => rotateRequesterSecret(deps, await requireDirectoryActor(deps, config, request), request.params.clientId, request.query),
  );
}
