import { Type } from 'typebox';
import { DOCUMENT_CONTEXT, DOCUMENT_CONTEXT_PATH } from '../../../artifacts/document-context.js';
import { AppError } from '../../../lib/errors.js';
import { publishedStatusList, STATUS_LIST_TTL_MS } from '../../../domain/status/status-lists.js';
import { errorResponses } from '../../schemas/common.schema.js';
import type { TypedApp } from '../../types.js';
import type { RouteContext } from '../route-context.js';

/**
 * W3C Bitstring Status Lists, public: the URL every credential's `credentialStatus` names.
 * Answered from the signed copy stored with the list (rebuilt only after a status change), as
 * `application/vc+jwt`, cacheable for the list's ttl.
 */
export function registerStatusListRoutes(app: TypedApp, { deps }: RouteContext): void {
  registerDocumentContextRoute(app);
  app.get(
    '/status/:listId/:purpose',
    {
      schema: {
        tags: ['verification'],
        summary: 'A signed Bitstring Status List credential (vc+jwt): which entries of this list are revoked, or suspended',
        params: Type.Object({
          listId: Type.String({ pattern: '^[0-9a-f-]{36}$' }),
          purpose: Type.Union([Type.Literal('revocation'), Type.Literal('suspension')]),
        }),
        produces: ['application/vc+jwt'],
        response: { 200: Type.String({ description: 'Compact JWS whose payload is a BitstringStatusListCredential' }), ...errorResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const { jwt } = await publishedStatusList(deps, request.params.listId, request.params.purpose);
      return reply
        .header('cache-control', `public, max-age=${STATUS_LIST_TTL_MS / 1000}`)
        .header('access-control-allow-origin', '*')
        .type('application/vc+jwt')
        .send(jwt);
    },
  );
}

/** The JSON-LD context document credentials name (bundled in the package as DOCUMENT_CONTEXT). */
export function registerDocumentContextRoute(app: TypedApp): void {
  app.get(
    DOCUMENT_CONTEXT_PATH,
    {
      schema: {
        tags: ['verification'],
        summary: 'The JSON-LD context of Tijori document credentials',
        produces: ['application/ld+json'],
        response: { 200: Type.Record(Type.String(), Type.Unknown()) },
      },
    },
    async (_request, reply) =>
      reply.header('cache-control', 'public, max-age=86400').header('access-control-allow-origin', '*').type('application/ld+json').send(DOCUMENT_CONTEXT),
  );
  // A JSON-LD loader that follows another context URL here learns that it is none of Tijori's.
  app.get(
    '/ns/*',
    {
      schema: {
        tags: ['verification'],
        summary: 'Any other context URL under /ns/: not one Tijori publishes (context_not_found)',
        response: errorResponses(404),
      },
    },
    async () => {
      throw new AppError('context_not_found', `Tijori publishes one JSON-LD context: ${DOCUMENT_CONTEXT_PATH}.`);
    },
  );
}
