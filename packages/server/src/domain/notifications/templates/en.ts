import type { ConsentAccess, Templates } from './types.js';

/** What a requester did with a consent, after its name; `d` is the document's name, if any. */
const ACCESS: Record<ConsentAccess, (d: string) => string> = {
  userdetails: () => 'read your profile (name, date of birth, gender, photo)',
  'files.issued': () => 'read the list of documents you shared',
  file: (d) => (d ? `read your ${d}` : 'read a file in your drive'),
  xml: (d) => (d ? `read the certificate data of your ${d}` : 'read a file in your drive'),
  files: () => 'read the list of files in your drive',
  pull: (d) => (d ? `fetched your ${d} from its issuer into your locker` : 'asked an issuer for a document for your locker'),
  upload: () => 'saved a file in your drive',
  eaadhaar: () => 'read your e-Aadhaar (name, date of birth, gender, address, photo)',
};

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
  consent_used: (p) =>
    `Tijori: with your consent, ${p.requester} ${ACCESS[p.access as ConsentAccess]?.(p.document) ?? 'used your documents'} on ${p.time}. You can withdraw the consent in Tijori under Consents.`,
  invitation_mobile: (p) =>
    `Tijori: ${p.issuer} has issued your ${p.document} to this mobile number. To receive it in your free document locker, sign up at ${p.link} with this number.`,
  invitation_aadhaar: (p) =>
    `Tijori: ${p.issuer} has issued your ${p.document} against your Aadhaar. To receive it in your free document locker, sign up at ${p.link} and link your Aadhaar.`,
};
