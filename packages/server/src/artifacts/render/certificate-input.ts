import type { DocumentStatus, RenderLanguage } from './labels.js';

/** Everything printed on the human-readable form of an issued document. */
export interface CertificateRenderInput {
  issuer: { name: string; nameLocal?: string; orgId: string; state?: string };
  /** e.g. HSCER, "Class XII Marksheet", "कक्षा XII अंकपत्र". */
  docType: { code: string; name: string; nameLocal?: string };
  /** e.g. in.gov.cbse-HSCER-201412345678 */
  uri: string;
  holder: { name: string; nameLocal?: string /** YYYY-MM-DD */; dob?: string; photoPng?: Buffer };
  /** Values may be in Devanagari, Gujarati or Latin script, or a mix. */
  fields: { label: string; labelLocal?: string; value: string }[];
  /** e.g. marks per subject. */
  table?: { columns: string[]; rows: string[][] };
  /** YYYY-MM-DD */
  issuedOn: string;
  validFrom?: string;
  validTo?: string;
  status: DocumentStatus;
  /** Short code printed for manual verification. */
  verificationCode: string;
  /** Text encoded in the QR code: a URL with a signed offline token, up to ~1,500 characters. */
  qrPayload: string;
  /** Printed under the QR code and linked. */
  verifyUrl: string;
  /** Language of the fixed labels; default English. */
  language?: RenderLanguage;
}

/** YYYY-MM-DD → DD-MM-YYYY, the form Indian documents print; anything else as given. */
export function formatDate(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  return m ? `${m[3]}-${m[2]}-${m[1]}` : date;
}
