import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { LOGO_MAX_BYTES, readRequesterLogo, removeRequesterLogo, setRequesterLogo } from '../../../domain/requesters/requester-logo.js';
import { AppError } from '../../../lib/errors.js';
import { requireDirectoryActor } from '../../directory-auth.js';
import { errorResponses } from '../../schemas/common.schema.js';
import type { TypedApp } from '../../types.js';
import type { RouteContext } from '../route-context.js';

const ClientIdParams = Type.Object({ clientId: Type.String({ pattern: '^[0-9A-F]{16}$' }) });
/** The declared type is only a way in: the bytes decide. */
const LOGO_TYPES = ['image/png', 'image/jpeg', 'application/octet-stream'];

/** A requester's logo: the operator sets or removes it; anyone may fetch it (consent screens show it). */
export function registerRequesterLogoRoutes(app: TypedApp, { deps, config }: RouteContext): void {
  void app.register(async (plugin) => {
    const scope = plugin.withTypeProvider<TypeBoxTypeProvider>();
    scope.addContentTypeParser(LOGO_TYPES, { parseAs: 'buffer', bodyLimit: LOGO_MAX_BYTES }, (_request, body, done) => done(null, body));
    scope.post(
      '/api/v1/requesters/:clientId/logo',
      {
        schema: {
          tags: ['requesters'],
          summary: 'Set a requester’s logo (operator): a PNG or JPEG as the raw body, ≤ 100 KB and 1024 × 1024 pixels',
          description:
            'The type is decided from the bytes (SVG and anything but PNG or JPEG are refused). The answer is the logo’s public URL, which changes with its content.',
          params: ClientIdParams,
          consumes: LOGO_TYPES,
          response: { 200: Type.Object({ logoUrl: Type.String() }), ...errorResponses(400, 401, 403, 404, 413, 415, 422) },
        },
        bodyLimit: LOGO_MAX_BYTES,
      },
      async (request) => {
        const actor = await requireDirectoryActor(deps, config, request);
        if (!Buffer.isBuffer(request.body))
          throw new AppError('unsupported_media_type', 'Send the logo as the raw body with Content-Type image/png or image/jpeg.');
        return setRequesterLogo(deps, actor, request.params.clientId, request.body);
      },
    );
  });
  app.delete(
    '/api/v1/requesters/:clientId/logo',
    {
      schema: {
        tags: ['requesters'],
        summary: 'Remove a requester’s logo (operator)',
        params: ClientIdParams,
        response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await removeRequesterLogo(deps, await requireDirectoryActor(deps, config, request), request.params.clientId);
      return reply.status(204).send(null);
    },
  );
  app.get(
    '/api/v1/requester-logos/:sha256',
    {
      schema: {
        tags: ['requesters'],
        summary: 'A requester’s logo (public; the URL names its content, so it is cached for good)',
        params: Type.Object({ sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }) }),
        produces: ['image/png', 'image/jpeg'],
        response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }), ...errorResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const logo = await readRequesterLogo(deps, request.params.sha256);
      return reply
        .header('content-type', logo.mediaType)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'public, max-age=31536000, immutable')
        .header('content-security-policy', "default-src 'none'")
        .send(logo.bytes);
    },
  );
}
