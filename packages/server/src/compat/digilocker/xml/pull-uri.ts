/**
 * Pull URI: the platform asks an issuer's Pull URI endpoint for a resident's document.
 * Tijori builds requests and parses responses when it calls issuers; the demo issuer's
 * endpoint does the reverse, so both directions live here.
 *
 * Dates in the typed objects are `YYYY-MM-DD`; on the wire they are DigiLocker's `DD-MM-YYYY`
 * (`YYYY-MM-DD` is accepted on input too). Binary payloads are Buffers, checked by their bytes.
 */
import { serializeXml, element, textElement, isXmlName, childElements, ownText, attr } from '../../../xml/xml-tree.js';
import { parseXml, REQUEST_XML_LIMITS, type XmlLimits } from '../../../xml/safe-xml.js';
import { FieldErrors, cleanText, dateToWire, isIsoDate, normaliseDate, DOC_TYPE } from './xml-fields.js';
import { checkPhoto, PULL_LIMITS, readPhoto } from './pull-fields.js';
import { childText, expectRoot, headerAttrs, onlyChild, readHeader, TEMPURI, type IssuerMessageHeader } from './message-reader.js';

export { PULL_LIMITS } from './pull-fields.js';
export { keyhash, verifyKeyhash, digilockerHmac, verifyDigilockerHmac } from './issuer-auth.js';
export {
  buildPullUriResponse,
  parsePullUriResponse,
  type Gender,
  type ParsePullResponseOptions,
  type PullPerson,
  type PullStatus,
  type PullUriResponse,
} from './pull-uri-response.js';

export type PullFormat = 'xml' | 'pdf' | 'both';

export interface PullUriRequest extends IssuerMessageHeader {
  /** Missing on the wire means `pdf` (requests from before the attribute existed). */
  format: PullFormat;
  docType: string;
  digiLockerId: string;
  /** A hash of the Aadhaar number, never the number itself. */
  uid?: string;
  fullName?: string;
  /** YYYY-MM-DD. */
  dob?: string;
  photo?: Buffer;
  /** The document type's search parameters (`RollNo`, `Year`, `UDF1` …), in order. */
  parameters: Record<string, string>;
}

const RESERVED = new Set(['DocType', 'DigiLockerId', 'UID', 'FullName', 'DOB', 'Photo']);
const DIGILOCKER_ID = /^[A-Za-z0-9-]{1,64}$/;
const UID = /^[A-Za-z0-9+/=_-]{1,256}$/;
const FORMATS: readonly PullFormat[] = ['xml', 'pdf', 'both'];

function checkUid(uid: string, errs: FieldErrors, path: string): string | undefined {
  if (/^\d{12}$/.test(uid.replace(/[\s-]/g, ''))) return errs.add(path, 'must be a hash of the Aadhaar number, never the number itself');
  return UID.test(uid) ? uid : errs.add(path, 'must be a hash (letters, digits, + / = _ -)');
}

/** Checks the typed request (both when building and after parsing). */
function checkRequest(r: PullUriRequest, errs: FieldErrors, base: string): void {
  if (!FORMATS.includes(r.format)) errs.add(`${base}/@format`, 'must be xml, pdf or both');
  if (!DOC_TYPE.test(r.docType)) errs.add(`${base}/DocDetails/DocType`, 'must be 1-5 capital letters');
  if (!DIGILOCKER_ID.test(r.digiLockerId)) errs.add(`${base}/DocDetails/DigiLockerId`, 'must be 1-64 letters, digits or hyphens');
  if (r.uid !== undefined) checkUid(r.uid, errs, `${base}/DocDetails/UID`);
  if (r.fullName !== undefined && cleanText(r.fullName, PULL_LIMITS.maxNameLength) === undefined) {
    errs.add(`${base}/DocDetails/FullName`, `must be one line of at most ${PULL_LIMITS.maxNameLength} characters`);
  }
  if (r.dob !== undefined && !isIsoDate(r.dob)) errs.add(`${base}/DocDetails/DOB`, 'must be a valid date');
  const names = Object.keys(r.parameters);
  if (names.length > PULL_LIMITS.maxParameters) errs.add(`${base}/DocDetails`, `has more than ${PULL_LIMITS.maxParameters} search parameters`);
  for (const name of names) {
    const p = `${base}/DocDetails/${isXmlName(name) ? name : '(parameter)'}`;
    if (!isXmlName(name) || name.length > 64 || RESERVED.has(name)) errs.add(p, 'is not a usable parameter name');
    else if (cleanText(r.parameters[name]!, PULL_LIMITS.maxParameterLength) === undefined) {
      errs.add(p, `must be one line of at most ${PULL_LIMITS.maxParameterLength} characters`);
    }
  }
}

