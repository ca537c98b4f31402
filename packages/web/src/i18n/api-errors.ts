import { isApiError } from '../api/client';
import type { Formatters } from './format';
import type { I18n } from './i18n-context';
import type { MessageKey, ParamsFor } from './translation';

/** Keys whose message takes no parameters. */
type PlainKey = { [K in MessageKey]: ParamsFor<K> extends [] ? K : never }[MessageKey];

/** API error code → translated message. Codes not listed fall back to the server's `detail`. */
const ERROR_KEYS: Record<string, PlainKey> = {
  network_error: 'error.network',
  validation_failed: 'error.validation_failed',
  invalid_json: 'error.generic',
  bad_request: 'error.generic',
  otp_wrong: 'error.otp_wrong',
  otp_expired: 'error.otp_expired',
  otp_used: 'error.otp_used',
  otp_locked: 'error.otp_locked',
  otp_resend_too_soon: 'error.otp_resend_too_soon',
  challenge_not_found: 'error.challenge_not_found',
  ticket_invalid: 'error.ticket_invalid',
  pin_too_weak: 'error.pin_too_weak',
  username_taken: 'error.username_taken',
  invalid_credentials: 'error.invalid_credentials',
  rate_limited: 'error.rate_limited',
  account_locked: 'error.account_locked',
  totp_wrong: 'error.totp_wrong',
  totp_used: 'error.totp_used',
  recovery_code_wrong: 'error.recovery_code_wrong',
  totp_enrolment_required: 'error.totp_enrolment_required',
  totp_already_enrolled: 'error.totp_already_enrolled',
  totp_not_enrolled: 'error.totp_not_enrolled',
  aadhaar_invalid: 'error.aadhaar_invalid',
  aadhaar_otp_failed: 'error.aadhaar_otp_failed',
  aadhaar_otp_unavailable: 'error.aadhaar_otp_unavailable',
  aadhaar_already_linked: 'error.aadhaar_already_linked',
  ekyc_invalid: 'error.ekyc_invalid',
  consent_required: 'error.consent_required',
  consent_request_not_found: 'error.consent_request_not_found',
  consent_request_expired: 'error.consent_request_expired',
  consent_request_other_mobile: 'error.consent_request_other_mobile',
  unauthenticated: 'error.unauthenticated',
  session_expired: 'error.session_expired',
  unauthorized: 'error.unauthenticated',
  csrf_rejected: 'error.csrf_rejected',
  forbidden: 'error.forbidden',
  not_found: 'error.not_found',
  mobile_unavailable: 'error.mobile_unavailable',
  sms_failed: 'error.sms_failed',
  database_unavailable: 'error.unavailable',
  blob_store_unavailable: 'error.unavailable',
  storage_busy: 'error.unavailable',
  content_unreadable: 'error.content_unreadable',
  not_ready: 'error.unavailable',
  http_502: 'error.unavailable',
  http_503: 'error.unavailable',
  http_504: 'error.unavailable',
  internal_error: 'error.internal_error',
  http_500: 'error.internal_error',
  route_not_found: 'error.not_found',
  http_404: 'error.not_found',
  conflict: 'error.conflict',
  payload_too_large: 'error.payload_too_large',
  unsupported_media_type: 'error.unsupported_media_type',
  record_not_found: 'error.record_not_found',
  aadhaar_not_linked: 'error.aadhaar_not_linked',
  issuer_not_found: 'error.issuer_not_found',
  doctype_not_found: 'error.doctype_not_found',
  document_not_found: 'error.document_not_found',
  document_exists: 'error.document_exists',
  repository_service_resperror: 'error.issuer_unavailable',
  repository_service_exception: 'error.issuer_unavailable',
  repository_service_configerror: 'error.issuer_unavailable',
  repository_service_inactive: 'error.issuer_unavailable',
  repository_service_unresponsive: 'error.issuer_unavailable',
  storage_full: 'error.storage_full',
  quota_exceeded: 'error.quota_exceeded',
  file_type_refused: 'error.file_type_refused',
  file_invalid: 'error.file_invalid',
  file_empty: 'error.file_empty',
  image_too_large: 'error.image_too_large',
  malware_found: 'error.malware_found',
  name_invalid: 'error.name_invalid',
  folder_cycle: 'error.folder_cycle',
  file_not_ready: 'error.file_not_ready',
  scanner_unavailable: 'error.scanner_unavailable',
};

/** Limits that lift by themselves: say when. */
const WAIT_CODES = new Set(['rate_limited', 'account_locked']);

/** The message to show a person for anything an API call threw, in their language. */
export function describeError(err: unknown, t: I18n['t'], format?: Formatters): string {
  if (!isApiError(err)) return t('error.generic');
  if (err.code === 'otp_wrong' && typeof err.problem.attemptsLeft === 'number') {
    return t('error.otp_wrong_attempts', { count: err.problem.attemptsLeft });
  }
  const key = ERROR_KEYS[err.code];
  const message = key ? t(key) : (err.problem.detail ?? t('error.generic'));
  if (format && WAIT_CODES.has(err.code) && err.retryAfterSeconds !== undefined && err.retryAfterSeconds > 0) {
    return `${message} ${t('error.tryAgainAt', { time: format.timeShort(new Date(Date.now() + err.retryAfterSeconds * 1000)) })}`;
  }
  return message;
}
