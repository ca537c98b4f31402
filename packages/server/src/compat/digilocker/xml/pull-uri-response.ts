/**
 * The issuer's answer to a Pull URI request: status 1 (ok, with the URI, the PDF and/or the
 * certificate XML, and whom it was issued to), 0 (error) or 9 (pending: pushed later).
 * Tijori parses these; the demo issuer's endpoint builds them.
 */
import { serializeXml, element, textElement, childElements, ownText, attr, type XmlElement } from '../../../xml/xml-tree.js';
import { parseXml, BULK_XML_LIMITS, type XmlLimits } from '../../../xml/safe-xml.js';
import {
  FieldErrors,
  cleanText,
  dateToWire,
  decodeBase64,
  base64Problem,
  isIsoDate,
  normaliseDate,
  parseDocUri,
  isPdf,
  sniffImage,
  isTimestamp,
  TXN,
} from './xml-fields.js';
import { childText, expectRoot, onlyChild, TEMPURI } from './message-reader.js';
import { checkPhoto, PULL_LIMITS, readPhoto } from './pull-fields.js';

export type PullStatus = 'ok' | 'error' | 'pending';
const STATUS_CODE: Record<PullStatus, string> = { ok: '1', error: '0', pending: '9' };
const STATUS_OF: Record<string, PullStatus> = { '1': 'ok', '0': 'error', '9': 'pending' };

export type Gender = 'Male' | 'Female' | 'Other';

export interface PullPerson {
  name?: string;
  /** YYYY-MM-DD. */
  dob?: string;
  gender?: Gender;
  phone?: string;
  photo?: { format: 'PNG' | 'JPEG'; bytes: Buffer };
}

export interface PullUriResponse {
  /** 1 → ok, 0 → error, 9 → pending (the issuer will push the URI later). */
  status: PullStatus;
  ts?: string;
  txn?: string;
  /** `IssuedTo/Persons`, for matching against the resident's profile. */
  persons: PullPerson[];
  uri?: string;
  /** The PDF (`%PDF-` checked). */
  docContent?: Buffer;
  /** The certificate XML bytes; verify its signature with `verifyCertificate` before use. */
  dataContent?: Buffer;
}

export interface ParsePullResponseOptions {
  /** Defaults to `BULK_XML_LIMITS`: a response carries a whole PDF. */
  limits?: Partial<XmlLimits>;
  /** When given, the response's txn must echo it. */
  expectedTxn?: string;
  maxDocBytes?: number;
  maxDataBytes?: number;
}

function normaliseGender(s: string): Gender | undefined {
  const g = s.trim().toLowerCase();
  if (g === 'm' || g === 'male') return 'Male';
  if (g === 'f' || g === 'female') return 'Female';
  if (g === 'o' || g === 't' || g === 'other' || g === 'transgender') return 'Other';
  return undefined;
}

const PHONE = /^\+?[0-9Xx* -]{4,20}$/;

function readPerson(el: XmlElement, errs: FieldErrors, p: string): PullPerson {
  const opt = (name: string) => {
    const v = attr(el, name)?.trim();
    return v === undefined || v === '' ? undefined : v;
  };
  const person: PullPerson = {};
  const name = opt('name');
  if (name !== undefined) person.name = cleanText(name, PULL_LIMITS.maxNameLength) ?? errs.add(`${p}/@name`, 'must be one line of at most 200 characters');
  const dob = opt('dob');
  if (dob !== undefined) person.dob = normaliseDate(dob) ?? errs.add(`${p}/@dob`, 'must be a date in DD-MM-YYYY form');
  const gender = opt('gender');
  if (gender !== undefined) person.gender = normaliseGender(gender) ?? errs.add(`${p}/@gender`, 'must be Male, Female or Other');
  const phone = opt('phone');
  if (phone !== undefined) person.phone = PHONE.test(phone) ? phone : errs.add(`${p}/@phone`, 'is not a phone number');
  const photoEl = onlyChild(el, 'Photo', errs, p);
  const photoText = photoEl ? ownText(photoEl).trim() : '';
  if (photoEl && photoText !== '') {
    const claimed = attr(photoEl, 'format')?.trim().toUpperCase();
    if (claimed && !['PNG', 'JPG', 'JPEG'].includes(claimed)) errs.add(`${p}/Photo/@format`, 'must be PNG, JPG or JPEG');
    const bytes = readPhoto(photoText, errs, `${p}/Photo`, claimed);
    if (bytes) person.photo = { format: sniffImage(bytes)!, bytes };
  }
  for (const k of Object.keys(person) as (keyof PullPerson)[]) if (person[k] === undefined) delete person[k];
  return person;
}

