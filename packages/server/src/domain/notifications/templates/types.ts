import type { LocalizedText } from '../../issuers/localized.js';

/** What a notification's text is made from; names are already picked in the reader's language. */
export interface TemplateParams {
  document: string;
  issuer: string;
  reason: string;
  device: string;
  time: string;
  count: number;
}

export type NotificationKind =
  | 'document_issued'
  | 'document_updated'
  | 'document_suspended'
  | 'document_revoked'
  | 'document_reinstated'
  | 'documents_received'
  | 'pull_arrived'
  | 'new_sign_in';

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
}
