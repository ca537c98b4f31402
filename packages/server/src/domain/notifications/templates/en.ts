import type { Templates } from './types.js';

export const en: Templates = {
  document_issued: (p) => `Tijori: ${p.issuer} has issued your ${p.document}. It is in your locker under Issued documents.`,
  document_updated: (p) => `Tijori: ${p.issuer} has updated your ${p.document}. The new version is in your locker.`,
  document_suspended: (p) =>
    `Tijori: ${p.issuer} has suspended your ${p.document}${p.reason ? `. Reason: ${p.reason}` : ''}. Until it is reinstated it will not verify as valid.`,
  document_revoked: (p) => `Tijori: ${p.issuer} has revoked your ${p.document}${p.reason ? `. Reason: ${p.reason}` : ''}. It is no longer valid.`,
  document_reinstated: (p) => `Tijori: ${p.issuer} has reinstated your ${p.document}. It is valid again.`,
  documents_received: (p) => `Tijori: ${p.count} document(s) issued to you earlier are now in your locker.`,
  pull_arrived: (p) => `Tijori: the ${p.document} you asked ${p.issuer} for has arrived in your locker.`,
  new_sign_in: (p) => `Tijori: new sign-in to your account on ${p.device} at ${p.time}. If this was not you, change your PIN and sign out everywhere.`,
};
