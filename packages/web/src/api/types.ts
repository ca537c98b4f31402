/** Shapes of the Tijori native API (/api/v1), as the portal uses them. */

export interface Address {
  careOf?: string;
  house?: string;
  street?: string;
  landmark?: string;
  locality?: string;
  vtc: string;
  district: string;
  state: string;
  pincode: string;
}

export interface Profile {
  name: string;
  nameLocal: string | null;
  /** ISO 15924 script of nameLocal / addressLocal, e.g. 'Gujr', 'Deva'. */
  localScript?: string | null;
  /** YYYY-MM-DD */
  dob: string;
  gender: 'M' | 'F' | 'T' | string;
  address: Address;
  addressLocal: Address | null;
  hasPhoto: boolean;
}

export interface Me {
  id: string;
  mobile: string;
  username: string | null;
  language: string;
  createdAt: string;
  aadhaar: { linked: boolean; masked: string | null };
  profile: Profile | null;
}

export interface SessionInfo {
  id: string;
  expiresAt: string;
  idleTimeoutSeconds?: number;
}

export interface SignedIn {
  resident: Me;
  session: SessionInfo;
}

/** An OTP was sent; answer it with challengeId. */
export interface Challenge {
  challengeId: string;
  maskedMobile: string;
  expiresInSeconds: number;
  resendAfterSeconds: number;
}

export interface ActiveSession {
  id: string;
  current: boolean;
  device: string;
  ip: string;
  createdAt: string;
  lastUsedAt: string;
  expiresAt: string;
}

export interface ActivityEvent {
  id: string;
  seq: number;
  at: string;
  type: string;
  device?: string;
  ip?: string;
  details?: Record<string, unknown>;
  hash: string;
}

export interface ActivityPage {
  events: ActivityEvent[];
  head: string | null;
}

export interface ChainCheck {
  valid: boolean;
  count: number;
  head: string | null;
  brokenAtSeq?: number;
}

