import { Type } from 'typebox';
import { createDocumentType } from '../../../domain/issuers/create-document-type.js';
import { createIssuer } from '../../../domain/issuers/create-issuer.js';
import { getIssuerSettings, updateIssuer } from '../../../domain/issuers/update-issuer.js';
import { createIssuerCredential } from '../../../domain/issuers/issuer-credentials.js';
import { registerCredentialRoutes } from './credentials.route.js';
import { registerAuditLogRoutes } from './audit-log.route.js';
import { issuerDidDocument, issuerJwks } from '../../../domain/issuers/publish-keys.js';
import { getIssuer, searchIssuers } from '../../../domain/issuers/search-issuers.js';
import { searchDirectory } from '../../../domain/issuers/search-directory.js';
import { rotateSigningKey } from '../../../domain/issuers/signing.js';
import { AppError } from '../../../lib/errors.js';
import { requireDirectoryActor } from '../../directory-auth.js';
import { DocTypeCode, DocumentField, DocumentType, Issuer, Localized, OrgId, PullParameter, Template } from '../../schemas/directory.schema.js';
import { errorResponses, refTo } from '../../schemas/common.schema.js';
import type { TypedApp } from '../../types.js';
import type { RouteContext } from '../route-context.js';

const orgParams = Type.Object({ orgId: OrgId });

const EndpointUrl = Type.String({ format: 'uri', maxLength: 500, description: 'The issuer’s Pull URI endpoint (remote pull).' });
const DeprecatedRepositoryUrl = Type.String({
  format: 'uri',
  maxLength: 500,
  deprecated: true,
  description: 'The former name of `endpointUrl`; still accepted, deprecated.',
});

/** The body with the deprecated `repositoryUrl` read as `endpointUrl`; both, differing, is an error. */
function withEndpointUrl<T extends { endpointUrl?: string | null; repositoryUrl?: string | null }>(body: T): Omit<T, 'repositoryUrl'> {
  const { repositoryUrl, ...rest } = body;
  if (repositoryUrl === undefined) return rest;
  if (rest.endpointUrl !== undefined && rest.endpointUrl !== repositoryUrl) {
    throw new AppError('validation_failed', 'Send endpointUrl only: repositoryUrl is its deprecated former name.', {
      errors: [{ path: '/body/repositoryUrl', message: 'differs from endpointUrl' }],
    });
  }
  return { ...rest, endpointUrl: repositoryUrl };
}

