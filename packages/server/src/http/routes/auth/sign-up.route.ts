import { Type } from 'typebox';
import { completeSignUp } from '../../../domain/auth/complete-sign-up.js';
import { startSignUp } from '../../../domain/auth/start-sign-up.js';
import { verifySignUp } from '../../../domain/auth/verify-sign-up.js';
import { errorResponses, refTo } from '../../schemas/common.schema.js';
import { ChallengeId, Language, Mobile, SmsLanguage, Otp, Pin, ChallengeView, SessionType, SignedIn, Username } from '../../schemas/residents.schema.js';
import { requestContext, setSessionCookie } from '../../session-auth.js';
import type { TypedApp } from '../../types.js';
import type { RouteContext } from '../route-context.js';
import { sessionBody } from './session-body.js';

export function registerSignUpRoutes(app: TypedApp, { deps, config }: RouteContext): void {
  app.post(
    '/api/v1/auth/sign-up',
    {
      schema: {
        tags: ['auth'],
        summary: 'Start sign-up: send an OTP to a mobile number',
        description:
          'Always answers 202 with the same shape, whether or not the number is registered (a registered number is told so by SMS instead of getting a code).',
        body: Type.Object({ mobile: Mobile, language: Type.Optional(SmsLanguage) }, { additionalProperties: false }),
        response: { 202: refTo(ChallengeView), ...errorResponses(400, 429, 502) },
      },
    },
    async (request, reply) => reply.status(202).send(await startSignUp(deps, { ...request.body, ip: request.ip })),
  );

  app.post(
    '/api/v1/auth/sign-up/verify',
    {
      schema: {
        tags: ['auth'],
        summary: 'Prove the mobile number with the OTP; get a one-time sign-up ticket',
        body: Type.Object({ challengeId: ChallengeId, otp: Otp }, { additionalProperties: false }),
        response: { 200: Type.Object({ signupTicket: Type.String({ description: 'Valid 15 minutes, once.' }) }), ...errorResponses(400, 404, 409, 410, 429) },
      },
    },
    async (request) => verifySignUp(deps, request.body),
  );

  app.post(
    '/api/v1/auth/sign-up/complete',
    {
      schema: {
        tags: ['auth'],
        summary: 'Set the security PIN (and optionally a username and password); the account exists and is signed in',
        body: Type.Object(
          {
            signupTicket: Type.String({ minLength: 20, maxLength: 200 }),
            pin: Pin,
            username: Type.Optional(Username),
            password: Type.Optional(Type.String({ minLength: 10, maxLength: 128 })),
            language: Type.Optional(Language),
            sessionType: SessionType,
          },
          { additionalProperties: false },
        ),
        response: { 201: refTo(SignedIn), ...errorResponses(400, 409) },
      },
    },
    async (request, reply) => {
      const kind = request.body.sessionType ?? 'cookie';
      const { resident, session } = await completeSignUp(deps, { ...request.body, sessionKind: kind }, requestContext(request));
      if (kind === 'cookie') setSessionCookie(reply, config, session.token, config.session.absoluteMs);
      return reply.status(201).send({ resident, session: sessionBody(session, kind) });
    },
  );
}
