/**
 * One Push URI record (issuer → platform), as sent in `PushUriRequest/UriDetails` or as one
 * row of a `PushCSVRequest`: the same fields and the same rules either way.
 *
 * The Aadhaar number arrives in clear. It is validated (Verhoeff) but never echoed: problems
 * name the field, and at most show the number masked as `XXXX XXXX 1234`.
 */
import { isValidAadhaar, maskAadhaar, normaliseAadhaar } from '../../../domain/aadhaar/verhoeff.js';
import type { PushRecord } from '../../../domain/documents/push-uri-records.js';
import { cleanText, normaliseDate, normaliseTimestamp, parseDocUri, type FieldErrors } from './xml-fields.js';

export type PushAction = 'A' | 'U' | 'D';

/** What the use-case applies (`PushRecord`), with what the message adds. */
export interface PushUriRecord extends PushRecord {
  /** 12 digits, Verhoeff-valid. Put it in the Aadhaar vault at once; never log it. */
  aadhaar: string;
  docName: string;
  /** `YYYY-MM-DDTHH:mm:ss[.fff][zone]`. */
  timestamp?: string;
  /** A add, U update, D delete. */
  action: PushAction;
}

export const PUSH_FIELDS = ['aadhaar', 'uri', 'doctype', 'docname', 'docid', 'issuedon', 'validfrom', 'validto', 'timestamp', 'action'] as const;
export type PushField = (typeof PUSH_FIELDS)[number];

/** The XML element name of each field in `UriDetails`. */
export const PUSH_ELEMENT: Record<PushField, string> = {
  aadhaar: 'Aadhaar',
  uri: 'Uri',
  doctype: 'DocType',
  docname: 'DocName',
  docid: 'DocId',
  issuedon: 'IssuedOn',
  validfrom: 'ValidFrom',
  validto: 'ValidTo',
  timestamp: 'Timestamp',
  action: 'Action',
};

export type RawPushRecord = Partial<Record<PushField, string>>;

const MAX_DOC_NAME = 200;

/**
 * Validates one raw record (strings as received, empty meaning absent). Problems go to `errs`
 * under `pathOf(field)`; the record is returned only when it has none.
 */
export function validatePushRecord(raw: RawPushRecord, errs: FieldErrors, pathOf: (f: PushField) => string): PushUriRecord | undefined {
  const before = errs.errors.length;
  const get = (f: PushField) => {
    const v = raw[f]?.trim();
    return v === undefined || v === '' ? undefined : v;
  };
  const need = (f: PushField) => get(f) ?? errs.add(pathOf(f), 'is required');

  const aadhaarIn = need('aadhaar');
  let aadhaar: string | undefined;
  if (aadhaarIn !== undefined) {
    const n = normaliseAadhaar(aadhaarIn);
    if (!/^\d{12}$/.test(n)) errs.add(pathOf('aadhaar'), 'must be a 12-digit Aadhaar number');
    else if (!isValidAadhaar(n)) errs.add(pathOf('aadhaar'), `${maskAadhaar(n)} is not a valid Aadhaar number (check digit)`);
    else aadhaar = n;
  }

  const uri = need('uri');
  const parts = uri === undefined ? undefined : (parseDocUri(uri) ?? errs.add(pathOf('uri'), 'must be <issuerId>-<DOCTYPE>-<docId>'));
  const docType = get('doctype');
  const docId = get('docid');
  if (parts && docType !== undefined && docType !== parts.docType) errs.add(pathOf('doctype'), 'does not match the document type in the URI');
  if (parts && docId !== undefined && docId !== parts.docId) errs.add(pathOf('docid'), 'does not match the document id in the URI');

  const nameIn = need('docname');
  const docName =
    nameIn === undefined
      ? undefined
      : (cleanText(nameIn, MAX_DOC_NAME) ?? errs.add(pathOf('docname'), `must be one line of at most ${MAX_DOC_NAME} characters`));

  const date = (f: PushField, required: boolean) => {
    const v = required ? need(f) : get(f);
    return v === undefined ? undefined : (normaliseDate(v) ?? errs.add(pathOf(f), 'must be a date in DD-MM-YYYY or YYYY-MM-DD form'));
  };
  const issuedOn = date('issuedon', true);
  const validFrom = date('validfrom', false);
  const validTo = date('validto', false);
  if (validFrom && validTo && validTo < validFrom) errs.add(pathOf('validto'), 'is before ValidFrom');

  const tsIn = get('timestamp');
  const timestamp = tsIn === undefined ? undefined : (normaliseTimestamp(tsIn) ?? errs.add(pathOf('timestamp'), 'must be a date and time'));

  const actionIn = need('action')?.toUpperCase();
  const action =
    actionIn === undefined ? undefined : actionIn === 'A' || actionIn === 'U' || actionIn === 'D' ? actionIn : errs.add(pathOf('action'), 'must be A, U or D');

  if (errs.errors.length > before || !aadhaar || !parts || !docName || !issuedOn || !action) return undefined;
  const record: PushUriRecord = { aadhaar, uri: uri!, ...parts, docName, issuedOn, action };
  if (validFrom) record.validFrom = validFrom;
  if (validTo) record.validTo = validTo;
  if (timestamp) record.timestamp = timestamp;
  return record;
}
