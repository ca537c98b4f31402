import type { ConsentAccess, ServerTexts } from '../server-types.js';

/** English: the reference. Every other language's server.ts has exactly these keys. */
const consentAccess: Record<ConsentAccess, (d: string) => string> = {
  userdetails: () => 'read your profile (name, date of birth, gender, photo)',
  'files.issued': () => 'read the list of documents you shared',
  file: (d) => (d ? `read your ${d}` : 'read a file in your drive'),
  xml: (d) => (d ? `read the certificate data of your ${d}` : 'read a file in your drive'),
  files: () => 'read the list of files in your drive',
  pull: (d) => (d ? `fetched your ${d} from its issuer into your locker` : 'asked an issuer for a document for your locker'),
  upload: () => 'saved a file in your drive',
  eaadhaar: () => 'read your e-Aadhaar (name, date of birth, gender, address, photo)',
};

export const en: ServerTexts = {
  locale: 'en-IN',
  consentAccess,
  notifications: {
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
      `Tijori: with your consent, ${p.requester} ${consentAccess[p.access as ConsentAccess]?.(p.document) ?? 'used your documents'} on ${p.time}. You can withdraw the consent in Tijori under Consents.`,
    invitation_mobile: (p) =>
      `Tijori: ${p.issuer} has issued your ${p.document} to this mobile number. To receive it in your free document locker, sign up at ${p.link} with this number.`,
    invitation_aadhaar: (p) =>
      `Tijori: ${p.issuer} has issued your ${p.document} against your Aadhaar. To receive it in your free document locker, sign up at ${p.link} and link your Aadhaar.`,
  },
  sms: {
    signUp: (code) => `${code} is your Tijori sign-up OTP. It expires in 10 minutes. Never share it with anyone.`,
    alreadyRegistered: () =>
      'Someone asked to sign up for Tijori with this number. You already have a Tijori account: sign in, or use "Forgot PIN" on the sign-in page. No code was sent.',
    signIn: (code) => `${code} is your Tijori sign-in OTP. It expires in 10 minutes. Never share it with anyone.`,
    changePin: (code) => `${code} is your Tijori OTP to change your security PIN. If you did not ask for this, sign in and end other sessions.`,
    changeMobile: (code) => `${code} is your Tijori OTP to move your account to this mobile number.`,
    esign: (code, document) => `${code} is your Tijori OTP to eSign "${document}" in your name. Do not share it.`,
    deleteAccount: (code) => `${code} is your Tijori OTP to DELETE your account and everything in it. Do not share it.`,
    consentGrant: (code, requester) => `${code} is your Tijori OTP to SHARE documents with ${requester}. Enter it only if you asked to share.`,
    consentDevice: (code, requester, what, until) =>
      `${code} is your Tijori OTP to let ${requester} READ ${what} until ${until}. Enter it only on a device you are using to share. It is not a sign-in code.`,
    signupDemoauth: (code, requester, aadhaar, what, until) =>
      `${code} is your Tijori OTP to let ${requester} OPEN a Tijori locker for you with Aadhaar ${aadhaar} and READ ${what} until ${until}. Enter it only if you asked ${requester} for this.`,
    signupDemoauthDone: (requester) =>
      `Your Tijori locker was opened through ${requester}. To sign in, set your security PIN: "Forgot PIN" on the sign-in page, with the OTP UIDAI sends to your Aadhaar mobile.`,
    pinRecovery: (code) => `${code} is your Tijori OTP to reset your security PIN. If you did not ask for this, ignore this SMS and never share the code.`,
    pinRecoveryNoAccount: () => 'Someone asked to reset a Tijori PIN for this number, but no Tijori account uses it. No code was sent. To make one, sign up.',
    pinRecoveryWaiting: (when) =>
      `Someone asked to reset your Tijori PIN without Aadhaar or password. A new PIN can be set after ${when}. If this was not you, sign in to Tijori now: that cancels it.`,
    pinReset: () => 'Your Tijori security PIN was reset and every other session was signed out. If this was not you, sign in and change your PIN now.',
    at: (dateTime) => `${dateTime} IST`,
    grant: {
      userdetails: 'your name, date of birth and gender',
      uploadedFiles: 'your uploaded files',
      eaadhaar: 'your e-Aadhaar (name, birth date, gender, address, photo)',
      issued: (names, more) => `your issued ${names}${more > 0 ? ` and ${more} more document${more > 1 ? 's' : ''}` : ''}`,
      noIssued: 'no issued documents',
      lockerId: 'your locker id',
    },
  },
  pdf: {
    issuedTo: 'Issued to',
    dateOfBirth: 'Date of birth',
    details: 'Particulars',
    documentType: 'Document type',
    dateOfIssue: 'Date of issue',
    validFrom: 'Valid from',
    validUntil: 'Valid until',
    status: 'Status',
    statuses: { active: 'Active', suspended: 'Suspended', revoked: 'Revoked', expired: 'Expired' },
    documentUri: 'Document URI',
    verificationCode: 'Verification code',
    scanToVerify: 'Scan to verify',
    photo: 'Photo',
    page: (n, of) => `Page ${n} of ${of}`,
    continued: 'continued',
    signedBy: (issuer, url) => `Digitally signed by ${issuer}. Verify at ${url}`,
    notice: 'This is a rendering of a digitally signed electronic document; it needs no physical signature. The signed electronic form prevails.',
  },
  docTags: {
    aadhaar: 'Aadhaar',
    pan: 'PAN card',
    voter_id: 'Voter ID',
    passport: 'Passport',
    driving_licence: 'Driving licence',
    vehicle_rc: 'Vehicle registration',
    marksheet: 'Marksheet',
    certificate: 'Certificate',
    birth_certificate: 'Birth certificate',
    caste_certificate: 'Caste certificate',
    income_certificate: 'Income certificate',
    ration_card: 'Ration card',
    insurance: 'Insurance policy',
    bank: 'Bank document',
    medical: 'Medical record',
    property: 'Property document',
    other: 'Other',
  },
  device: { unknown: 'Unknown device', apiClient: 'API client', on: (browser, os) => `${browser} on ${os}` },
};