/** Parses and validates a `PullURIResponse` from an issuer's endpoint. */
export function parsePullUriResponse(xml: string | Uint8Array, options: ParsePullResponseOptions = {}): PullUriResponse {
  const root = parseXml(xml, options.limits ?? BULK_XML_LIMITS);
  expectRoot(root, 'PullURIResponse');
  const errs = new FieldErrors();
  const base = '/PullURIResponse';
  const statusEl = onlyChild(root, 'ResponseStatus', errs, base);
  if (!statusEl) errs.add(`${base}/ResponseStatus`, 'is required');
  const statusAttr = statusEl && attr(statusEl, 'Status')?.trim();
  const statusText = statusEl && ownText(statusEl).trim();
  const code = statusAttr || statusText || '';
  if (statusAttr && statusText && statusAttr !== statusText) errs.add(`${base}/ResponseStatus`, 'disagrees with its Status attribute');
  const status = STATUS_OF[code] ?? (statusEl ? errs.add(`${base}/ResponseStatus/@Status`, 'must be 1, 0 or 9') : undefined);
  const ts = statusEl && attr(statusEl, 'ts')?.trim();
  const txn = statusEl && attr(statusEl, 'txn')?.trim();
  if (ts && !isTimestamp(ts)) errs.add(`${base}/ResponseStatus/@ts`, 'must be an ISO 8601 timestamp');
  if (txn && !TXN.test(txn)) errs.add(`${base}/ResponseStatus/@txn`, 'must be 1-64 letters, digits or . _ : -');
  if (options.expectedTxn !== undefined && txn !== options.expectedTxn) errs.add(`${base}/ResponseStatus/@txn`, 'does not match the request');

  const res: PullUriResponse = { status: status ?? 'error', persons: [] };
  if (ts) res.ts = ts;
  if (txn) res.txn = txn;
  const details = onlyChild(root, 'DocDetails', errs, base);
  const p = `${base}/DocDetails`;
  if (details) {
    const issuedTo = onlyChild(details, 'IssuedTo', errs, p);
    const persons = issuedTo && onlyChild(issuedTo, 'Persons', errs, `${p}/IssuedTo`);
    const list = persons ? childElements(persons, 'Person') : [];
    if (list.length > 16) errs.add(`${p}/IssuedTo/Persons`, 'lists more than 16 people');
    else res.persons = list.map((el, i) => readPerson(el, errs, `${p}/IssuedTo/Persons/Person[${i + 1}]`));
    const uri = childText(details, 'URI', errs, p);
    if (uri !== undefined) res.uri = parseDocUri(uri) ? uri : errs.add(`${p}/URI`, 'must be <issuerId>-<DOCTYPE>-<docId>');
    const maxDoc = options.maxDocBytes ?? PULL_LIMITS.maxDocBytes;
    const doc = childText(details, 'DocContent', errs, p);
    if (doc !== undefined) {
      const r = decodeBase64(doc, maxDoc);
      if (!r.ok) errs.add(`${p}/DocContent`, base64Problem(r.reason, maxDoc));
      else if (!isPdf(r.bytes)) errs.add(`${p}/DocContent`, 'is not a PDF');
      else res.docContent = r.bytes;
    }
    const maxData = options.maxDataBytes ?? PULL_LIMITS.maxDataBytes;
    const data = childText(details, 'DataContent', errs, p);
    if (data !== undefined) {
      const r = decodeBase64(data, maxData);
      if (!r.ok) errs.add(`${p}/DataContent`, base64Problem(r.reason, maxData));
      else if (!/^(?:\uFEFF)?\s*</.test(r.bytes.subarray(0, 64).toString('utf8'))) errs.add(`${p}/DataContent`, 'is not XML');
      else res.dataContent = r.bytes;
    }
  }
  if (status === 'ok' && res.uri === undefined && !errs.errors.some((e) => e.path === `${p}/URI`)) errs.add(`${p}/URI`, 'is required when Status is 1');
  errs.throwIfAny('PullURIResponse');
  return res;
}

