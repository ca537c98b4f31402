/**
 * Shapes of the Tijori native API (/api/v1) as the portal uses them, all taken from the SDK's
 * types, which are generated from the server's OpenAPI document (`npm run openapi`). Every call
 * goes through `call()` (client.ts), whose path, parameters, body and answer come from these
 * types, so a route change that breaks the portal breaks its type-check. Only the development
 * stand-ins (outbox, sandbox), which the OpenAPI document leaves out, are written by hand here.
 */
import type { components, paths } from '@tijori/sdk/schema';

type Schemas = components['schemas'];
export type Method = 'get' | 'post' | 'patch' | 'delete';
/** The JSON answer of `method path` with `status`. */
export type Answer<P extends keyof paths, M extends Method, S extends number = 200> = paths[P][M] extends {
  responses: { [K in S]: { content: { 'application/json': infer B } } };
}
  ? B
  : never;
/** The JSON body `method path` takes (never when it takes none, or not JSON). */
export type BodyOf<P extends keyof paths, M extends Method> = paths[P][M] extends { requestBody: { content: { 'application/json': infer B } } } ? B : never;

/** The documented paths that answer `method`. */
export type PathOf<M extends Method> = { [P in keyof paths]: paths[P][M] extends { responses: object } ? P : never }[keyof paths];
type OperationParameters<P extends keyof paths, M extends Method> = paths[P][M] extends { parameters: infer X } ? X : never;
/** The `{name}` parts of the path. */
export type PathParams<P extends keyof paths, M extends Method> = OperationParameters<P, M> extends { path: infer X } ? X : never;
/** The query string, field by field. */
export type QueryOf<P extends keyof paths, M extends Method> = OperationParameters<P, M> extends { query?: infer Q } ? NonNullable<Q> : never;
type SuccessStatus = 200 | 201 | 202 | 204;
/** Every answer `method path` can succeed with: the JSON body, or void for 204 No Content. */
export type Success<P extends keyof paths, M extends Method> = paths[P][M] extends { responses: infer R }
  ? { [S in keyof R & SuccessStatus]: R[S] extends { content: { 'application/json': infer B } } ? B : void }[keyof R & SuccessStatus]
  : never;

type IfNot<T, Then> = [T] extends [never] ? unknown : Then;
/** What a call of `method path` sends: path parameters, query and JSON body, each only where the route has one. */
export type CallInput<P extends keyof paths, M extends Method> = IfNot<PathParams<P, M>, { params: PathParams<P, M> }> &
  IfNot<QueryOf<P, M>, { query?: QueryOf<P, M> }> &
  IfNot<BodyOf<P, M>, { body: BodyOf<P, M> }>;

export type Me = Schemas['Me'];
export type Profile = NonNullable<Me['profile']>;
export type Address = Profile['address'];
export type SessionInfo = Schemas['SessionInfo'];
export type SignedIn = Schemas['SignedIn'];
/** An OTP was sent; answer it with challengeId. */
export type Challenge = Schemas['Challenge'];

export type ActiveSession = Answer<'/api/v1/me/sessions', 'get'>['sessions'][number];
export type ActivityPage = Answer<'/api/v1/me/activity', 'get'>;
export type ActivityEvent = ActivityPage['events'][number];
export type ChainCheck = Answer<'/api/v1/me/activity/verify', 'get'>;

export type DocumentPage = Answer<'/api/v1/me/documents', 'get'>;
export type DocumentSummary = DocumentPage['documents'][number];
/** A URI an issuer pushed whose content it has not given yet. */
export type AwaitedDocument = DocumentPage['awaited'][number];
/** active, suspended, revoked or expired (an active document past its valid-to date). */
export type DocumentStatus = DocumentSummary['status'];
export type DocumentDetail = Answer<'/api/v1/me/documents/{uri}', 'get'>;
export type PullInput = BodyOf<'/api/v1/me/pull', 'post'>;

export type Issuer = Schemas['Issuer'];
/** Text in several languages; English is always there. */
export type Localized = Issuer['names'];
export type DocumentType = Schemas['DocumentType'];
export type PullParameter = DocumentType['parameters'][number];
export type DocumentField = DocumentType['fields'][number];
export type IssuerWithTypes = Answer<'/api/v1/issuers/{orgId}', 'get'>;
export type IssuerPatch = BodyOf<'/api/v1/issuers/{orgId}', 'patch'>;
export type IssuerStats = Answer<'/api/v1/issuers/{orgId}/stats', 'get'>;
export type NewIssuerInput = BodyOf<'/api/v1/issuers', 'post'>;
export type NewDocumentTypeInput = BodyOf<'/api/v1/issuers/{orgId}/document-types', 'post'>;
export type DocumentTemplate = NewDocumentTypeInput['template'];
export type NewCredentialInput = BodyOf<'/api/v1/issuers/{orgId}/credentials', 'post'>;
export type NewCredential = Answer<'/api/v1/issuers/{orgId}/credentials', 'post', 201>;

export type IssueInput = BodyOf<'/api/v1/issuers/{orgId}/documents', 'post'>;
export type IssueResult = Answer<'/api/v1/issuers/{orgId}/documents', 'post', 201> | Answer<'/api/v1/issuers/{orgId}/documents', 'post', 200>;
export type StatusChangeInput = BodyOf<'/api/v1/issuers/{orgId}/documents/{uri}/status', 'post'>;
export type BulkJob = Schemas['BulkJob'];
export type BulkJobStatus = BulkJob['status'];
export type BulkRejection = Answer<'/api/v1/issuers/{orgId}/bulk-jobs/{jobId}/rejections', 'get'>['rejections'][number];

/** What a verification answers; a PDF's also lists its digital signatures. */
export type DirectoryHit = Answer<'/api/v1/directory/search', 'get'>['results'][number];
export type Verification = Answer<'/api/v1/verify', 'post'> & Partial<Pick<Answer<'/api/v1/verify/pdf', 'post'>, 'signatures'>>;
export type VerifyInput = BodyOf<'/api/v1/verify', 'post'>;
export type Verdict = Verification['verdict'];
/** A PDF's digital signatures (verify/pdf only). */
export type PdfSignatures = NonNullable<Verification['signatures']>;
export type PdfSignature = PdfSignatures['signatures'][number];

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
