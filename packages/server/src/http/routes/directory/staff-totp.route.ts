import { Type } from 'typebox';
import { completeStaffSignIn } from '../../../domain/staff/complete-staff-sign-in.js';
import { confirmTotpEnrolment, startTotpEnrolment } from '../../../domain/staff/enrol-totp.js';
import { disableTotp, renewStaffRecoveryCodes, totpStatus } from '../../../domain/staff/manage-totp.js';
import type { SecondFactorInput } from '../../../domain/staff/second-factor.js';
import { requireStaffUser, setStaffCookie, staffCredential, staffPendingCookieName } from '../../directory-auth.js';
import { errorResponses } from '../../schemas/common.schema.js';
import type { TypedApp } from '../../types.js';
import type { RouteContext } from '../route-context.js';

const TotpCode = Type.String({ pattern: '^[0-9]{6}$', description: 'The 6-digit code the authenticator app shows now.' });
const RecoveryCode = Type.String({ minLength: 10, maxLength: 20, pattern: '^[0-9A-Za-z -]+$', description: 'One of the recovery codes (each works once).' });
/** A code from the app, or a recovery code: exactly one of the two. */
const SecondFactorBody = Type.Union([
  Type.Object({ code: TotpCode }, { additionalProperties: false }),
  Type.Object({ recoveryCode: RecoveryCode }, { additionalProperties: false }),
]);
const RecoveryCodes = Type.Object({ recoveryCodes: Type.Array(Type.String(), { description: 'Shown this once: each signs in once without the app.' }) });

/**
 * The console's second factor (TOTP, RFC 6238): the sign-in's code step, and setting it up,
 * turning it off and renewing recovery codes for the signed-in user. Operators must have it;
 * issuer staff may. Every code tried counts against the console's sign-in lockout.
 */
export function registerStaffTotpRoutes(app: TypedApp, { deps, config }: RouteContext): void {
  app.post(
    '/api/v1/staff/sign-in/totp',
    {
      schema: {
        tags: ['console'],
        summary: 'Second step of the console sign-in: a code from the authenticator app, or a recovery code',
        description:
          'Authenticated by the pending ticket of `/api/v1/staff/sign-in` (its cookie, or `pendingToken` as a bearer token). A bearer ticket is answered with a bearer session token.',
        body: SecondFactorBody,
        response: {
          200: Type.Object({ role: Type.String(), expiresAt: Type.String({ format: 'date-time' }), token: Type.Optional(Type.String()) }),
          ...errorResponses(400, 401, 403, 409, 429),
        },
      },
    },
    async (request, reply) => {
      const pending = staffCredential(config, request, staffPendingCookieName(config));
      const { token, expiresAt, role } = await completeStaffSignIn(deps, pending.token, request.body as SecondFactorInput, request.ip);
      reply.header('cache-control', 'no-store');
      if (pending.via === 'cookie') {
        reply.clearCookie(staffPendingCookieName(config), { path: '/' });
        setStaffCookie(reply, config, token, expiresAt - deps.clock.now());
      }
      return { role, expiresAt: new Date(expiresAt).toISOString(), ...(pending.via === 'bearer' ? { token } : {}) };
    },
  );

  app.get(
    '/api/v1/staff/totp',
    {
      schema: {
        tags: ['console'],
        summary: 'Whether the signed-in console user has a second factor, and must',
        response: { 200: Type.Object({ enrolled: Type.Boolean(), required: Type.Boolean(), recoveryCodesLeft: Type.Integer() }), ...errorResponses(401) },
      },
    },
    async (request, reply) => {
      const { user } = await requireStaffUser(deps, config, request, { allowUnenrolled: true });
      reply.header('cache-control', 'no-store');
      return totpStatus(deps, user);
    },
  );

  app.post(
    '/api/v1/staff/totp/enrol',
    {
      schema: {
        tags: ['console'],
        summary: 'Start setting up an authenticator app: a new secret, as text and as an otpauth:// URI for a QR code',
        description: 'The only answer that ever carries the secret. Confirm with `/api/v1/staff/totp/confirm`; starting again replaces an unconfirmed secret.',
        response: { 200: Type.Object({ secret: Type.String(), otpauthUri: Type.String() }), ...errorResponses(401, 409) },
      },
    },
    async (request, reply) => {
      const { user } = await requireStaffUser(deps, config, request, { allowUnenrolled: true });
      reply.header('cache-control', 'no-store');
      return startTotpEnrolment(deps, user);
    },
  );

  app.post(
    '/api/v1/staff/totp/confirm',
    {
      schema: {
        tags: ['console'],
        summary: 'Finish the set-up with the app’s first code; answers the recovery codes, shown once',
        body: Type.Object({ code: TotpCode }, { additionalProperties: false }),
        response: { 200: RecoveryCodes, ...errorResponses(400, 401, 409, 429) },
      },
    },
    async (request, reply) => {
      const { user } = await requireStaffUser(deps, config, request, { allowUnenrolled: true });
      reply.header('cache-control', 'no-store');
      return confirmTotpEnrolment(deps, user, request.body.code);
    },
  );

  app.post(
    '/api/v1/staff/totp/disable',
    {
      schema: {
        tags: ['console'],
        summary: 'Turn the second factor off, with a code or a recovery code; ends the user’s other console sessions',
        description: 'An operator can do nothing else in the console until a new one is set up.',
        body: SecondFactorBody,
        response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 409, 429) },
      },
    },
    async (request, reply) => {
      const { user, sessionId } = await requireStaffUser(deps, config, request);
      await disableTotp(deps, user, sessionId, request.body as SecondFactorInput, request.ip);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/staff/totp/recovery-codes',
    {
      schema: {
        tags: ['console'],
        summary: 'New recovery codes, with a code from the app; the old ones stop working',
        body: Type.Object({ code: TotpCode }, { additionalProperties: false }),
        response: { 200: RecoveryCodes, ...errorResponses(400, 401, 403, 409, 429) },
      },
    },
    async (request, reply) => {
      const { user } = await requireStaffUser(deps, config, request);
      reply.header('cache-control', 'no-store');
      return renewStaffRecoveryCodes(deps, user, request.body, request.ip);
    },
  );
}
