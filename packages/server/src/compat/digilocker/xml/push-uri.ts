/**
 * Push URI (issuer → platform): one record in a `PushUriRequest`, or many in the base64 CSV of a
 * `PushCSVRequest`; and the `ResponseStatus` + `ResponseMessage` answers.
 *
 * The CSV is decoded and parsed lazily, row by row, from `rows()`: a caller can write each batch
 * before the next is parsed, and a bad row is reported with its line number instead of failing
 * the file. A CSV that cannot be read at all (bad quoting, too many rows) fails as a whole.
 */
import { Readable, pipeline } from 'node:stream';
import { parse as parseCsv } from 'csv-parse';
import { AppError, type FieldError } from '../../../lib/errors.js';
import { parseXml, REQUEST_XML_LIMITS, BULK_XML_LIMITS, type XmlLimits } from '../../../xml/safe-xml.js';
import { element, textElement, serializeXml, attr, ownText } from '../../../xml/xml-tree.js';
import { FieldErrors, dateToWire, isTimestamp, TXN } from './xml-fields.js';
import { childText, expectRoot, headerAttrs, onlyChild, readHeader, TEMPURI, type IssuerMessageHeader } from './message-reader.js';
import { PUSH_ELEMENT, PUSH_FIELDS, validatePushRecord, type PushField, type PushUriRecord, type RawPushRecord } from './push-record.js';

export type { PushAction, PushUriRecord } from './push-record.js';

export interface PushUriRequest extends IssuerMessageHeader {
  record: PushUriRecord;
}

/** Parses and validates a `PushUriRequest`; throws `AppError('bad_request')` listing every problem. */
export function parsePushUriRequest(xml: string | Uint8Array, limits: Partial<XmlLimits> = REQUEST_XML_LIMITS): PushUriRequest {
  const root = parseXml(xml, limits);
  expectRoot(root, 'PushUriRequest');
  const errs = new FieldErrors();
  const head = readHeader(root, errs);
  const base = '/PushUriRequest/UriDetails';
  const details = onlyChild(root, 'UriDetails', errs, '/PushUriRequest');
  if (!details) errs.add(base, 'is required');
  const raw: RawPushRecord = {};
  if (details) for (const f of PUSH_FIELDS) raw[f] = childText(details, PUSH_ELEMENT[f], errs, base);
  const record = details && validatePushRecord(raw, errs, (f) => `${base}/${PUSH_ELEMENT[f]}`);
  errs.throwIfAny('PushUriRequest');
  return { ...head, record: record! };
}

/** The `PushUriRequest` XML (for the demo issuer and tests); dates go out as DD-MM-YYYY. */
export function buildPushUriRequest(r: PushUriRequest): string {
  const head = headerAttrs(r, 'PushUriRequest');
  const rec = r.record;
  const details = element('UriDetails', {}, [
    textElement('Aadhaar', rec.aadhaar),
    textElement('Uri', rec.uri),
    textElement('DocType', rec.docType),
    textElement('DocName', rec.docName),
    textElement('DocId', rec.docId),
    textElement('IssuedOn', dateToWire(rec.issuedOn)),
    textElement('ValidFrom', rec.validFrom ? dateToWire(rec.validFrom) : ''),
    textElement('ValidTo', rec.validTo ? dateToWire(rec.validTo) : ''),
    textElement('Timestamp', rec.timestamp ?? ''),
    textElement('Action', rec.action),
  ]);
  return serializeXml(element('PushUriRequest', { xmlns: TEMPURI, ...head }, [details]));
}

// ---------------------------------------------------------------------------------------------
// Bulk CSV.

export type PushCsvRow =
  /** `row` is the line in the CSV where the record ends (1 = first line, a header included). */
  { row: number; ok: true; record: PushUriRecord } | { row: number; ok: false; errors: FieldError[] };

export interface PushCsvRequest extends IssuerMessageHeader {
  /** Decodes and parses the CSV afresh on each call; yields one entry per non-empty data row. */
  rows(): AsyncGenerator<PushCsvRow>;
}

export interface ParsePushCsvOptions {
  /** Defaults to `BULK_XML_LIMITS` (20 MB). */
  limits?: Partial<XmlLimits>;
  /** Most data rows; more fails the whole file when reached. Default 100 000. */
  maxRows?: number;
}

const B64_BODY = /^[A-Za-z0-9+/]*={0,2}$/;
const CHUNK_CHARS = 64 * 1024; // a multiple of 4: each slice decodes on its own

function* base64Chunks(b64: string): Generator<Buffer> {
  for (let i = 0; i < b64.length; i += CHUNK_CHARS) yield Buffer.from(b64.slice(i, i + CHUNK_CHARS), 'base64');
}

async function* csvRows(b64: string, maxRows: number): AsyncGenerator<PushCsvRow> {
  const parser = parseCsv({ bom: true, trim: true, relax_column_count: true, skip_empty_lines: true, max_record_size: 64 * 1024, info: true });
  pipeline(Readable.from(base64Chunks(b64)), parser, () => {});
  let dataRows = 0;
  let first = true;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const row = info.lines;
      if (first && record[0]?.trim().toLowerCase() === 'aadhaar') {
        first = false;
        continue;
      }
      first = false;
      if (++dataRows > maxRows) throw new AppError('bad_request', `The CSV has more than ${maxRows} rows.`, { limit: maxRows });
      if (record.length !== PUSH_FIELDS.length) {
        yield { row, ok: false, errors: [{ path: '/', message: `has ${record.length} columns; expected ${PUSH_FIELDS.length} (${PUSH_FIELDS.join(',')})` }] };
        continue;
      }
      const raw: RawPushRecord = {};
      PUSH_FIELDS.forEach((f, i) => (raw[f] = record[i]));
      const errs = new FieldErrors();
      const rec = validatePushRecord(raw, errs, (f: PushField) => f);
      yield rec ? { row, ok: true, record: rec } : { row, ok: false, errors: errs.errors };
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    const line = (err as { lines?: unknown }).lines;
    throw new AppError('bad_request', `The CSV cannot be read${typeof line === 'number' ? ` (near line ${line})` : ''}: check its quoting and line endings.`);
  } finally {
    parser.destroy();
  }
}

