import { Type } from 'typebox';
import { signInStaff, signOutStaff } from '../../../domain/staff/staff-accounts.js';
import { requireDirectoryActor, setStaffCookie, staffCookieName } from '../../directory-auth.js';
import { errorResponses } from '../../schemas/residents.schema.js';
import type { TypedApp } from '../../types.js';
import type { RouteContext } from '../route-context.js';

export function registerStaffRoutes(app: TypedApp, { deps, config }: RouteContext): void {
  app.post(
    '/api/v1/staff/sign-in',
    {
      schema: {
        tags: ['console'],
        summary: 'Console sign-in for operators and issuer staff',
        body: Type.Object(
          {
            username: Type.String({ minLength: 3, maxLength: 64 }),
            password: Type.String({ minLength: 1, maxLength: 200 }),
            sessionType: Type.Optional(Type.Union([Type.Literal('cookie'), Type.Literal('bearer')])),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ role: Type.String(), expiresAt: Type.String({ format: 'date-time' }), token: Type.Optional(Type.String()) }),
          ...errorResponses(400, 401, 429),
        },
      },
    },
    async (request, reply) => {
      const { token, expiresAt, role } = await signInStaff(deps, request.body, request.ip);
      const bearer = request.body.sessionType === 'bearer';
      if (!bearer) setStaffCookie(reply, config, token, expiresAt - deps.clock.now());
      reply.header('cache-control', 'no-store');
      return { role, expiresAt: new Date(expiresAt).toISOString(), ...(bearer ? { token } : {}) };
    },
  );

  app.get(
    '/api/v1/staff/me',
    {
      schema: {
        tags: ['console'],
        summary: 'Who is signed in to the console',
        response: { 200: Type.Object({ role: Type.String(), issuerId: Type.Union([Type.String(), Type.Null()]), orgId: Type.Union([Type.String(), Type.Null()]) }), ...errorResponses(401) },
      },
    },
    async (request) => {
      const actor = await requireDirectoryActor(deps, config, request);
      if (actor.kind === 'operator') return { role: 'operator', issuerId: null, orgId: null };
      const issuer = await deps.repos.issuers.findById(actor.issuerId);
      return { role: 'issuer', issuerId: actor.issuerId, orgId: issuer?.org_id ?? null };
    },
  );

  app.post(
    '/api/v1/staff/sign-out',
    { schema: { tags: ['console'], summary: 'End the console session', response: { 204: Type.Null(), ...errorResponses(401) } } },
    async (request, reply) => {
      const actor = await requireDirectoryActor(deps, config, request);
      if (actor.sessionId) await signOutStaff(deps, actor.sessionId);
      reply.clearCookie(staffCookieName(config), { path: '/' });
      return reply.status(204).send(null);
    },
  );
}