/** The `PullURIResponse` XML (the demo issuer's side). */
export function buildPullUriResponse(r: PullUriResponse): string {
  const errs = new FieldErrors();
  const base = '/PullURIResponse';
  if (!(r.status in STATUS_CODE)) errs.add(`${base}/ResponseStatus`, 'must be ok, error or pending');
  if (r.ts !== undefined && !isTimestamp(r.ts)) errs.add(`${base}/ResponseStatus/@ts`, 'must be an ISO 8601 timestamp');
  if (r.txn !== undefined && !TXN.test(r.txn)) errs.add(`${base}/ResponseStatus/@txn`, 'must be 1-64 letters, digits or . _ : -');
  if (r.uri !== undefined && !parseDocUri(r.uri)) errs.add(`${base}/DocDetails/URI`, 'must be <issuerId>-<DOCTYPE>-<docId>');
  if (r.status === 'ok' && r.uri === undefined) errs.add(`${base}/DocDetails/URI`, 'is required when Status is 1');
  if (r.docContent && !isPdf(r.docContent)) errs.add(`${base}/DocDetails/DocContent`, 'is not a PDF');
  r.persons.forEach((person, i) => {
    const p = `${base}/DocDetails/IssuedTo/Persons/Person[${i + 1}]`;
    if (person.name !== undefined && cleanText(person.name, PULL_LIMITS.maxNameLength) === undefined) errs.add(`${p}/@name`, 'must be one line');
    if (person.dob !== undefined && !isIsoDate(person.dob)) errs.add(`${p}/@dob`, 'must be a valid date');
    if (person.phone !== undefined && !PHONE.test(person.phone)) errs.add(`${p}/@phone`, 'is not a phone number');
    if (person.photo) checkPhoto(person.photo.bytes, errs, `${p}/Photo`, person.photo.format);
  });
  errs.throwIfAny('PullURIResponse');
  const status = element('ResponseStatus', { Status: STATUS_CODE[r.status], ts: r.ts, txn: r.txn }, [STATUS_CODE[r.status]]);
  const hasDetails = r.persons.length > 0 || r.uri !== undefined || r.docContent || r.dataContent;
  const persons = r.persons.map((p) =>
    element('Person', { name: p.name ?? '', dob: p.dob ? dateToWire(p.dob) : '', gender: p.gender ?? '', phone: p.phone ?? '' }, [
      p.photo && textElement('Photo', p.photo.bytes.toString('base64'), { format: p.photo.format }),
    ]),
  );
  const details =
    hasDetails &&
    element('DocDetails', {}, [
      r.persons.length > 0 && element('IssuedTo', {}, [element('Persons', {}, persons)]),
      textElement('URI', r.uri),
      r.docContent && textElement('DocContent', r.docContent.toString('base64')),
      r.dataContent && textElement('DataContent', r.dataContent.toString('base64')),
    ]);
  return serializeXml(element('PullURIResponse', { 'xmlns:ns2': TEMPURI }, [status, details]));
}
