import { Type } from 'typebox';
import { createShare } from '../../../domain/shares/create-share.js';
import { extendShare } from '../../../domain/shares/extend-share.js';
import { listShares } from '../../../domain/shares/list-shares.js';
import { revokeAllShares, revokeShare } from '../../../domain/shares/revoke-share.js';
import { MAX_EXPIRY_HOURS } from '../../../domain/shares/share-rules.js';
import { errorResponses } from '../../schemas/common.schema.js';
import { requestContext, requireResident } from '../../session-auth.js';
import type { TypedApp } from '../../types.js';
import type { RouteContext } from '../route-context.js';
import { CreateShareBody, ShareView } from './share.schema.js';

const ShareId = Type.Object({ shareId: Type.String({ format: 'uuid' }) });

export function registerMyShareRoutes(app: TypedApp, { deps, config }: RouteContext): void {
  app.get(
    '/api/v1/me/shares',
    {
      schema: {
        tags: ['shares'],
        summary: 'Your share links: live ones and past ones, each with its latest views',
        response: { 200: Type.Object({ live: Type.Array(ShareView), past: Type.Array(ShareView) }), ...errorResponses(401) },
      },
    },
    async (request) => listShares(deps, (await requireResident(deps, config, request)).actor),
  );

  app.post(
    '/api/v1/me/shares',
    {
      schema: {
        tags: ['shares'],
        summary: 'Share one of your documents or uploaded files by link (and QR code): this version, as it is now',
        description:
          "Another resident's document or file answers exactly like a missing one (document_not_found, not_found). An uploaded file still being scanned: 409 file_not_ready; refused by the virus scanner: 422 malware_found.",
        body: CreateShareBody,
        response: {
          201: Type.Intersect([ShareView, Type.Object({ token: Type.String({ description: 'Shown once here; also the last part of url.' }) })]),
          ...errorResponses(400, 401, 403, 404, 409, 422),
        },
      },
    },
    async (request, reply) => {
      const { actor } = await requireResident(deps, config, request);
      return reply.status(201).send(await createShare(deps, actor, requestContext(request), request.body));
    },
  );

  app.post(
    '/api/v1/me/shares/revoke-all',
    {
      schema: {
        tags: ['shares'],
        summary: 'Stop all shares: every live link dies at once',
        response: { 200: Type.Object({ revoked: Type.Integer() }), ...errorResponses(401, 403) },
      },
    },
    async (request) => {
      const { actor } = await requireResident(deps, config, request);
      return { revoked: await revokeAllShares(deps, actor, requestContext(request)) };
    },
  );

  app.delete(
    '/api/v1/me/shares/:shareId',
    {
      schema: { tags: ['shares'], summary: 'Revoke one link at once', params: ShareId, response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404) } },
    },
    async (request, reply) => {
      const { actor } = await requireResident(deps, config, request);
      await revokeShare(deps, actor, requestContext(request), request.params.shareId);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/me/shares/:shareId/extend',
    {
      schema: {
        tags: ['shares'],
        summary: 'Set a live link to expire this many hours from now (at most 30 days)',
        params: ShareId,
        body: Type.Object({ expiresInHours: Type.Integer({ minimum: 1, maximum: MAX_EXPIRY_HOURS }) }, { additionalProperties: false }),
        response: { 200: ShareView, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const { actor } = await requireResident(deps, config, request);
      return extendShare(deps, actor, requestContext(request), request.params.shareId, request.body.expiresInHours);
    },
  );
}
