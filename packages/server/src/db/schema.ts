import type { ColumnType, Generated } from 'kysely';

/**
 * Table types as Kysely sees them. Timestamps are epoch milliseconds (bigint in PostgreSQL,
 * integer in SQLite; both read back as JS numbers). JSON is stored as text.
 */
export interface BlobsTable {
  /** SHA-256 of the plaintext, lower-case hex: the blob store key. */
  sha256: string;
  size_bytes: number;
  media_type: string;
  stored_at: number;
}

/** A blob purge under way (`done_at` null) or done lately (migration 0027). */
export interface BlobPurgesTable {
  sha256: string;
  started_at: number;
  done_at: number | null;
}

export type ResidentStatus = 'active' | 'deleted';

export interface ResidentsTable {
  id: string;
  mobile: string | null;
  username: string | null;
  pin_hash: string;
  password_hash: string | null;
  status: ResidentStatus;
  language: string;
  aadhaar_ref: string | null;
  name: string | null;
  name_local: string | null;
  local_script: string | null;
  dob: string | null;
  gender: string | null;
  address: string | null;
  address_local: string | null;
  photo_sha256: string | null;
  created_at: number;
  updated_at: number;
  deleted_at: number | null;
}

export interface AadhaarVaultTable {
  ref: string;
  lookup_hmac: string;
  key_id: string;
  ciphertext: Buffer;
  last4: string;
  created_at: number;
}

export interface OtpChallengesTable {
  id: string;
  purpose: string;
  resident_id: string | null;
  mobile: string | null;
  code_hash: string | null;
  attempts: Generated<number>;
  sends: Generated<number>;
  last_sent_at: number;
  expires_at: number;
  consumed_at: number | null;
  ticket_hash: string | null;
  ticket_expires_at: number | null;
  ticket_used_at: number | null;
  context: string | null;
  created_at: number;
}

export interface SessionsTable {
  id: string;
  token_hash: string;
  resident_id: string;
  kind: 'cookie' | 'bearer';
  device: string;
  ip: string;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
  ended_at: number | null;
  end_reason: string | null;
}

export interface ActivityEventsTable {
  id: string;
  resident_id: string;
  seq: number;
  at: number;
  type: string;
  details: string;
  prev_hash: string;
  hash: string;
}

export interface RateLimitsTable {
  key: string;
  window_start: number;
  count: number;
}

export interface DevSmsOutboxTable {
  id: string;
  to_mobile: string;
  body: string;
  sent_at: number;
}

export interface StaffUsersTable {
  id: string;
  username: string;
  password_hash: string;
  role: 'operator' | 'issuer';
  issuer_id: string | null;
  name: string;
  status: 'active' | 'disabled';
  created_at: number;
}

export interface StaffSessionsTable {
  id: string;
  token_hash: string;
  staff_id: string;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
  ended_at: number | null;
}

export interface StaffTotpTable {
  staff_id: string;
  secret_sealed: Buffer;
  confirmed_at: number | null;
  last_step: number | null;
  created_at: number;
}

export interface StaffRecoveryCodesTable {
  id: string;
  staff_id: string;
  code_hash: string;
  used_at: number | null;
  created_at: number;
}

