import { Type } from 'typebox';
import { startAadhaarLink, verifyAadhaarLink } from '../../../domain/residents/link-aadhaar.js';
import { errorResponses, refTo } from '../../schemas/common.schema.js';
import { ChallengeId, ChallengeView, Me, Otp } from '../../schemas/residents.schema.js';
import { requestContext, requireResident } from '../../session-auth.js';
import type { TypedApp } from '../../types.js';
import type { RouteContext } from '../route-context.js';

export function registerAadhaarRoutes(app: TypedApp, { deps, config }: RouteContext): void {
  app.post(
    '/api/v1/me/aadhaar',
    {
      schema: {
        tags: ['me'],
        summary: 'Link Aadhaar, step 1: UIDAI sends an OTP to the mobile registered with Aadhaar',
        description:
          'The number must be 12 digits, start 2–9 and carry a valid Verhoeff check digit; it is stored only encrypted and shown only as XXXX XXXX 1234.',
        body: Type.Object(
          {
            aadhaarNumber: Type.String({ pattern: '^[0-9]{12}$', description: '12 digits, no spaces.' }),
            consent: Type.Boolean({ description: 'Consent to fetch e-KYC from UIDAI.' }),
          },
          { additionalProperties: false },
        ),
        response: { 202: refTo(ChallengeView), ...errorResponses(400, 401, 403, 409, 422, 429, 502) },
      },
    },
    async (request, reply) => {
      const { actor } = await requireResident(deps, config, request);
      return reply.status(202).send(await startAadhaarLink(deps, actor, request.body));
    },
  );

  app.post(
    '/api/v1/me/aadhaar/verify',
    {
      schema: {
        tags: ['me'],
        summary: 'Link Aadhaar, step 2: the OTP; the profile comes from the signed e-KYC response',
        body: Type.Object({ challengeId: ChallengeId, otp: Otp }, { additionalProperties: false }),
        response: { 200: refTo(Me), ...errorResponses(400, 401, 403, 404, 409, 410, 422, 429, 502) },
      },
    },
    async (request) => verifyAadhaarLink(deps, (await requireResident(deps, config, request)).actor, request.body, requestContext(request)),
  );
}
