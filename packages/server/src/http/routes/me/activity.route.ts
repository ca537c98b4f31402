import { Type } from 'typebox';
import { listActivity } from '../../../domain/activity/list-activity.js';
import { verifyActivityChain } from '../../../domain/activity/verify-activity.js';
import { errorResponses } from '../../schemas/common.schema.js';
import { requireResident } from '../../session-auth.js';
import type { TypedApp } from '../../types.js';
import type { RouteContext } from '../route-context.js';

const Event = Type.Object({
  id: Type.String(),
  seq: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  type: Type.String({ examples: ['signed_in'] }),
  ip: Type.Optional(Type.String()),
  device: Type.Optional(Type.String()),
  details: Type.Record(Type.String(), Type.Unknown()),
  hash: Type.String({ description: 'SHA-256 over this event and the previous hash.' }),
});

export function registerActivityRoutes(app: TypedApp, { deps, config }: RouteContext): void {
  app.get(
    '/api/v1/me/activity',
    {
      schema: {
        tags: ['me'],
        summary: 'Your activity timeline, newest first (a hash chain)',
        querystring: Type.Object(
          {
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
            before: Type.Optional(Type.Integer({ minimum: 1, description: 'Events older than this seq.' })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ events: Type.Array(Event), head: Type.Union([Type.String(), Type.Null()]) }), ...errorResponses(400, 401) },
      },
    },
    async (request) => {
      const { actor } = await requireResident(deps, config, request);
      return listActivity(deps, actor, { limit: request.query.limit ?? 50, ...(request.query.before ? { beforeSeq: request.query.before } : {}) });
    },
  );

  app.get(
    '/api/v1/me/activity/verify',
    {
      schema: {
        tags: ['me'],
        summary: 'Recompute the whole chain and say whether any stored event was changed',
        response: {
          200: Type.Object({
            valid: Type.Boolean(),
            count: Type.Integer(),
            head: Type.Union([Type.String(), Type.Null()]),
            brokenAtSeq: Type.Optional(Type.Integer()),
          }),
          ...errorResponses(401),
        },
      },
    },
    async (request) => verifyActivityChain(deps, (await requireResident(deps, config, request)).actor),
  );
}
