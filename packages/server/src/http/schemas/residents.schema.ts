import { Type } from 'typebox';
import { refTo } from './common.schema.js';
import { MOBILE_PATTERN } from '../../domain/auth/mobile.js';
import { PIN_PATTERN, USERNAME_PATTERN } from '../../domain/auth/credential-rules.js';
import { SUPPORTED_LANGUAGES } from '../../domain/residents/me.js';

export const Mobile = Type.String({
  pattern: MOBILE_PATTERN,
  description: '10-digit Indian mobile number, starting 6–9, without +91.',
  examples: ['9876543210'],
});
export const Pin = Type.String({ pattern: PIN_PATTERN, description: '6-digit security PIN.' });
export const Otp = Type.String({ pattern: '^[0-9]{6}$', description: 'The 6-digit code from the SMS.' });
export const ChallengeId = Type.String({ minLength: 16, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' });
export const Language = Type.Union(SUPPORTED_LANGUAGES.map((l) => Type.Literal(l)));
/** Sent with a request that texts a number before any account is known (sign-up, forgot PIN). */
export const SmsLanguage = Type.Union(
  SUPPORTED_LANGUAGES.map((l) => Type.Literal(l)),
  { description: "The portal's language: the SMS is written in it (to a number that has an account, in the account's language)." },
);
export const Username = Type.String({ pattern: USERNAME_PATTERN, description: '3–32 characters: lower-case letters, digits, . _ -, starting with a letter.' });

export const ChallengeView = Type.Object(
  {
    challengeId: Type.String(),
    maskedMobile: Type.String({ examples: ['XXXXXX3210'] }),
    expiresInSeconds: Type.Integer(),
    resendAfterSeconds: Type.Integer(),
  },
  { $id: 'Challenge', description: 'An OTP was sent; answer it with the challengeId.' },
);

const Address = Type.Object({
  careOf: Type.Optional(Type.String()),
  house: Type.Optional(Type.String()),
  street: Type.Optional(Type.String()),
  landmark: Type.Optional(Type.String()),
  locality: Type.Optional(Type.String()),
  vtc: Type.String(),
  district: Type.String(),
  state: Type.String(),
  pincode: Type.String(),
});

export const Me = Type.Object(
  {
    id: Type.String(),
    mobile: Type.String(),
    username: Type.Union([Type.String(), Type.Null()]),
    language: Type.String(),
    createdAt: Type.String({ format: 'date-time' }),
    aadhaar: Type.Object({ linked: Type.Boolean(), masked: Type.Union([Type.String({ examples: ['XXXX XXXX 1234'] }), Type.Null()]) }),
    profile: Type.Union([
      Type.Null(),
      Type.Object({
        name: Type.String(),
        nameLocal: Type.Union([Type.String(), Type.Null()]),
        localScript: Type.Union([Type.String(), Type.Null()]),
        dob: Type.String({ description: 'YYYY-MM-DD' }),
        gender: Type.String({ description: 'M, F or T' }),
        address: Address,
        addressLocal: Type.Union([Address, Type.Null()]),
        hasPhoto: Type.Boolean(),
      }),
    ]),
  },
  { $id: 'Me', description: "The signed-in resident's own account. Aadhaar is only ever shown masked." },
);

export const SessionInfo = Type.Object(
  {
    id: Type.String(),
    expiresAt: Type.String({ format: 'date-time' }),
    idleTimeoutSeconds: Type.Integer(),
    token: Type.Optional(Type.String({ description: 'Only for sessionType "bearer": send as "Authorization: Bearer <token>". Shown once.' })),
  },
  { $id: 'SessionInfo' },
);

export const SignedIn = Type.Object({ resident: refTo(Me), session: refTo(SessionInfo) }, { $id: 'SignedIn' });

export const SessionType = Type.Optional(
  Type.Union([Type.Literal('cookie'), Type.Literal('bearer')], {
    description: '"cookie" (default, for the portal) sets an HttpOnly cookie; "bearer" returns the token for API clients.',
  }),
);

export const RESIDENT_SCHEMAS = [ChallengeView, Me, SessionInfo, SignedIn];
