/**
 * Why a row was refused, in words any reader's language can give: a fixed key and its parameters
 * (field names, a character's code point, the reader's own text for an unreadable row). The
 * issuer console words it in the viewer's language; `message` stays the English for API clients.
 */
/** Why a bulk revocation or suspension left a listed document alone (the rejection's code too). */
export const STATUS_REJECTION_KEYS = [
  'not_issuer_document',
  'unknown_uri',
  'not_matching_filter',
  'already_revoked',
  'already_suspended',
  'changed_meanwhile',
] as const;
export type StatusRejectionKey = (typeof STATUS_REJECTION_KEYS)[number];

export const REJECTION_KEYS = [
  'doc_id',
  'holder_one_of',
  'holder_language',
  'holder_aadhaar',
  'holder_mobile',
  'holder_name',
  'date',
  'valid_range',
  'unknown_field',
  'field_too_long',
  'field_required',
  'control_character',
  'doctype_not_found',
  'unreadable',
  ...STATUS_REJECTION_KEYS,
] as const;
export type RejectionKey = (typeof REJECTION_KEYS)[number];
export interface RejectionReason {
  key: RejectionKey;
  params?: Record<string, string>;
}
