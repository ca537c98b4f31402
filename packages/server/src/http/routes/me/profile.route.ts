import { Type } from 'typebox';
import { getMe, updateMe } from '../../../domain/residents/get-me.js';
import { readPhoto } from '../../../domain/residents/read-photo.js';
import { errorResponses, refTo } from '../../schemas/common.schema.js';
import { Language, Me } from '../../schemas/residents.schema.js';
import { requireResident } from '../../session-auth.js';
import type { TypedApp } from '../../types.js';
import type { RouteContext } from '../route-context.js';

export function registerProfileRoutes(app: TypedApp, { deps, config }: RouteContext): void {
  app.get(
    '/api/v1/me',
    { schema: { tags: ['me'], summary: 'The signed-in resident', response: { 200: refTo(Me), ...errorResponses(401) } } },
    async (request) => getMe(deps, (await requireResident(deps, config, request)).actor),
  );

  app.patch(
    '/api/v1/me',
    {
      schema: {
        tags: ['me'],
        summary: 'Change preferences (the portal language)',
        body: Type.Object({ language: Type.Optional(Language) }, { additionalProperties: false }),
        response: { 200: refTo(Me), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => updateMe(deps, (await requireResident(deps, config, request)).actor, request.body),
  );

  app.get(
    '/api/v1/me/photo',
    {
      schema: {
        tags: ['me'],
        summary: 'The photo from Aadhaar e-KYC',
        produces: ['image/png', 'image/jpeg'],
        response: { 200: Type.Unsafe<unknown>({ type: 'string', format: 'binary', description: 'The image bytes.' }), ...errorResponses(401, 404) },
      },
    },
    async (request, reply) => {
      const photo = await readPhoto(deps, (await requireResident(deps, config, request)).actor);
      return reply.type(photo.mediaType).header('content-length', photo.size).header('cache-control', 'private, no-store').send(photo.stream);
    },
  );
}
