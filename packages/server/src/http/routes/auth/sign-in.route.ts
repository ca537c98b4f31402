import { Type } from 'typebox';
import { startSignIn } from '../../../domain/auth/start-sign-in.js';
import { verifySignIn } from '../../../domain/auth/verify-sign-in.js';
import { errorResponses, refTo } from '../../schemas/common.schema.js';
import { ChallengeId, ChallengeView, Otp, Pin, SessionType, SignedIn } from '../../schemas/residents.schema.js';
import { requestContext, setSessionCookie } from '../../session-auth.js';
import type { TypedApp } from '../../types.js';
import type { RouteContext } from '../route-context.js';
import { sessionBody } from './session-body.js';
import { isAppError } from '../../../lib/errors.js';
import { signIns } from '../../../metrics/metrics.js';

/** Counts a sign-in step by its outcome: ok, or the error's stable code (a bounded set). */
async function countSignIn<T>(step: 'secret' | 'otp', run: () => Promise<T>): Promise<T> {
  try {
    const result = await run();
    signIns.inc({ step, outcome: 'ok' });
    return result;
  } catch (err) {
    signIns.inc({ step, outcome: isAppError(err) ? err.code : 'error' });
    throw err;
  }
}

export function registerSignInRoutes(app: TypedApp, { deps, config }: RouteContext): void {
  app.post(
    '/api/v1/auth/sign-in',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign in, step 1: mobile or username, then PIN or password; an OTP goes to the mobile',
        description: 'Give exactly one of `pin` and `password`. Five wrong secrets for one login lock it for 15 minutes (429 `account_locked`).',
        body: Type.Object(
          {
            login: Type.String({ minLength: 3, maxLength: 64, description: 'Mobile number or username.' }),
            pin: Type.Optional(Pin),
            password: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
          },
          { additionalProperties: false },
        ),
        response: { 202: refTo(ChallengeView), ...errorResponses(400, 401, 429, 502) },
      },
    },
    async (request, reply) => reply.status(202).send(await countSignIn('secret', () => startSignIn(deps, request.body, requestContext(request)))),
  );

  app.post(
    '/api/v1/auth/sign-in/verify',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign in, step 2: the OTP opens a session',
        body: Type.Object({ challengeId: ChallengeId, otp: Otp, sessionType: SessionType }, { additionalProperties: false }),
        response: { 200: refTo(SignedIn), ...errorResponses(400, 404, 409, 410, 429) },
      },
    },
    async (request, reply) => {
      const kind = request.body.sessionType ?? 'cookie';
      const { resident, session } = await countSignIn('otp', () => verifySignIn(deps, { ...request.body, sessionKind: kind }, requestContext(request)));
      if (kind === 'cookie') setSessionCookie(reply, config, session.token, config.session.absoluteMs);
      return { resident, session: sessionBody(session, kind) };
    },
  );
}