export function registerIssuerDirectoryRoutes(app: TypedApp, { deps, config }: RouteContext): void {
  app.get(
    '/api/v1/issuers',
    {
      schema: {
        tags: ['directory'],
        summary: 'Search the issuer directory (public)',
        querystring: Type.Object(
          {
            q: Type.Optional(Type.String({ maxLength: 100 })),
            category: Type.Optional(Type.String({ maxLength: 50 })),
            state: Type.Optional(Type.String({ maxLength: 50 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ issuers: Type.Array(refTo(Issuer)) }), ...errorResponses(400) },
      },
    },
    async (request) => ({ issuers: await searchIssuers(deps, request.query) }),
  );

  app.get(
    '/api/v1/directory/search',
    {
      schema: {
        tags: ['directory'],
        summary: 'Find issuers and document types by any name (public): "Get a document"',
        description:
          'Matches names in every language, document-type codes and org ids, and other common names and transliterations ' +
          '(data/directory-synonyms.tsv), ranked exact > prefix (of the name or a word of it) > contains > synonym; document types first within a rank. Active issuers only.',
        querystring: Type.Object(
          { q: Type.String({ minLength: 1, maxLength: 100 }), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            results: Type.Array(
              Type.Object({
                kind: Type.Union([Type.Literal('issuer'), Type.Literal('documentType')]),
                orgId: Type.String(),
                issuerNames: Localized,
                category: Type.String(),
                state: Type.Union([Type.String(), Type.Null()]),
                code: Type.Union([Type.String(), Type.Null()], { description: 'The document type’s code; null for an issuer' }),
                names: Localized,
                pullable: Type.Boolean({ description: 'Whether a resident can ask for it on "Get a document"' }),
                match: Type.Union([Type.Literal('exact'), Type.Literal('prefix'), Type.Literal('contains'), Type.Literal('synonym')]),
              }),
            ),
          }),
          ...errorResponses(400),
        },
      },
    },
    async (request) => ({ results: await searchDirectory(deps, request.query) }),
  );

  app.get(
    '/api/v1/issuers/:orgId',
    {
      schema: {
        tags: ['directory'],
        summary: 'One issuer and its document types (public)',
        params: orgParams,
        response: { 200: Type.Intersect([refTo(Issuer), Type.Object({ documentTypes: Type.Array(refTo(DocumentType)) })]), ...errorResponses(400, 404) },
      },
    },
    async (request) => getIssuer(deps, request.params.orgId),
  );

  app.post(
    '/api/v1/issuers',
    {
      schema: {
        tags: ['directory'],
        summary: 'Register an issuer (operators)',
        body: Type.Object(
          {
            orgId: OrgId,
            names: Localized,
            category: Type.String({ minLength: 2, maxLength: 50 }),
            state: Type.Optional(Type.String({ maxLength: 50 })),
            contactEmail: Type.Optional(Type.String({ format: 'email', maxLength: 200 })),
            contactPhone: Type.Optional(Type.String({ maxLength: 20 })),
            pullMode: Type.Optional(Type.Union([Type.Literal('none'), Type.Literal('hosted'), Type.Literal('remote')])),
            endpointUrl: Type.Optional(EndpointUrl),
            repositoryUrl: Type.Optional(DeprecatedRepositoryUrl),
            signingAlg: Type.Optional(Type.Union([Type.Literal('EdDSA'), Type.Literal('ES256')])),
          },
          { additionalProperties: false },
        ),
        response: { 201: refTo(Issuer), ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createIssuer(deps, await requireDirectoryActor(deps, config, request), withEndpointUrl(request.body))),
  );

  app.patch(
    '/api/v1/issuers/:orgId',
    {
      schema: {
        tags: ['directory'],
        summary: 'Change an issuer: names, contacts, suspend or reinstate, pull mode, Pull URI endpoint URL and certificate-signing key (operators)',
        description:
          'Only the fields sent change; `null` clears an optional one. A suspended issuer’s API keys, DigiLocker clients and console users stop working at once and residents cannot pull from it; the documents it issued keep verifying.',
        params: orgParams,
        body: Type.Object(
          {
            names: Type.Optional(Localized),
            category: Type.Optional(Type.String({ minLength: 2, maxLength: 50 })),
            state: Type.Optional(Type.Union([Type.String({ maxLength: 50 }), Type.Null()])),
            contactEmail: Type.Optional(Type.Union([Type.String({ format: 'email', maxLength: 200 }), Type.Null()])),
            contactPhone: Type.Optional(Type.Union([Type.String({ maxLength: 20 }), Type.Null()])),
            status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('suspended')])),
            pullMode: Type.Optional(Type.Union([Type.Literal('none'), Type.Literal('hosted'), Type.Literal('remote')])),
            endpointUrl: Type.Optional(Type.Union([EndpointUrl, Type.Null()])),
            repositoryUrl: Type.Optional(Type.Union([DeprecatedRepositoryUrl, Type.Null()])),
            certificateKey: Type.Optional(
              Type.Union([
                Type.String({
                  minLength: 1,
                  maxLength: 10_000,
                  description:
                    'PEM public key (or certificate) the issuer signs its certificate XML with: P-256 EC or RSA ≥ 2048. Pulled documents must then carry a valid XML-DSig signature. `null` stops the check.',
                }),
                Type.Null(),
              ]),
            ),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: refTo(Issuer), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => updateIssuer(deps, await requireDirectoryActor(deps, config, request), request.params.orgId, withEndpointUrl(request.body)),
  );

  app.get(
    '/api/v1/issuers/:orgId/settings',
    {
      schema: {
        tags: ['directory'],
        summary: 'How an issuer is reached: status, pull mode, Pull URI endpoint URL and certificate-signing key (operators)',
        description: 'The endpoint URL (an issuer’s Pull URI endpoint) is not part of the public directory entry.',
        params: orgParams,
        response: {
          200: Type.Object({
            orgId: Type.String(),
            status: Type.String({ description: 'active or suspended' }),
            pullMode: Type.String({ description: 'none, hosted or remote' }),
            endpointUrl: Type.Union([Type.String(), Type.Null()]),
            repositoryUrl: Type.Union([Type.String(), Type.Null()], {
              deprecated: true,
              description: 'The same as `endpointUrl` (its former name); deprecated.',
            }),
            certificateKey: Type.Union([Type.String({ description: 'SPKI PEM' }), Type.Null()]),
          }),
          ...errorResponses(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      const settings = await getIssuerSettings(deps, await requireDirectoryActor(deps, config, request), request.params.orgId);
      return { ...settings, repositoryUrl: settings.endpointUrl };
    },
  );

  app.post(
    '/api/v1/issuers/:orgId/document-types',
    {
      schema: {
        tags: ['directory'],
        summary: 'Define a document type (operators, or the issuer itself)',
        params: orgParams,
        body: Type.Object(
          {
            code: DocTypeCode,
            names: Localized,
            parameters: Type.Array(PullParameter, { maxItems: 10 }),
            fields: Type.Array(DocumentField, { maxItems: 100 }),
            template: Template,
            matchRules: Type.Optional(Type.Object({ name: Type.Boolean(), dob: Type.Boolean() })),
          },
          { additionalProperties: false },
        ),
        response: { 201: refTo(DocumentType), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createDocumentType(deps, await requireDirectoryActor(deps, config, request), request.params.orgId, request.body)),
  );

  app.post(
    '/api/v1/issuers/:orgId/credentials',
    {
      schema: {
        tags: ['directory'],
        summary: 'Create an API key (native API) or a DigiLocker client id and secret; the secret is shown once',
        params: orgParams,
        body: Type.Object(
          { kind: Type.Union([Type.Literal('api_key'), Type.Literal('digilocker')]), label: Type.String({ minLength: 1, maxLength: 100 }) },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({
            id: Type.String(),
            kind: Type.String(),
            clientId: Type.String(),
            secret: Type.String({ description: 'Shown only now; stored hashed or sealed.' }),
          }),
          ...errorResponses(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return reply.status(201).send(await createIssuerCredential(deps, await requireDirectoryActor(deps, config, request), request.params.orgId, request.body));
    },
  );

  registerCredentialRoutes(app, { deps, config });
  registerAuditLogRoutes(app, { deps, config });

  app.post(
    '/api/v1/issuers/:orgId/keys/rotate',
    {
      schema: {
        tags: ['directory'],
        summary: 'Rotate the signing key; old keys stay published so old documents keep verifying',
        params: orgParams,
        body: Type.Object({ alg: Type.Optional(Type.Union([Type.Literal('EdDSA'), Type.Literal('ES256')])) }, { additionalProperties: false }),
        response: { 200: Type.Object({ kid: Type.String(), alg: Type.String() }), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => rotateSigningKey(deps, await requireDirectoryActor(deps, config, request), request.params.orgId, request.body.alg),
  );

  app.get(
    '/issuers/:orgId/jwks.json',
    {
      schema: {
        tags: ['directory'],
        summary: 'Every public key the issuer has signed with (JWKS)',
        params: orgParams,
        response: { 200: Type.Object({ keys: Type.Array(Type.Record(Type.String(), Type.String())) }), ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'public, max-age=300').header('access-control-allow-origin', '*');
      return issuerJwks(deps, request.params.orgId);
    },
  );

  app.get(
    '/issuers/:orgId/did.json',
    {
      schema: {
        tags: ['directory'],
        summary: 'The issuer’s did:web document',
        params: orgParams,
        response: { 200: Type.Record(Type.String(), Type.Unknown()), ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'public, max-age=300').header('access-control-allow-origin', '*');
      return issuerDidDocument(deps, request.params.orgId);
    },
  );
}