/** The `PullURIRequest` XML for a request; throws `AppError('bad_request')` when a field is invalid. */
export function buildPullUriRequest(r: PullUriRequest): string {
  const head = headerAttrs(r, 'PullURIRequest');
  const errs = new FieldErrors();
  checkRequest(r, errs, '/PullURIRequest');
  if (r.photo) checkPhoto(r.photo, errs, '/PullURIRequest/DocDetails/Photo');
  errs.throwIfAny('PullURIRequest');
  const details = element('DocDetails', {}, [
    textElement('DocType', r.docType),
    textElement('DigiLockerId', r.digiLockerId),
    textElement('UID', r.uid ?? ''),
    textElement('FullName', r.fullName ?? ''),
    textElement('DOB', r.dob ? dateToWire(r.dob) : ''),
    r.photo && textElement('Photo', r.photo.toString('base64')),
    ...Object.entries(r.parameters).map(([k, v]) => textElement(k, v.trim())),
  ]);
  return serializeXml(element('PullURIRequest', { xmlns: TEMPURI, ...head, format: r.format }, [details]));
}

/** Parses and validates a `PullURIRequest` (the demo issuer's side). */
export function parsePullUriRequest(xml: string | Uint8Array, limits: Partial<XmlLimits> = REQUEST_XML_LIMITS): PullUriRequest {
  const root = parseXml(xml, limits);
  expectRoot(root, 'PullURIRequest');
  const errs = new FieldErrors();
  const base = '/PullURIRequest';
  const head = readHeader(root, errs);
  const format = (attr(root, 'format')?.trim().toLowerCase() || 'pdf') as PullFormat;
  let details = onlyChild(root, 'DocDetails', errs, base);
  if (!details) {
    errs.add(`${base}/DocDetails`, 'is required');
    details = element('DocDetails');
  }
  const p = `${base}/DocDetails`;
  const dobText = childText(details, 'DOB', errs, p);
  const dob = dobText === undefined ? undefined : (normaliseDate(dobText) ?? errs.add(`${p}/DOB`, 'must be a date in DD-MM-YYYY form'));
  const parameters: Record<string, string> = {};
  for (const child of childElements(details)) {
    if (RESERVED.has(child.localName)) continue;
    if (Object.hasOwn(parameters, child.localName)) errs.add(`${p}/${child.localName}`, 'appears more than once');
    else if (childElements(child).length > 0) errs.add(`${p}/${child.localName}`, 'must hold text, not elements');
    else parameters[child.localName] = ownText(child).trim();
  }
  const req: PullUriRequest = {
    ...head,
    format,
    docType: childText(details, 'DocType', errs, p, true) ?? '',
    digiLockerId: childText(details, 'DigiLockerId', errs, p, true) ?? '',
    uid: childText(details, 'UID', errs, p),
    fullName: childText(details, 'FullName', errs, p),
    dob,
    photo: readPhoto(childText(details, 'Photo', errs, p), errs, `${p}/Photo`),
    parameters,
  };
  checkRequest(req, errs, base);
  errs.throwIfAny('PullURIRequest');
  return req;
}
