import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export type Gender = 'Male' | 'Female' | 'Other';

export interface IssuerAddress {
  line1?: string;
  line2?: string;
  locality?: string;
  vtc?: string;
  district?: string;
  state?: string;
  pin?: string;
  country?: string;
}

export interface DocumentType {
  /** Up to 5 capital letters, e.g. DGCER. */
  code: string;
  name: string;
  /** Search parameters in order; UDF1, UDF2… in a request map to them by position. */
  parameters: string[];
}

export interface IssuedRecord {
  docType: string;
  /** Alphanumeric: the URI is `<orgId>-<docType>-<docId>`. */
  docId: string;
  parameters: Record<string, string>;
  holder: { name: string; dob: string; gender: Gender; phone?: string };
  issueDate: string;
  degree: { name: string; branch: string; result: string; cgpa?: string };
}

export interface IssuerData {
  orgId: string;
  name: string;
  address: IssuerAddress;
  documentTypes: DocumentType[];
  records: IssuedRecord[];
}

/** data/records.json beside src/ and dist/. */
export const DEFAULT_RECORDS_FILE = fileURLToPath(new URL('../data/records.json', import.meta.url));

export function loadIssuerData(file = DEFAULT_RECORDS_FILE): IssuerData {
  return validateIssuerData(JSON.parse(readFileSync(file, 'utf8')) as unknown, file);
}

/** Light structural checks, so that a broken records file fails at start, not mid-request. */
export function validateIssuerData(raw: unknown, source = 'records'): IssuerData {
  const fail = (what: string): never => {
    throw new Error(`${source}: ${what}`);
  };
  const data = raw as IssuerData;
  if (typeof data !== 'object' || data === null) fail('not a JSON object');
  if (typeof data.orgId !== 'string' || !/^[a-z0-9.-]+$/.test(data.orgId)) fail('orgId must look like in.ac.demo-univ');
  if (typeof data.name !== 'string') fail('name is missing');
  if (!Array.isArray(data.documentTypes) || !Array.isArray(data.records)) fail('documentTypes and records must be arrays');
  data.address ??= {};
  for (const t of data.documentTypes) {
    if (!/^[A-Z]{1,5}$/.test(t.code)) fail(`document type code "${t.code}" must be 1–5 capital letters`);
    if (!Array.isArray(t.parameters) || t.parameters.length === 0) fail(`document type ${t.code} needs its search parameters`);
  }
  const uris = new Set<string>();
  for (const r of data.records) {
    const type = data.documentTypes.find((t) => t.code === r.docType);
    if (!type) fail(`record ${r.docId}: unknown document type ${r.docType}`);
    if (!/^[A-Za-z0-9]+$/.test(r.docId)) fail(`record ${r.docId}: docId must be alphanumeric`);
    if (uris.has(`${r.docType}-${r.docId}`)) fail(`record ${r.docId}: duplicate`);
    uris.add(`${r.docType}-${r.docId}`);
    for (const p of type!.parameters) if (typeof r.parameters?.[p] !== 'string') fail(`record ${r.docId}: parameter ${p} is missing`);
    if (!/^\d{2}-\d{2}-\d{4}$/.test(r.holder?.dob ?? '')) fail(`record ${r.docId}: holder.dob must be DD-MM-YYYY`);
    if (!['Male', 'Female', 'Other'].includes(r.holder.gender)) fail(`record ${r.docId}: holder.gender must be Male, Female or Other`);
  }
  return data;
}

export function docUri(data: IssuerData, record: IssuedRecord): string {
  return `${data.orgId}-${record.docType}-${record.docId}`;
}