export interface StaffTotpChallengesTable {
  id: string;
  token_hash: string;
  staff_id: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

export interface IssuersTable {
  id: string;
  org_id: string;
  names: string;
  category: string;
  state: string | null;
  contact_email: string | null;
  contact_phone: string | null;
  status: 'active' | 'suspended';
  pull_mode: 'none' | 'hosted' | 'remote';
  /** The issuer's Pull URI endpoint (remote pull); the column predates the name "endpoint". */
  repository_url: string | null;
  /** SPKI PEM of the key a remote issuer signs its certificate XML with (XML-DSig), or null. */
  certificate_key: string | null;
  created_at: number;
  updated_at: number;
}

export interface DocumentTypesTable {
  id: string;
  issuer_id: string;
  code: string;
  names: string;
  parameters: string;
  fields: string;
  template: string;
  match_rules: string;
  created_at: number;
}

export interface IssuerCredentialsTable {
  id: string;
  issuer_id: string;
  kind: 'api_key' | 'digilocker';
  client_id: string;
  secret_hash: string | null;
  secret_sealed: Buffer | null;
  label: string;
  created_at: number;
  revoked_at: number | null;
  /** 1: an operator let this DigiLocker client push with keyhash alone (no x-digilocker-hmac). */
  legacy_keyhash: Generated<number>;
  last_used_at: number | null;
  /** "staff:<id>" or "api_key:<id>" of whoever created it (null before migration 0006). */
  created_by: string | null;
}

export interface IssuerMessageTxnsTable {
  credential_id: string;
  txn: string;
  received_at: number;
}

export interface StatusListsTable {
  id: string;
  issuer_id: string;
  capacity: number;
  allocated: number;
  /** Hex key of the permutation that turns allocation order into a random-looking index. */
  permutation_key: string;
  revision: number;
  built_revision: number | null;
  revocation_jwt: string | null;
  suspension_jwt: string | null;
  built_at: number | null;
  created_at: number;
}

export interface AuditLogTable {
  seq: number;
  id: string;
  at: number;
  actor_kind: string;
  actor_id: string;
  issuer_id: string | null;
  action: string;
  target: string | null;
  details: string;
  prev_hash: string;
  hash: string;
}

export interface SigningKeysTable {
  kid: string;
  issuer_id: string;
  alg: 'EdDSA' | 'ES256';
  public_jwk: string;
  private_sealed: Buffer;
  /** `xml-dsig`: a P-256 key that signs only the certificate XML form (XML-DSig has no Ed25519). */
  status: 'active' | 'retired' | 'xml-dsig';
  created_at: number;
  retired_at: number | null;
}

export type DocumentStatus = 'active' | 'suspended' | 'revoked';

export interface IssuedDocumentsTable {
  id: string;
  uri: string;
  issuer_id: string;
  doc_type: string;
  doc_id: string;
  version: number;
  resident_id: string | null;
  holder_lookup: string | null;
  holder_name: string;
  issued_on: string;
  valid_from: string | null;
  valid_to: string | null;
  status: DocumentStatus;
  status_reason: string | null;
  status_changed_at: number | null;
  verification_code: string;
  created_at: number;
  updated_at: number;
  status_list_id: string | null;
  status_index: number | null;
}

/** What staff find a document by: a word of the holder's name, or `#` and a record number. */
export interface IssuedDocumentTermsTable {
  issuer_id: string;
  term: string;
  issued_on: string;
  document_id: string;
}

/** A copy of the terms of a document that is not active, with its status (so a search by status is an index range). */
export interface IssuedDocumentStatusTermsTable extends IssuedDocumentTermsTable {
  status: Exclude<DocumentStatus, 'active'>;
}

export interface DocumentVersionsTable {
  document_id: string;
  version: number;
  kid: string;
  credential: string;
  created_at: number;
}

export interface DocumentRenderingsTable {
  document_id: string;
  version: number;
  kind: 'pdf' | 'xml';
  status: string;
  sha256: string;
  created_at: number;
}

export interface HostedRecordsTable {
  id: string;
  issuer_id: string;
  doc_type: string;
  lookup_key: string;
  doc_id: string;
  holder_name: string;
  holder_dob: string | null;
  record: string;
  created_at: number;
}

export interface PullRequestsTable {
  id: string;
  resident_id: string;
  issuer_id: string;
  doc_type: string;
  status: 'pending' | 'issued' | 'failed';
  uri: string | null;
  detail: string | null;
  created_at: number;
  updated_at: number;
}

/** A pushed URI whose content is awaited from its issuer (migration 0018). */
export interface AwaitedDocumentsTable {
  id: string;
  uri: string;
  issuer_id: string;
  doc_type: string;
  doc_id: string;
  resident_id: string | null;
  holder_lookup: string | null;
  issued_on: string;
  valid_from: string | null;
  valid_to: string | null;
  /** Why: `endpoint_unavailable` (the issuer's endpoint did not answer) or `no_content`. */
  reason: string;
  created_at: number;
  updated_at: number;
}

export interface BulkJobsTable {
  id: string;
  issuer_id: string;
  /** Issuance: the file's format. A status job: 'uri-list' (with or without `filter`) or 'filter'. */
  format: 'ndjson' | 'csv' | 'digilocker-csv' | 'uri-list' | 'filter';
  source_sha256: string;
  source_bytes: number;
  status: 'queued' | 'running' | 'done' | 'failed';
  rows_done: number;
  rows_ok: number;
  rows_failed: number;
  bytes_done: number;
  lease_until: number | null;
  error: string | null;
  created_at: number;
  updated_at: number;
  finished_at: number | null;
  /** 'issue' (a file of documents) or 'status' (revoke or suspend many documents); from 0024. */
  kind: ColumnType<'issue' | 'status', 'issue' | 'status' | undefined, 'issue' | 'status'>;
  /** A status job's new status and the issuer's reason. */
  target_status: 'revoked' | 'suspended' | null;
  reason: string | null;
  /** A status job by filter: JSON { docType, issuedBefore }; null for one by a list of URIs. */
  filter: string | null;
  /** The client's Idempotency-Key, unique per issuer. */
  request_key: string | null;
}

export interface BulkJobRejectionsTable {
  job_id: string;
  row_number: number;
  code: string;
  message: string;
  /** JSON: { key, params? }, why in words the console translates; null on rows from before 0023. */
  reason: string | null;
}

export type ShareTargetKind = 'issued' | 'uploaded' | 'esigned';

export interface SharesTable {
  id: string;
  resident_id: string;
  token_hash: string;
  token_sealed: Buffer;
  target_kind: ShareTargetKind;
  target_id: string;
  target_version: number;
  target_ref: string | null;
  title: string;
  note: string | null;
  /** 1 or 0 (SQLite has no boolean). */
  allow_download: number;
  sharer_shown: 'masked' | 'full' | 'first';
  sharer_label: string;
  pin_hash: string | null;
  pin_failures: Generated<number>;
  locked_at: number | null;
  max_views: number | null;
  views: Generated<number>;
  expires_at: number;
  revoked_at: number | null;
  created_at: number;
}

export interface ShareViewsTable {
  id: string;
  share_id: string;
  at: number;
  device: string;
  ip_hmac: string;
}

/** Platform statistics: counters per metric, IST day, issuer and dimension (migration 0010). */
export interface StatDailyCountersTable {
  metric: string;
  day: string;
  issuer_id: string;
  dimension: string;
  n: number;
}

export interface IssuerRepositoryHealthTable {
  issuer_id: string;
  last_success_at: number | null;
  last_failure_at: number | null;
  last_outcome: string;
  updated_at: number;
}

export type UploadStatus = 'scanning' | 'clean' | 'refused';

export interface UploadFoldersTable {
  id: string;
  resident_id: string;
  parent_id: string | null;
  name: string;
  created_at: number;
  updated_at: number;
}

export interface UploadedFilesTable {
  id: string;
  resident_id: string;
  folder_id: string | null;
  name: string;
  description: string;
  doc_tag: string | null;
  /** The current version; every version's blob is in uploaded_file_versions. */
  version: number;
  sha256: string;
  media_type: string;
  size_bytes: number;
  pages: number | null;
  status: UploadStatus;
  created_at: number;
  updated_at: number;
  /** Set while the file is in the bin; purged 30 days later. */
  deleted_at: number | null;
}

export interface UploadedFileVersionsTable {
  file_id: string;
  version: number;
  sha256: string;
  media_type: string;
  size_bytes: number;
  pages: number | null;
  created_at: number;
}

export interface UploadUsageTable {
  resident_id: string;
  used_bytes: number;
}

export interface JobLeasesTable {
  name: string;
  holder: string;
  lease_until: number;
}

export interface PkiAuthoritiesTable {
  /** `root`, `issuing` or `tsa`. */
  role: string;
  serial: string;
  certificate: Buffer;
  private_sealed: Buffer;
  created_at: number;
  not_after: number;
}

export interface SigningCertificatesTable {
  serial: string;
  purpose: 'issuer-documents' | 'esign';
  issuer_id: string | null;
  resident_id: string | null;
  subject: string;
  certificate: Buffer;
  private_sealed: Buffer | null;
  created_at: number;
  not_after: number;
  revoked_at: number | null;
}

export interface RequestersTable {
  id: string;
  client_id: string;
  names: string;
  purpose: string;
  secret_hash: string;
  secret_sealed: Buffer;
  previous_secret_hash: string | null;
  previous_secret_sealed: Buffer | null;
  previous_secret_until: number | null;
  redirect_uris: string;
  scopes: string;
  doc_types: string;
  consent_days: number;
  status: 'active' | 'suspended';
  created_at: number;
  updated_at: number;
  /** Public JWK (JSON) for `private_key_jwt`; null for a requester that uses a client secret. */
  public_jwk: string | null;
  /** SHA-256 (hex) of its logo in `requester_logos`; null without one. */
  logo_sha256: string | null;
  /** 1 when the operator lets it name the resident's mobile (`verified_mobile`); 0: ignored. */
  trust_verified_mobile: Generated<number>;
}

export interface RequesterLogosTable {
  sha256: string;
  media_type: 'image/png' | 'image/jpeg';
  bytes: Buffer;
  created_at: number;
}

export interface OauthClientAssertionsTable {
  jti_hash: string;
  requester_id: string;
  expires_at: number;
}

export interface OauthRequestsTable {
  id: string;
  requester_id: string;
  redirect_uri: string;
  state: string;
  code_challenge: string;
  scope: string;
  doc_types: string;
  nonce: string | null;
  valid_until: number;
  created_at: number;
  expires_at: number;
  used_at: number | null;
  /** The resident who opened the consent screen first; only they may answer it. Null until then. */
  resident_id: string | null;
  /** The mobile a trusted requester named (`verified_mobile`); null otherwise. */
  verified_mobile: string | null;
  /** 1 when the requester named the document types (`req_doctype`), 0 when they are its registered ones. */
  req_doctype: Generated<number>;
}

export interface ConsentsTable {
  id: string;
  resident_id: string;
  requester_id: string;
  scope: string;
  documents: string;
  granted_at: number;
  valid_until: number;
  withdrawn_at: number | null;
  last_used_at: number | null;
  access_count: Generated<number>;
  /** JSON `{files, folders}` covered under files.uploadeddocs; null: the whole drive. */
  uploads: string | null;
}

export interface OauthCodesTable {
  code_hash: string;
  consent_id: string;
  requester_id: string;
  redirect_uri: string;
  code_challenge: string;
  nonce: string | null;
  expires_at: number;
  used_at: number | null;
}

export interface OauthTokensTable {
  token_hash: string;
  kind: 'access' | 'refresh';
  consent_id: string;
  requester_id: string;
  family: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
  revoked_at: number | null;
}

/** Forgot-PIN recoveries (migration 0013). */
export interface PinRecoveriesTable {
  id: string;
  resident_id: string;
  ticket_hash: string;
  method: 'aadhaar' | 'password' | 'wait' | null;
  factor_at: number | null;
  ready_at: number | null;
  expires_at: number;
  completed_at: number | null;
  cancelled_at: number | null;
  created_at: number;
}

/** A resident's inbox (migration 0013). */
export interface NotificationsTable {
  id: string;
  resident_id: string;
  kind: string;
  params: string;
  created_at: number;
  read_at: number | null;
}

/** Keys of text messages sent at most once (migration 0019). */
export interface SmsOnceTable {
  key: string;
  sent_at: number;
}

export interface Database {
  blobs: BlobsTable;
  blob_purges: BlobPurgesTable;
  residents: ResidentsTable;
  aadhaar_vault: AadhaarVaultTable;
  otp_challenges: OtpChallengesTable;
  sessions: SessionsTable;
  activity_events: ActivityEventsTable;
  rate_limits: RateLimitsTable;
  dev_sms_outbox: DevSmsOutboxTable;
  staff_users: StaffUsersTable;
  staff_sessions: StaffSessionsTable;
  staff_totp: StaffTotpTable;
  staff_recovery_codes: StaffRecoveryCodesTable;
  staff_totp_challenges: StaffTotpChallengesTable;
  issuers: IssuersTable;
  document_types: DocumentTypesTable;
  issuer_credentials: IssuerCredentialsTable;
  signing_keys: SigningKeysTable;
  issued_documents: IssuedDocumentsTable;
  issued_document_terms: IssuedDocumentTermsTable;
  issued_document_status_terms: IssuedDocumentStatusTermsTable;
  document_versions: DocumentVersionsTable;
  document_renderings: DocumentRenderingsTable;
  hosted_records: HostedRecordsTable;
  pull_requests: PullRequestsTable;
  awaited_documents: AwaitedDocumentsTable;
  bulk_jobs: BulkJobsTable;
  bulk_job_rejections: BulkJobRejectionsTable;
  shares: SharesTable;
  share_views: ShareViewsTable;
  stat_daily_counters: StatDailyCountersTable;
  issuer_repository_health: IssuerRepositoryHealthTable;
  upload_folders: UploadFoldersTable;
  uploaded_files: UploadedFilesTable;
  uploaded_file_versions: UploadedFileVersionsTable;
  upload_usage: UploadUsageTable;
  job_leases: JobLeasesTable;
  issuer_message_txns: IssuerMessageTxnsTable;
  status_lists: StatusListsTable;
  audit_log: AuditLogTable;
  pki_authorities: PkiAuthoritiesTable;
  signing_certificates: SigningCertificatesTable;
  requesters: RequestersTable;
  requester_logos: RequesterLogosTable;
  oauth_requests: OauthRequestsTable;
  consents: ConsentsTable;
  oauth_codes: OauthCodesTable;
  oauth_tokens: OauthTokensTable;
  oauth_client_assertions: OauthClientAssertionsTable;
  pin_recoveries: PinRecoveriesTable;
  notifications: NotificationsTable;
  sms_once: SmsOnceTable;
}
