/**
 * One error type for everything a client can cause or must be told about.
 * The code is stable (clients branch on it); the message is for people.
 */
export const ERROR_STATUS = {
  // Requests that are malformed or fail a rule.
  validation_failed: 400,
  invalid_json: 400,
  bad_request: 400,
  aadhaar_invalid: 400,
  otp_wrong: 400,
  pin_too_weak: 400,
  totp_wrong: 400,
  recovery_code_wrong: 400,
  consent_required: 400,
  // Who you are.
  unauthenticated: 401,
  session_expired: 401,
  unauthorized: 401,
  invalid_credentials: 401,
  forbidden: 403,
  csrf_rejected: 403,
  /** An operator's console session before the second factor is set up: only enrolment is open. */
  totp_enrolment_required: 403,
  // What you asked for.
  not_found: 404,
  route_not_found: 404,
  challenge_not_found: 404,
  issuer_not_found: 404,
  doctype_not_found: 404,
  document_not_found: 404,
  context_not_found: 404,
  record_not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  otp_used: 409,
  totp_used: 409,
  totp_already_enrolled: 409,
  totp_not_enrolled: 409,
  username_taken: 409,
  aadhaar_already_linked: 409,
  mobile_unavailable: 409,
  ticket_invalid: 409,
  document_exists: 409,
  txn_replayed: 409,
  /** An Idempotency-Key sent again with a different request. */
  idempotency_key_reused: 409,
  aadhaar_not_linked: 409,
  otp_expired: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  checksum_mismatch: 422,
  /** The client closed the connection before its request was complete (nginx calls it 499). */
  client_aborted: 400,
  /** UIDAI sends no OTP for this number (unknown, or no mobile registered): the resident's to fix. */
  aadhaar_otp_unavailable: 422,
  // The resident's drive (uploads).
  name_invalid: 400,
  file_empty: 400,
  file_invalid: 422,
  file_type_refused: 415,
  image_too_large: 422,
  malware_found: 422,
  file_not_ready: 409,
  folder_cycle: 409,
  quota_exceeded: 413,
  scanner_unavailable: 503,
  // OAuth 2.0 and the DigiLocker partner API (their own codes, sent as-is under /public).
  invalid_request: 400,
  invalid_grant: 400,
  /** RFC 8628: the device code ran out before the OTP came. */
  expired_token: 400,
  invalid_scope: 400,
  unsupported_grant_type: 400,
  unsupported_response_type: 400,
  invalid_parameter: 400,
  parameter_missing: 400,
  uri_missing: 400,
  invalid_client: 401,
  invalid_client_id: 401,
  invalid_token: 401,
  invalid_ts: 401,
  hmac_mismatch: 401,
  insufficient_scope: 403,
  invalid_uri: 404,
  invalid_id: 404,
  invalid_digilocker_id: 404,
  // The partner API's sign-up by demographic authentication.
  auth_failure: 400,
  invalid_otp: 400,
  mobile_exists: 409,
  aadhaar_exists: 409,
  // The partner API's file upload (its own codes).
  path_missing: 400,
  contenttype_missing: 400,
  hmac_missing: 400,
  filename_missing: 400,
  invalid_filename: 400,
  invalid_filesize: 400,
  invalid_filetype: 400,
  invalid_path: 400,
  // A consent of picked drive items: the path names no folder it shares, or its top is full.
  path_not_granted: 403,
  file_data_missing: 400,
  mimetype_mismatch: 400,
  // The partner API's pull document.
  uri_exists: 400,
  invalid_orgid: 400,
  invalid_doctype: 400,
  consent_request_not_found: 404,
  consent_request_expired: 410,
  consent_request_other_mobile: 403,
  // Slow down.
  rate_limited: 429,
  otp_locked: 429,
  otp_resend_too_soon: 429,
  account_locked: 429,
  // Our side or a partner's.
  // Share links (receiver side): none says whether another resident's document exists.
  share_not_found: 404,
  share_pin_required: 401,
  share_pin_wrong: 401,
  share_expired: 410,
  share_revoked: 410,
  share_used_up: 410,
  share_locked: 423,
  share_file_removed: 410,
  internal_error: 500,
  aadhaar_otp_failed: 502,
  ekyc_invalid: 502,
  sms_failed: 502,
  repository_service_resperror: 502,
  repository_service_exception: 502,
  repository_service_configerror: 502,
  repository_service_inactive: 503,
  repository_service_unresponsive: 503,
  database_unavailable: 503,
  blob_store_unavailable: 503,
  storage_busy: 503,
  content_unreadable: 503,
  not_ready: 503,
  storage_full: 507,
  // PDF signatures and eSign.
  signature_field_outside_page: 400,
  pdf_invalid: 422,
  pdf_encrypted: 422,
  pdf_signature_broken: 422,
  esign_document_changed: 409,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface FieldError {
  /** JSON-pointer-like path of the offending field, e.g. `/body/mobile`. */
  path: string;
  message: string;
}

export class AppError extends Error {
  override readonly name = 'AppError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: { errors?: FieldError[]; retryAfterSeconds?: number; [k: string]: unknown },
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export function isAppError(err: unknown): err is AppError {
  return err instanceof AppError;
}
