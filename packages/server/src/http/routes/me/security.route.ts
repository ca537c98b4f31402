import { Type } from 'typebox';
import { startMobileChange, verifyMobileChange } from '../../../domain/residents/change-mobile.js';
import { startPinChange, verifyPinChange } from '../../../domain/residents/change-pin.js';
import { startAccountDeletion, verifyAccountDeletion } from '../../../domain/residents/delete-account.js';
import { errorResponses, refTo } from '../../schemas/common.schema.js';
import { ChallengeId, ChallengeView, Me, Mobile, Otp, Pin } from '../../schemas/residents.schema.js';
import { clearSessionCookie, requestContext, requireResident } from '../../session-auth.js';
import type { TypedApp } from '../../types.js';
import type { RouteContext } from '../route-context.js';

const started = { 202: refTo(ChallengeView), ...errorResponses(400, 401, 403, 429, 502) };
const answered = errorResponses(400, 401, 403, 404, 409, 410, 429);

export function registerSecurityRoutes(app: TypedApp, { deps, config }: RouteContext): void {
  app.post(
    '/api/v1/me/pin',
    {
      schema: {
        tags: ['me'],
        summary: 'Change PIN, step 1: confirm the current PIN; an OTP goes to the mobile',
        body: Type.Object({ currentPin: Pin }, { additionalProperties: false }),
        response: started,
      },
    },
    async (request, reply) =>
      reply.status(202).send(await startPinChange(deps, (await requireResident(deps, config, request)).actor, request.body, requestContext(request))),
  );
  app.post(
    '/api/v1/me/pin/verify',
    {
      schema: {
        tags: ['me'],
        summary: 'Change PIN, step 2: OTP and new PIN; every other session ends',
        body: Type.Object({ challengeId: ChallengeId, otp: Otp, newPin: Pin }, { additionalProperties: false }),
        response: { 204: Type.Null(), ...answered },
      },
    },
    async (request, reply) => {
      await verifyPinChange(deps, (await requireResident(deps, config, request)).actor, request.body, requestContext(request));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/me/mobile',
    {
      schema: {
        tags: ['me'],
        summary: 'Change mobile, step 1: confirm the PIN; an OTP goes to the new number',
        body: Type.Object({ pin: Pin, newMobile: Mobile }, { additionalProperties: false }),
        response: started,
      },
    },
    async (request, reply) =>
      reply.status(202).send(await startMobileChange(deps, (await requireResident(deps, config, request)).actor, request.body, requestContext(request))),
  );
  app.post(
    '/api/v1/me/mobile/verify',
    {
      schema: {
        tags: ['me'],
        summary: 'Change mobile, step 2: the OTP from the new number; every other session ends',
        body: Type.Object({ challengeId: ChallengeId, otp: Otp }, { additionalProperties: false }),
        response: { 200: refTo(Me), ...answered },
      },
    },
    async (request) => verifyMobileChange(deps, (await requireResident(deps, config, request)).actor, request.body, requestContext(request)),
  );

  app.post(
    '/api/v1/me/delete',
    {
      schema: {
        tags: ['me'],
        summary: 'Delete the account, step 1: confirm the PIN; an OTP goes to the mobile',
        body: Type.Object({ pin: Pin }, { additionalProperties: false }),
        response: started,
      },
    },
    async (request, reply) =>
      reply.status(202).send(await startAccountDeletion(deps, (await requireResident(deps, config, request)).actor, request.body, requestContext(request))),
  );
  app.post(
    '/api/v1/me/delete/verify',
    {
      schema: {
        tags: ['me'],
        summary: 'Delete the account, step 2: the OTP. The mobile number, username and Aadhaar become free.',
        body: Type.Object({ challengeId: ChallengeId, otp: Otp }, { additionalProperties: false }),
        response: { 204: Type.Null(), ...answered },
      },
    },
    async (request, reply) => {
      await verifyAccountDeletion(deps, (await requireResident(deps, config, request)).actor, request.body, requestContext(request));
      clearSessionCookie(reply, config);
      return reply.status(204).send(null);
    },
  );
}
