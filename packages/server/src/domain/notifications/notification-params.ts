import type { ConsentAccess } from '@tijori/texts';
import type { LocalizedText } from '../issuers/localized.js';

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
