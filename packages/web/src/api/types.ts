/**
 * Shapes of the Tijori native API (/api/v1) as the portal uses them, all taken from the SDK's
 * types, which are generated from the server's OpenAPI document (`npm run openapi`). A route
 * change that breaks the portal therefore breaks its type-check. Only the development
 * stand-ins' pages (outbox, sandbox), which the OpenAPI document leaves out, are written here.
 */
import type { components, paths } from '@tijori/sdk/schema';

type Schemas = components['schemas'];
type Method = 'get' | 'post' | 'patch' | 'delete';
/** The JSON answer of `method path` with `status`. */
export type Answer<P extends keyof paths, M extends Method, S extends number = 200> = paths[P][M] extends { responses: { [K in S]: { content: { 'application/json': infer B } } } } ? B : never;
/** The JSON body `method path` takes. */
export type BodyOf<P extends keyof paths, M extends Method> = paths[P][M] extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;

export type Me = Schemas['Me'];
export type Profile = NonNullable<Me['profile']>;
export type Address = Profile['address'];
export type SessionInfo = Schemas['SessionInfo'];
export type SignedIn = Schemas['SignedIn'];
/** An OTP was sent; answer it with challengeId. */
export type Challenge = Schemas['Challenge'];
export type SignUpTicket = Answer<'/api/v1/auth/sign-up/verify', 'post'>;
export type OtpResent = Answer<'/api/v1/auth/otp/resend', 'post', 202>;

export type SessionList = Answer<'/api/v1/me/sessions', 'get'>;
export type ActiveSession = SessionList['sessions'][number];
export type ActivityPage = Answer<'/api/v1/me/activity', 'get'>;
export type ActivityEvent = ActivityPage['events'][number];
export type ChainCheck = Answer<'/api/v1/me/activity/verify', 'get'>;

export type DocumentPage = Answer<'/api/v1/me/documents', 'get'>;
export type DocumentSummary = DocumentPage['documents'][number];
/** active, suspended, revoked or expired (an active document past its valid-to date). */
export type DocumentStatus = DocumentSummary['status'];
export type DocumentDetail = Answer<'/api/v1/me/documents/{uri}', 'get'>;
export type PullInput = BodyOf<'/api/v1/me/pull', 'post'>;
export type PullResult = Answer<'/api/v1/me/pull', 'post', 201> | Answer<'/api/v1/me/pull', 'post', 202>;

export type Issuer = Schemas['Issuer'];
export type IssuerList = Answer<'/api/v1/issuers', 'get'>;
/** Text in several languages; English is always there. */
export type Localized = Issuer['names'];
export type DocumentType = Schemas['DocumentType'];
export type PullParameter = DocumentType['parameters'][number];
export type DocumentField = DocumentType['fields'][number];
export type IssuerWithTypes = Answer<'/api/v1/issuers/{orgId}', 'get'>;
export type IssuerPatch = BodyOf<'/api/v1/issuers/{orgId}', 'patch'>;
export type IssuerSettings = Answer<'/api/v1/issuers/{orgId}/settings', 'get'>;
export type IssuerStats = Answer<'/api/v1/issuers/{orgId}/stats', 'get'>;
export type NewIssuerInput = BodyOf<'/api/v1/issuers', 'post'>;
export type NewDocumentTypeInput = BodyOf<'/api/v1/issuers/{orgId}/document-types', 'post'>;
export type DocumentTemplate = NewDocumentTypeInput['template'];
export type NewCredentialInput = BodyOf<'/api/v1/issuers/{orgId}/credentials', 'post'>;
export type NewCredential = Answer<'/api/v1/issuers/{orgId}/credentials', 'post', 201>;
export type RotatedKey = Answer<'/api/v1/issuers/{orgId}/keys/rotate', 'post'>;

export type IssueInput = BodyOf<'/api/v1/issuers/{orgId}/documents', 'post'>;
export type IssueResult = Answer<'/api/v1/issuers/{orgId}/documents', 'post', 201> | Answer<'/api/v1/issuers/{orgId}/documents', 'post', 200>;
export type StatusChangeInput = BodyOf<'/api/v1/issuers/{orgId}/documents/{uri}/status', 'post'>;
export type StatusChanged = Answer<'/api/v1/issuers/{orgId}/documents/{uri}/status', 'post'>;
export type BulkJob = Schemas['BulkJob'];
export type BulkJobStatus = BulkJob['status'];
export type BulkJobList = Answer<'/api/v1/issuers/{orgId}/bulk-jobs', 'get'>;
export type BulkRejectionPage = Answer<'/api/v1/issuers/{orgId}/bulk-jobs/{jobId}/rejections', 'get'>;
export type BulkRejection = BulkRejectionPage['rejections'][number];

/** What a verification answers; a PDF's also lists its digital signatures. */
export type Verification = Answer<'/api/v1/verify', 'post'> & Partial<Pick<Answer<'/api/v1/verify/pdf', 'post'>, 'signatures'>>;
export type VerifyInput = BodyOf<'/api/v1/verify', 'post'>;
export type Verdict = Verification['verdict'];
/** A PDF's digital signatures (verify/pdf only). */
export type PdfSignatures = NonNullable<Verification['signatures']>;
export type PdfSignature = PdfSignatures['signatures'][number];

export type StaffSignedIn = Answer<'/api/v1/staff/sign-in', 'post'>;
export type StaffMe = Answer<'/api/v1/staff/me', 'get'>;
export type StaffTotpSignedIn = Answer<'/api/v1/staff/sign-in/totp', 'post'>;
/** A code from the authenticator app, or a recovery code. */
export type SecondFactor = BodyOf<'/api/v1/staff/sign-in/totp', 'post'>;
export type StaffTotpStatus = Answer<'/api/v1/staff/totp', 'get'>;
export type StaffTotpEnrolment = Answer<'/api/v1/staff/totp/enrol', 'post'>;
export type RecoveryCodes = Answer<'/api/v1/staff/totp/confirm', 'post'>;

export type FieldProblem = NonNullable<Schemas['Problem']['errors']>[number];
/**
 * application/problem+json as the server sends it, or as the portal makes it for an answer
 * that never came (status 0, code network_error): hence the optional fields.
 */
export type Problem = Partial<Schemas['Problem']> & { status: number; code: string };

/** The development SMS outbox (a stand-in; not part of the documented API). */
export interface OutboxMessage {
  id: string;
  to: string;
  body: string;
  sentAt: string;
}

/** A demo resident of the Aadhaar sandbox (a stand-in; not part of the documented API). */
/** The demo operator's second factor (development stand-in, only while it uses the demo secret). */
export interface DemoOperatorTotp {
  username: string;
  secret: string;
  code: string;
  secondsLeft: number;
}

export interface SandboxResident {
  aadhaarNumber: string;
  name: string;
  nameLocal?: string;
  localScript?: string;
  dob: string;
  gender: string;
  state: string;
  mobile: string;
}
