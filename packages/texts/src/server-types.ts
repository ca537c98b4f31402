/**
 * The shape of the texts the server makes: SMS (notifications and one-time codes), the
 * in-portal inbox, the fixed words printed on a document's PDF, the names of upload tags and
 * of devices. `<language>/server.ts` gives one value of `ServerTexts` per language; English is
 * the reference.
 */

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

/** Every notification in one language (SMS and inbox). */
export type Templates = Record<NotificationKind, (p: TemplateParams) => string>;

/**
 * The one-time-code and account SMS. Each carries its purpose, so a code read out of context
 * is not misused. `when`/`until` come formatted in the same language.
 */
export interface SmsTexts {
  signUp: (code: string) => string;
  alreadyRegistered: () => string;
  signIn: (code: string) => string;
  changePin: (code: string) => string;
  changeMobile: (code: string) => string;
  esign: (code: string, document: string) => string;
  deleteAccount: (code: string) => string;
  consentGrant: (code: string, requester: string) => string;
  consentDevice: (code: string, requester: string, what: string, until: string) => string;
  /** A requester opens a locker by Aadhaar demographic authentication (partner API `signup/2/demoauth`). */
  signupDemoauth: (code: string, requester: string, aadhaar: string, what: string, until: string) => string;
  signupDemoauthDone: (requester: string) => string;
  pinRecovery: (code: string) => string;
  pinRecoveryNoAccount: () => string;
  pinRecoveryWaiting: (when: string) => string;
  pinReset: () => string;
  /** A moment as an SMS states it: the formatted date and time, and that it is Indian time. */
  at: (dateTime: string) => string;
  /** What a device's consent will read, for consentDevice's `what`. */
  grant: {
    userdetails: string;
    uploadedFiles: string;
    eaadhaar: string;
    /** `names`: the first few documents' names, joined by commas; `more`: how many are not named. */
    issued: (names: string, more: number) => string;
    noIssued: string;
    lockerId: string;
  };
}

export type DocumentStatus = 'active' | 'suspended' | 'revoked' | 'expired';

/**
 * The fixed words printed on a rendered document. A document in an Indian language shows the
 * label in that language with the English one beneath it, as bilingual certificates do.
 */
export interface PdfLabels {
  issuedTo: string;
  dateOfBirth: string;
  details: string;
  documentType: string;
  dateOfIssue: string;
  validFrom: string;
  validUntil: string;
  status: string;
  statuses: Record<DocumentStatus, string>;
  documentUri: string;
  verificationCode: string;
  scanToVerify: string;
  photo: string;
  page: (n: number, of: number) => string;
  continued: string;
  signedBy: (issuer: string, verifyUrl: string) => string;
  notice: string;
}

/** The kinds a resident can tag an uploaded file with. */
export const DOC_TAG_CODES = [
  'aadhaar',
  'pan',
  'voter_id',
  'passport',
  'driving_licence',
  'vehicle_rc',
  'marksheet',
  'certificate',
  'birth_certificate',
  'caste_certificate',
  'income_certificate',
  'ration_card',
  'insurance',
  'bank',
  'medical',
  'property',
  'other',
] as const;
export type DocTag = (typeof DOC_TAG_CODES)[number];

/** The words around a device's name ("Chrome on Android"); browser and system names stay as they are. */
export interface DeviceWords {
  unknown: string;
  apiClient: string;
  on: (browser: string, os: string) => string;
}

export interface ServerTexts {
  /** Intl locale for dates, times and numbers in this language's texts. */
  locale: string;
  notifications: Templates;
  /** What a requester did with a consent, after its name; `d` is the document's name, if any. */
  consentAccess: Record<ConsentAccess, (d: string) => string>;
  sms: SmsTexts;
  pdf: PdfLabels;
  docTags: Record<DocTag, string>;
  device: DeviceWords;
}
