import { Type } from 'typebox';
import { signInStaff, signOutStaff } from '../../../domain/staff/staff-accounts.js';
import { requireDirectoryActor, requireStaffUser, setStaffCookie, setStaffPendingCookie, staffCookieName } from '../../directory-auth.js';
import { errorResponses } from '../../schemas/common.schema.js';
import type { TypedApp } from '../../types.js';
import type { RouteContext } from '../route-context.js';

export function registerStaffRoutes(app: TypedApp, { deps, config }: RouteContext): void {
  app.post(
    '/api/v1/staff/sign-in',
    {
      schema: {
        tags: ['console'],
        summary: 'Console sign-in for operators and issuer staff',
        description:
          'A right password answers `next`: `done` (signed in), `totp` (a second factor is set up: send a code to `/api/v1/staff/sign-in/totp` with the pending ticket, a cookie or `pendingToken`), or `enrol_totp` (an operator without a second factor: the session opens only `/api/v1/staff/totp` until one is set up).',
        body: Type.Object(
          {
            username: Type.String({ minLength: 3, maxLength: 64 }),
            password: Type.String({ minLength: 1, maxLength: 200 }),
            sessionType: Type.Optional(Type.Union([Type.Literal('cookie'), Type.Literal('bearer')])),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            role: Type.String(),
            expiresAt: Type.String({ format: 'date-time' }),
            next: Type.Union([Type.Literal('done'), Type.Literal('totp'), Type.Literal('enrol_totp')]),
            token: Type.Optional(Type.String()),
            pendingToken: Type.Optional(Type.String({ description: 'Bearer sign-ins with a second factor: the ticket for the code step (five minutes).' })),
          }),
          ...errorResponses(400, 401, 429),
        },
      },
    },
    async (request, reply) => {
      const result = await signInStaff(deps, request.body, request.ip);
      const bearer = request.body.sessionType === 'bearer';
      const maxAge = result.expiresAt - deps.clock.now();
      reply.header('cache-control', 'no-store');
      const answer = { role: result.role, expiresAt: new Date(result.expiresAt).toISOString(), next: result.next };
      if (result.next === 'totp') {
        if (!bearer) setStaffPendingCookie(reply, config, result.pendingToken, maxAge);
        return { ...answer, ...(bearer ? { pendingToken: result.pendingToken } : {}) };
      }
      if (!bearer) setStaffCookie(reply, config, result.token, maxAge);
      return { ...answer, ...(bearer ? { token: result.token } : {}) };
    },
  );

  app.get(
    '/api/v1/staff/me',
    {
      schema: {
        tags: ['console'],
        summary: 'Who is signed in to the console',
        response: {
          200: Type.Object({ role: Type.String(), issuerId: Type.Union([Type.String(), Type.Null()]), orgId: Type.Union([Type.String(), Type.Null()]) }),
          ...errorResponses(401, 403),
        },
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
      // An operator still without a second factor may sign out too; an API key has no session.
      const sessionId = request.headers.authorization?.startsWith('Bearer tjk_')
        ? (await requireDirectoryActor(deps, config, request)).sessionId
        : (await requireStaffUser(deps, config, request, { allowUnenrolled: true })).sessionId;
      if (sessionId) await signOutStaff(deps, sessionId);
      reply.clearCookie(staffCookieName(config), { path: '/' });
      return reply.status(204).send(null);
    },
  );
}