export interface OutboxMessage {
  id: string;
  to: string;
  body: string;
  sentAt: string;
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

export interface FieldProblem {
  path: string;
  message: string;
}

/** application/problem+json */
export interface Problem {
  status: number;
  code: string;
  detail?: string;
  requestId?: string;
  errors?: FieldProblem[];
  [extra: string]: unknown;
}

/** Text in several languages; English is always there. */
export interface Localized {
  en: string;
  hi?: string;
  gu?: string;
  [language: string]: string | undefined;
}

/** active, suspended, revoked or expired (an active document past its valid-to date). */
export type DocumentStatus = 'active' | 'suspended' | 'revoked' | 'expired';

export interface DocumentSummary {
  /** `<issuer id>-<doc type>-<doc id>`, e.g. in.gov.cbse-HSCER-201412345678 */
  uri: string;
  /** The document type's name, in the resident's language. */
  name: string;
  docType: string;
  docId: string;
  issuer: { orgId: string; name: string };
  /** YYYY-MM-DD */
  issuedOn: string;
  validFrom: string | null;
  validTo: string | null;
  status: DocumentStatus | string;
  version: number;
}

export interface DocumentDetail extends DocumentSummary {
  holder: { name: string; nameLocal?: string; birthDate?: string };
  fields: { key: string; label: string; value: string }[];
  verificationCode: string;
  /** The verify page's URL with the signed token in its fragment: what the QR code holds. */
  qrPayload: string;
}

export interface DocumentPage {
  documents: DocumentSummary[];
  nextCursor: string | null;
}

export interface Issuer {
  id: string;
  orgId: string;
  names: Localized;
  category: string;
  state: string | null;
  status: string;
  pullMode: 'none' | 'hosted' | 'remote' | string;
  contactEmail: string | null;
  contactPhone: string | null;
}

export interface PullParameter {
  name: string;
  label: Localized;
  example?: string;
  /** Anchored regular expression the value must match. */
  pattern?: string;
}

export interface DocumentField {
  key: string;
  label: Localized;
  required?: boolean;
  group?: string;
}

export type DocumentTemplate = 'certificate' | 'marksheet' | 'licence' | 'card';

export interface DocumentType {
  code: string;
  names: Localized;
  parameters: PullParameter[];
  fields: DocumentField[];
  template: DocumentTemplate | string;
  matchRules: { name: boolean; dob: boolean };
}

export interface IssuerWithTypes extends Issuer {
  documentTypes: DocumentType[];
}

export type PullResult = { status: 'issued'; uri: string; alreadyHeld: boolean } | { status: 'pending'; requestId: string };

export type Verdict = 'genuine' | 'tampered' | 'unknown';

export interface Verification {
  verdict: Verdict;
  /** The server's explanation, in English. */
  reason?: string;
  document?: {
    uri: string;
    docType: { code: string; name: string };
    issuer: { orgId: string; name: string };
    /** Masked, e.g. "A***** M*****". */
    holder: string;
    issuedOn: string;
    validFrom: string | null;
    validTo: string | null;
    status: DocumentStatus | string;
    statusChangedAt: string | null;
    version: number;
    currentVersion: number;
    superseded: boolean;
  };
  /** A PDF's digital signatures (verify/pdf only). */
  signatures?: PdfSignatures;
}

export interface PdfSignature {
  index: number;
  signer: { name: string; organization: string | null; serial: string; issuedBy: string } | null;
  claimedSigningTime: string | null;
  timestamp: { time: string; authority: string; valid: boolean; trusted: boolean } | null;
  format: string | null;
  level: 'PAdES-B-T' | 'PAdES-B-B' | 'other';
  intact: boolean;
  certificate: { chainsToTijori: boolean; validAtSigningTime: boolean; revoked: boolean; path: string[] };
  coversWholeDocument: boolean;
  valid: boolean;
  problem: string | null;
}

export interface PdfSignatures {
  signatures: PdfSignature[];
  modifiedAfterLastSignature: boolean;
  bytesAfterLastSignature: number;
}

export interface StaffMe {
  role: 'operator' | 'issuer' | string;
  issuerId: string | null;
  orgId: string | null;
}

export interface IssuerStats {
  /** Count of documents by status. */
  documents: Record<string, number>;
  hostedRecords: number;
}

export interface IssueInput {
  docType: string;
  docId: string;
  holder: { aadhaar?: string; mobile?: string; lockerId?: string; name: string; nameLocal?: string; dob?: string };
  fields: Record<string, string>;
  issuedOn: string;
  validFrom?: string;
  validTo?: string;
}

export interface IssueResult {
  uri: string;
  /** issued: into a locker now; held: kept until the holder signs up or links Aadhaar; exists: pushed before. */
  outcome: 'issued' | 'held' | 'exists';
}

export type BulkJobStatus = 'queued' | 'running' | 'done' | 'failed';

export interface BulkJob {
  id: string;
  orgId?: string;
  format?: 'csv' | 'ndjson' | string;
  status: BulkJobStatus | string;
  rowsDone: number;
  rowsOk: number;
  rowsFailed: number;
  bytesDone: number;
  sourceBytes: number;
  /** Why the whole job failed (English). */
  error?: string | null;
  createdAt?: string;
  finishedAt?: string | null;
  rowsPerSecond?: number | null;
}

export interface BulkRejection {
  row: number;
  code: string;
  message: string;
}

/** GET /api/v1/issuers/:orgId/settings (operators). */
export interface IssuerSettings {
  orgId: string;
  status: string;
  pullMode: string;
  repositoryUrl: string | null;
  /** SPKI PEM the issuer's certificate XML must be signed with, or null (not checked). */
  certificateKey: string | null;
}

export interface NewIssuerInput {
  orgId: string;
  names: { en: string; hi?: string; gu?: string };
  category: string;
  state?: string;
  contactEmail?: string;
  contactPhone?: string;
  pullMode?: 'none' | 'hosted' | 'remote';
  repositoryUrl?: string;
  signingAlg?: 'EdDSA' | 'ES256';
}

export interface NewDocumentTypeInput {
  code: string;
  names: { en: string; hi?: string; gu?: string };
  parameters: { name: string; label: { en: string; hi?: string; gu?: string }; example?: string; pattern?: string }[];
  fields: { key: string; label: { en: string; hi?: string; gu?: string }; required?: boolean; group?: string }[];
  template: DocumentTemplate;
  matchRules?: { name: boolean; dob: boolean };
}

export interface NewCredential {
  id: string;
  kind: 'api_key' | 'digilocker' | string;
  clientId: string;
  /** Shown only once. */
  secret: string;
}
