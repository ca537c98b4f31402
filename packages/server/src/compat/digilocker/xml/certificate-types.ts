/**
 * The shapes of a DigiLocker certificate XML, shared by the writer (certificate-xml.ts) and the
 * reader (certificate-read.ts) without either importing the other.
 */
import type { ImageFormat } from './xml-fields.js';
import type { XmlElement } from '../../../xml/xml-tree.js';

export type CertificateStatus = 'A' | 'E' | 'R' | 'S';

export interface CertificateAddress {
  type?: string;
  line1?: string;
  line2?: string;
  house?: string;
  landmark?: string;
  locality?: string;
  vtc?: string;
  district?: string;
  pin?: string;
  state?: string;
  country?: string;
}

export interface CertificateOrganization {
  name: string;
  code?: string;
  tin?: string;
  uid?: string;
  /** Central, state or non-government. */
  type?: 'CG' | 'SG' | 'NG';
  address?: CertificateAddress;
}

export interface CertificatePerson {
  /** Masked (`xxxxxxxx1234`) or a reference; never a full Aadhaar number. */
  uid?: string;
  title?: string;
  name: string;
  /** YYYY-MM-DD. */
  dob?: string;
  gender?: 'M' | 'F' | 'T';
  phone?: string;
  email?: string;
  address?: CertificateAddress;
  photo?: { format: ImageFormat; bytes: Buffer };
}

/**
 * Document-specific data, written under `CertificateData`: a key is a child element; `@name`
 * keys are attributes and `#text` is text; an array repeats the element. For example
 * `{ Examination: { '@year': '2024', Subject: [{ '@code': '301', '@marks': '91' }] } }`.
 */
export type CertificateDataValue = string | number | boolean | CertificateDataObject | (string | number | boolean | CertificateDataObject)[];
export interface CertificateDataObject {
  [key: string]: CertificateDataValue | undefined;
}

export interface CertificateInput {
  /** DigiLocker's language code; `99` (the default) is English. */
  language?: string;
  name: string;
  /** The document type, e.g. `INCER`. */
  type: string;
  number: string;
  prevNumber?: string;
  /** Where it was issued (a place name). */
  issuedAt?: string;
  issueDate: string;
  validFromDate?: string;
  expiryDate?: string;
  status: CertificateStatus;
  /** Written as the root's `Id` attribute, for signatures that reference `#Id`. */
  id?: string;
  issuedBy: CertificateOrganization;
  issuedTo: CertificatePerson;
  data: CertificateDataObject;
}

/** A certificate read back: `data` is the `CertificateData` element itself. */
export interface Certificate extends Omit<CertificateInput, 'data'> {
  data: XmlElement;
}
