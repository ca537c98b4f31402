import { completeDemoauthSignup, startDemoauthSignup } from '../../../domain/consents/signup-demoauth.js';
import { authenticateMetaCall } from '../../../domain/requesters/meta-auth.js';
import { requestContext } from '../../../http/session-auth.js';
import type { TypedApp } from '../../../http/types.js';
import type { RouteContext } from '../../../http/routes/route-context.js';
import { formBodies, stringFields } from './form-body.js';

/** `signup/2/demoauth` and `signup/1/demoauthverify`: a requester signs a new resident up (client id + ts + HMAC). */
export function registerPartnerSignupRoutes(app: TypedApp, { deps }: RouteContext): void {
  void app.register(async (scope) => {
    formBodies(scope);
    const consumes = ['application/x-www-form-urlencoded', 'application/json'];
    scope.post(
      '/public/signup/2/demoauth',
      {
        schema: {
          tags: ['partner'],
          summary: 'Sign a new resident up by Aadhaar demographic authentication (client id + ts + HMAC; operator grant signup.demoauth)',
          description:
            'Form fields `uid`, `name`, `dob` (DDMMYYYY), `gender` (M/F/T), `mobile`, `consent=Y` (`demoauth`, `verification` accepted and ignored: the mobile is always verified by OTP). Answers 202 `{verification: "pending", masked_mobile, expires_in}` after sending the OTP; the tokens come from signup/1/demoauthverify. Errors `auth_failure`, `mobile_exists`, `aadhaar_exists`.',
          consumes,
        },
      },
      async (request, reply) => {
        const body = stringFields(request.body);
        const requester = await authenticateMetaCall(deps, body);
        const pending = await startDemoauthSignup(deps, requester, body, requestContext(request));
        return reply.status(202).header('cache-control', 'no-store').send(pending);
      },
    );
    scope.post(
      '/public/signup/1/demoauthverify',
      {
        schema: {
          tags: ['partner'],
          summary: 'Finish a demographic-authentication sign-up with the mobile OTP: the locker is opened and tokens answered (client id + ts + HMAC)',
          description:
            'Form fields `mobile`, `otp`. Answers the token endpoint’s response (access_token, refresh_token, digilockerid/digilocker_id, name, dob, gender, eaadhaar/eaadhar…). Errors `invalid_otp`, `otp_expired`, `otp_locked`, `mobile_exists`, `aadhaar_exists`.',
          consumes,
        },
      },
      async (request, reply) => {
        const body = stringFields(request.body);
        const requester = await authenticateMetaCall(deps, body);
        const tokens = await completeDemoauthSignup(deps, requester, { mobile: body.mobile, otp: body.otp }, requestContext(request));
        return reply.header('cache-control', 'no-store').header('pragma', 'no-cache').send(tokens);
      },
    );
  });
}
