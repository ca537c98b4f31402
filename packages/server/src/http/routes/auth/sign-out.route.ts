import { Type } from 'typebox';
import { endSession, signOutEverywhere } from '../../../domain/sessions/end-session.js';
import { errorResponses } from '../../schemas/common.schema.js';
import { clearSessionCookie, requestContext, requireResident } from '../../session-auth.js';
import type { TypedApp } from '../../types.js';
import type { RouteContext } from '../route-context.js';

export function registerSignOutRoutes(app: TypedApp, { deps, config }: RouteContext): void {
  app.post(
    '/api/v1/auth/sign-out',
    { schema: { tags: ['auth'], summary: 'End this session', response: { 204: Type.Null(), ...errorResponses(401) } } },
    async (request, reply) => {
      const { actor } = await requireResident(deps, config, request);
      await endSession(deps, actor, requestContext(request));
      clearSessionCookie(reply, config);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/auth/sign-out-everywhere',
    { schema: { tags: ['auth'], summary: 'End every session of this account, this one included', response: { 204: Type.Null(), ...errorResponses(401) } } },
    async (request, reply) => {
      const { actor } = await requireResident(deps, config, request);
      await signOutEverywhere(deps, actor, requestContext(request));
      clearSessionCookie(reply, config);
      return reply.status(204).send(null);
    },
  );
}
