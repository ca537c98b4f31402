import { parse } from 'csv-parse';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import type { IssueInput } from '../documents/issue-documents.js';

export type BulkFormat = 'ndjson' | 'csv';

export type BulkRow = { row: number; input: IssueInput } | { row: number; error: string };

const CSV_KNOWN = new Set([
  'docType',
  'docId',
  'aadhaar',
  'mobile',
  'lockerId',
  'name',
  'nameLocal',
  'dob',
  'holderLanguage',
  'issuedOn',
  'validFrom',
  'validTo',
]);

/**
 * Reads a bulk file row by row, never holding more than one row (plus the parser's buffer):
 * NDJSON, one issue request per line; or CSV with a header row of docType, docId, aadhaar |
 * mobile | lockerId (a mobile may go with an aadhaar: the invitation's number), name, nameLocal, dob,
 * holderLanguage (of that invitation; not `language`, which may be a document field), issuedOn, validFrom, validTo, and one column per
 * document field (`field.<key>` or just `<key>`). Row numbers count data rows from 1.
 */
export async function* readBulkRows(source: Readable, format: BulkFormat): AsyncGenerator<BulkRow> {
  if (format === 'ndjson') {
    let row = 0;
    for await (const line of createInterface({ input: source, crlfDelay: Infinity })) {
      if (line.trim() === '') continue;
      row++;
      try {
        const value = JSON.parse(line) as unknown;
        yield shapeError(value) ? { row, error: shapeError(value)! } : { row, input: value as IssueInput };
      } catch {
        yield { row, error: 'The line is not valid JSON.' };
      }
    }
    return;
  }
  const parser = source.pipe(parse({ columns: true, bom: true, skip_empty_lines: true, trim: true, relax_column_count: false, max_record_size: 64 * 1024 }));
  let row = 0;
  try {
    for await (const record of parser as AsyncIterable<Record<string, string>>) {
      row++;
      yield fromCsv(row, record);
    }
  } catch (err) {
    yield { row: row + 1, error: `The CSV cannot be read from here on: ${(err as Error).message.slice(0, 200)}` };
  }
}

function fromCsv(row: number, r: Record<string, string>): BulkRow {
  const fields: Record<string, string> = {};
  for (const column in r) {
    const value = r[column]!;
    if (CSV_KNOWN.has(column) || value === '') continue;
    fields[column.startsWith('field.') ? column.slice(6) : column] = value;
  }
  // Runs once per row of files of millions: plain assignments, no spreads of small objects.
  const holder: IssueInput['holder'] = { name: r.name ?? '' };
  if (r.aadhaar) holder.aadhaar = r.aadhaar;
  if (r.mobile) holder.mobile = r.mobile;
  if (r.lockerId) holder.lockerId = r.lockerId;
  if (r.nameLocal) holder.nameLocal = r.nameLocal;
  if (r.dob) holder.dob = r.dob;
  if (r.holderLanguage) holder.language = r.holderLanguage;
  const input: IssueInput = { docType: r.docType ?? '', docId: r.docId ?? '', holder, fields, issuedOn: r.issuedOn ?? '' };
  if (r.validFrom) input.validFrom = r.validFrom;
  if (r.validTo) input.validTo = r.validTo;
  return { row, input };
}

function shapeError(v: unknown): string | null {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'Each line must be a JSON object.';
  const o = v as Record<string, unknown>;
  if (typeof o.docType !== 'string' || typeof o.docId !== 'string' || typeof o.issuedOn !== 'string')
    return 'docType, docId and issuedOn are required strings.';
  if (typeof o.holder !== 'object' || o.holder === null) return 'holder is required.';
  const h = o.holder as Record<string, unknown>;
  for (const k of ['aadhaar', 'mobile', 'lockerId', 'name', 'nameLocal', 'dob', 'language'])
    if (h[k] !== undefined && typeof h[k] !== 'string') return `holder.${k} must be a string.`;
  if (o.fields !== undefined && (typeof o.fields !== 'object' || o.fields === null || Array.isArray(o.fields))) return 'fields must be an object of strings.';
  if (o.fields === undefined) o.fields = {};
  for (const k of ['validFrom', 'validTo']) if (o[k] !== undefined && typeof o[k] !== 'string') return `${k} must be a string.`;
  return null;
}
