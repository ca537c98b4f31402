import { Type } from 'typebox';
import { endSession } from '../../../domain/sessions/end-session.js';
import { listSessions } from '../../../domain/sessions/list-sessions.js';
import { errorResponses } from '../../schemas/common.schema.js';
import { clearSessionCookie, requestContext, requireResident } from '../../session-auth.js';
import type { TypedApp } from '../../types.js';
import type { RouteContext } from '../route-context.js';

const Session = Type.Object({
  id: Type.String(),
  current: Type.Boolean(),
  device: Type.String({ examples: ['Chrome on Android'] }),
  ip: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  lastUsedAt: Type.String({ format: 'date-time' }),
  expiresAt: Type.String({ format: 'date-time' }),
});

export function registerSessionRoutes(app: TypedApp, { deps, config }: RouteContext): void {
  app.get(
    '/api/v1/me/sessions',
    {
      schema: {
        tags: ['me'],
        summary: 'Active sessions of this account',
        response: { 200: Type.Object({ sessions: Type.Array(Session) }), ...errorResponses(401) },
      },
    },
    async (request) => ({ sessions: await listSessions(deps, (await requireResident(deps, config, request)).actor) }),
  );

  app.delete(
    '/api/v1/me/sessions/:sessionId',
    {
      schema: {
        tags: ['me'],
        summary: 'End one of your sessions',
        params: Type.Object({ sessionId: Type.String({ format: 'uuid' }) }),
        response: { 204: Type.Null(), ...errorResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { actor } = await requireResident(deps, config, request);
      await endSession(deps, actor, requestContext(request), request.params.sessionId);
      if (request.params.sessionId === actor.sessionId) clearSessionCookie(reply, config);
      return reply.status(204).send(null);
    },
  );
}