/**
 * Parses a `PushCSVRequest`: checks the header and that `DocDetails/DocContent` is well-formed
 * base64 now; the rows come later from `rows()`.
 */
export function parsePushCsvRequest(xml: string | Uint8Array, options: ParsePushCsvOptions = {}): PushCsvRequest {
  const root = parseXml(xml, options.limits ?? BULK_XML_LIMITS);
  expectRoot(root, 'PushCSVRequest');
  const errs = new FieldErrors();
  const head = readHeader(root, errs);
  const details = onlyChild(root, 'DocDetails', errs, '/PushCSVRequest');
  const content = details ? childText(details, 'DocContent', errs, '/PushCSVRequest/DocDetails', true) : errs.add('/PushCSVRequest/DocDetails', 'is required');
  const b64 = content?.replace(/\s+/g, '');
  if (b64 !== undefined && (b64.length % 4 !== 0 || !B64_BODY.test(b64))) errs.add('/PushCSVRequest/DocDetails/DocContent', 'is not well-formed base64');
  errs.throwIfAny('PushCSVRequest');
  const maxRows = options.maxRows ?? 100_000;
  return { ...head, rows: () => csvRows(b64!, maxRows) };
}

/** The `PushCSVRequest` XML around a CSV (for the demo issuer and tests). */
export function buildPushCsvRequest(head: IssuerMessageHeader, csv: string | Uint8Array): string {
  const attrs = headerAttrs(head, 'PushCSVRequest');
  const content = Buffer.from(csv).toString('base64');
  return serializeXml(element('PushCSVRequest', { xmlns: TEMPURI, ...attrs }, [element('DocDetails', {}, [textElement('DocContent', content)])]));
}

// ---------------------------------------------------------------------------------------------
// Responses.

export interface PushResponse {
  /** 1 accepted, 0 rejected. */
  status: 1 | 0;
  message: string;
  ts?: string;
  txn?: string;
}

export interface PushCsvResponse extends PushResponse {
  /** Rows that failed (a Tijori addition; clients that do not know it ignore it). At most 1000 are written. */
  rowErrors?: { row: number; errors: FieldError[] }[];
}

/** Messages are ours, but a stray control character must not turn a reply into a 500. */
const xmlSafe = (s: string) =>
  // eslint-disable-next-line no-control-regex
  s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');

function statusElement(r: PushResponse) {
  const errs = new FieldErrors();
  if (r.status !== 1 && r.status !== 0) errs.add('ResponseStatus', 'must be 1 or 0');
  if (r.ts !== undefined && !isTimestamp(r.ts)) errs.add('ResponseStatus/@ts', 'must be an ISO 8601 timestamp');
  if (r.txn !== undefined && !TXN.test(r.txn)) errs.add('ResponseStatus/@txn', 'must be 1-64 letters, digits or . _ : -');
  errs.throwIfAny('push response');
  return [element('ResponseStatus', { Status: r.status, ts: r.ts, txn: r.txn }, [String(r.status)]), textElement('ResponseMessage', xmlSafe(r.message))];
}

export function buildPushUriResponse(r: PushResponse): string {
  return serializeXml(element('PushUriResponse', { 'xmlns:ns2': TEMPURI }, statusElement(r)));
}

export function buildPushCsvResponse(r: PushCsvResponse): string {
  const errors = (r.rowErrors ?? [])
    .slice(0, 1000)
    .flatMap(({ row, errors }) => errors.map((e) => element('Error', { row, field: xmlSafe(e.path) }, [xmlSafe(e.message)])));
  return serializeXml(element('PushCSVResponse', { 'xmlns:ns2': TEMPURI }, [...statusElement(r), errors.length > 0 && element('RowErrors', {}, errors)]));
}

/** Reads a `PushUriResponse` / `PushCSVResponse` (for the demo issuer and tests). */
export function parsePushResponse(xml: string | Uint8Array): PushResponse {
  const root = parseXml(xml, REQUEST_XML_LIMITS);
  if (root.localName !== 'PushUriResponse' && root.localName !== 'PushCSVResponse') throw new AppError('bad_request', 'Expected a PushUriResponse document.');
  const errs = new FieldErrors();
  const statusEl = onlyChild(root, 'ResponseStatus', errs, `/${root.localName}`);
  const code = statusEl ? (attr(statusEl, 'Status') ?? ownText(statusEl)).trim() : '';
  if (code !== '1' && code !== '0') errs.add(`/${root.localName}/ResponseStatus`, 'must be 1 or 0');
  const message = childText(root, 'ResponseMessage', errs, `/${root.localName}`) ?? '';
  errs.throwIfAny(root.localName);
  const out: PushResponse = { status: code === '1' ? 1 : 0, message };
  const ts = statusEl && attr(statusEl, 'ts');
  const txn = statusEl && attr(statusEl, 'txn');
  if (ts) out.ts = ts;
  if (txn) out.txn = txn;
  return out;
}
