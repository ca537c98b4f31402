import { Type } from 'typebox';
import { resendOtp } from '../../../domain/auth/resend-otp.js';
import { errorResponses } from '../../schemas/common.schema.js';
import { ChallengeId } from '../../schemas/residents.schema.js';
import { authenticate } from '../../session-auth.js';
import type { TypedApp } from '../../types.js';
import type { RouteContext } from '../route-context.js';

export function registerOtpRoutes(app: TypedApp, { deps, config }: RouteContext): void {
  app.post(
    '/api/v1/auth/otp/resend',
    {
      schema: {
        tags: ['auth'],
        summary: 'Send a new OTP for an open challenge (at least 60 s after the last, at most 5 in all)',
        description: 'Challenges that belong to a signed-in resident (Aadhaar, PIN, mobile, deletion) need that session.',
        body: Type.Object({ challengeId: ChallengeId }, { additionalProperties: false }),
        response: { 202: Type.Object({ resendAfterSeconds: Type.Integer() }), ...errorResponses(404, 409, 410, 429, 502) },
      },
    },
    async (request, reply) => {
      const auth = await authenticate(deps, config, request).catch(() => null);
      return reply.status(202).send(await resendOtp(deps, { ...request.body, ip: request.ip }, auth?.actor ?? null));
    },
  );
}
