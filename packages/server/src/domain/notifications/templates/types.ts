import type { LocalizedText } from '../../issuers/localized.js';

/** What a notification's text is made from; names are already picked in the reader's language. */
export interface TemplateParams {
  document: string;
  issuer: string;
  reason: string;
  device: string;
  time: string;
  count: number;
  /** The requester (bank, employer …) that used a consent. */
  requester: string;
  /** What a requester did with a consent: one of ConsentAccess. */
  access: string;
  /** Where to sign up (an invitation). */
  link: string;
}

/** What a requester's use of a consent read or did (the activity log's `what`). */
export type ConsentAccess = 'userdetails' | 'files.issued' | 'file' | 'xml' | 'files' | 'pull' | 'upload' | 'eaadhaar';

export type NotificationKind =
  | 'document_issued'
  | 'document_updated'
  | 'document_suspended'
  | 'document_revoked'
  | 'document_reinstated'
  | 'documents_received'
  | 'pull_arrived'
  | 'new_sign_in'
  | 'consent_used'
  | 'invitation_mobile'
  | 'invitation_aadhaar';

/** One file per language; every language has every kind (tsc checks). */
export type Templates = Record<NotificationKind, (p: TemplateParams) => string>;

/** Stored with the notification: names in every language, so each reader gets their own. */
export interface NotificationParams {
  document?: LocalizedText;
  issuer?: LocalizedText;
  reason?: string;
  device?: string;
  at?: number;
  count?: number;
  uri?: string;
  requester?: LocalizedText;
  access?: ConsentAccess;
  link?: string;
}
