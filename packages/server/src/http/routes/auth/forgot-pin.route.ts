import { Type } from 'typebox';
import { completePinRecovery } from '../../../domain/auth/complete-pin-recovery.js';
import { startRecoveryAadhaarOtp, startRecoveryWait, verifyRecoveryAadhaarOtp, verifyRecoveryPassword } from '../../../domain/auth/pin-recovery-factors.js';
import { startPinRecovery, verifyPinRecovery } from '../../../domain/auth/start-pin-recovery.js';
import { errorResponses, refTo } from '../../schemas/common.schema.js';
import { ChallengeId, ChallengeView, Mobile, Otp, Pin, SmsLanguage } from '../../schemas/residents.schema.js';
import { requestContext } from '../../session-auth.js';
import type { TypedApp } from '../../types.js';
import type { RouteContext } from '../route-context.js';

const RecoveryTicket = Type.String({ minLength: 20, maxLength: 200, description: 'From step 2; valid 30 minutes (a waiting period keeps it longer).' });
const Ready = Type.Object({ ready: Type.Literal(true) });
const tags = ['auth'];

export function registerForgotPinRoutes(app: TypedApp, { deps }: RouteContext): void {
  app.post(
    '/api/v1/auth/forgot-pin',
    {
      schema: {
        tags,
        summary: 'Forgot PIN, step 1: an OTP to the registered mobile',
        description: 'Answers 202 alike whether or not the number has an account (a number without one is told so by SMS instead of getting a code).',
        body: Type.Object({ mobile: Mobile, language: Type.Optional(SmsLanguage) }, { additionalProperties: false }),
        response: { 202: refTo(ChallengeView), ...errorResponses(400, 429, 502) },
      },
    },
    async (request, reply) => reply.status(202).send(await startPinRecovery(deps, { ...request.body, ip: request.ip })),
  );

  app.post(
    '/api/v1/auth/forgot-pin/verify',
    {
      schema: {
        tags,
        summary: 'Forgot PIN, step 2: the mobile OTP; answers which second factor proves it is you',
        description:
          '`aadhaar` when an Aadhaar is linked; otherwise `password` (if the account has one) or `wait` (a waiting period announced by SMS). `ready` is true when a waiting period has already run out.',
        body: Type.Object({ challengeId: ChallengeId, otp: Otp }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            recoveryTicket: Type.String(),
            secondFactors: Type.Array(Type.Union([Type.Literal('aadhaar'), Type.Literal('password'), Type.Literal('wait')])),
            ready: Type.Boolean(),
            waitHours: Type.Integer(),
          }),
          ...errorResponses(400, 404, 409, 410, 429),
        },
      },
    },
    async (request) => verifyPinRecovery(deps, request.body, requestContext(request)),
  );

  app.post(
    '/api/v1/auth/forgot-pin/aadhaar',
    {
      schema: {
        tags,
        summary: 'Forgot PIN, second factor: UIDAI sends an OTP to the mobile registered with the linked Aadhaar',
        body: Type.Object({ recoveryTicket: RecoveryTicket }, { additionalProperties: false }),
        response: { 202: refTo(ChallengeView), ...errorResponses(400, 403, 409, 429, 502) },
      },
    },
    async (request, reply) => reply.status(202).send(await startRecoveryAadhaarOtp(deps, request.body)),
  );

  app.post(
    '/api/v1/auth/forgot-pin/aadhaar/verify',
    {
      schema: {
        tags,
        summary: 'Forgot PIN, second factor: the Aadhaar OTP',
        body: Type.Object({ recoveryTicket: RecoveryTicket, challengeId: ChallengeId, otp: Otp }, { additionalProperties: false }),
        response: { 200: Ready, ...errorResponses(400, 404, 409, 410, 429, 502) },
      },
    },
    async (request) => verifyRecoveryAadhaarOtp(deps, request.body),
  );

  app.post(
    '/api/v1/auth/forgot-pin/password',
    {
      schema: {
        tags,
        summary: 'Forgot PIN, second factor: the account password (accounts without Aadhaar)',
        body: Type.Object({ recoveryTicket: RecoveryTicket, password: Type.String({ minLength: 1, maxLength: 128 }) }, { additionalProperties: false }),
        response: { 200: Ready, ...errorResponses(400, 401, 403, 409, 429) },
      },
    },
    async (request) => verifyRecoveryPassword(deps, request.body),
  );

  app.post(
    '/api/v1/auth/forgot-pin/wait',
    {
      schema: {
        tags,
        summary: 'Forgot PIN, second factor: a waiting period (accounts without Aadhaar); the mobile is told by SMS',
        description: 'After `readyAt`, start again with the mobile OTP: step 2 then answers `ready: true`. Signing in meanwhile cancels the reset.',
        body: Type.Object({ recoveryTicket: RecoveryTicket }, { additionalProperties: false }),
        response: { 202: Type.Object({ readyAt: Type.String({ format: 'date-time' }) }), ...errorResponses(400, 403, 409, 502) },
      },
    },
    async (request, reply) => reply.status(202).send(await startRecoveryWait(deps, request.body, requestContext(request))),
  );

  app.post(
    '/api/v1/auth/forgot-pin/complete',
    {
      schema: {
        tags,
        summary: 'Forgot PIN, last step: set the new PIN; every session ends; sign in with it',
        body: Type.Object({ recoveryTicket: RecoveryTicket, newPin: Pin }, { additionalProperties: false }),
        response: { 204: Type.Null(), ...errorResponses(400, 403, 409) },
      },
    },
    async (request, reply) => {
      await completePinRecovery(deps, request.body, requestContext(request));
      return reply.status(204).send(null);
    },
  );
}
