import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { XMLParser, XMLValidator } from 'fast-xml-parser';

/**
 * The DigiLocker Pull URI protocol as an issuer's endpoint sees it (Issuer API v1.13):
 * `PullURIRequest` in, `PullURIResponse` out; `keyhash` = hex SHA-256(API key + ts); header
 * `x-digilocker-hmac` = Base64(HMAC-SHA256(body, API key)).
 */

export const HMAC_HEADER = 'x-digilocker-hmac';

export function keyHash(apiKey: string, ts: string): string {
  return createHash('sha256')
    .update(apiKey + ts, 'utf8')
    .digest('hex');
}

export function hmacBase64(body: string | Uint8Array, apiKey: string): string {
  return createHmac('sha256', apiKey).update(body).digest('base64');
}

/** Constant-time for equal lengths (lengths are not secret: hex digests and base64 HMACs). */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** `YYYY-MM-DDTHH:mm:ss+05:30`, the form DigiLocker uses. */
export function istTimestamp(date: Date): string {
  const ist = new Date(date.getTime() + 330 * 60_000);
  return `${ist.toISOString().slice(0, 19)}+05:30`;
}

// ---- safe XML ------------------------------------------------------------------------------

export class XmlRejected extends Error {
  override readonly name = 'XmlRejected';
}

export const MAX_XML_DEPTH = 16;

/**
 * Parses untrusted XML: no DTD at all (any `<!DOCTYPE` or `<!ENTITY` is refused before
 * parsing), entity processing off (only the five predefined entities and numeric character
 * references are decoded, by `decodeXml`), bounded size and nesting depth.
 */
export function parseXmlSafely(xml: string, maxBytes: number): Record<string, unknown> {
  if (Buffer.byteLength(xml, 'utf8') > maxBytes) throw new XmlRejected(`the XML is larger than ${maxBytes} bytes`);
  const text = xml.replace(/^\uFEFF/, '');
  if (/<!DOCTYPE/i.test(text) || /<!ENTITY/i.test(text)) throw new XmlRejected('DOCTYPE and entity declarations are not accepted');
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new XmlRejected(`not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`);
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    removeNSPrefix: true,
    processEntities: false,
    htmlEntities: false,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    ignoreDeclaration: true,
    ignorePiTags: true,
    maxNestedTags: MAX_XML_DEPTH,
  });
  try {
    return parser.parse(text) as Record<string, unknown>;
  } catch (err) {
    throw new XmlRejected(`the XML could not be parsed: ${(err as Error).message}`);
  }
}

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Decodes the five predefined XML entities and numeric character references; nothing else. */
export function decodeXml(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|lt|gt|amp|quot|apos);/g, (whole, e: string) => {
    if (!e.startsWith('#')) return PREDEFINED[e] ?? whole;
    const cp = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return cp > 0 && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff) ? String.fromCodePoint(cp) : whole;
  });
}

export function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => `&${({ '<': 'lt', '>': 'gt', '&': 'amp', '"': 'quot', "'": 'apos' } as Record<string, string>)[c]};`);
}

/** Text of a parsed node: a string, or the `#text` of an element that also has attributes. */
function textOf(node: unknown): string | undefined {
  if (typeof node === 'string') return decodeXml(node);
  if (node && typeof node === 'object' && !Array.isArray(node)) {
    const t = (node as Record<string, unknown>)['#text'];
    if (typeof t === 'string') return decodeXml(t);
    if (Object.keys(node).every((k) => k.startsWith('@_'))) return '';
  }
  return undefined;
}

// ---- request -------------------------------------------------------------------------------

export type ResponseFormat = 'xml' | 'pdf' | 'both';

export interface PullUriRequest {
  ver: string;
  ts: string;
  txn: string;
  orgId: string;
  keyhash: string;
  format: ResponseFormat;
  docType: string;
  digiLockerId: string;
  uid: string;
  fullName: string;
  /** DD-MM-YYYY */
  dob: string;
  /** Every other DocDetails element: the document type's search parameters (RollNo, Year, UDF1…). */
  parameters: Record<string, string>;
}

const STANDARD_FIELDS = new Set(['DocType', 'DigiLockerId', 'UID', 'FullName', 'DOB', 'Photo']);

export function parsePullUriRequest(xml: string, maxBytes: number): PullUriRequest {
  const doc = parseXmlSafely(xml, maxBytes);
  const root = doc.PullURIRequest;
  if (!root || typeof root !== 'object' || Array.isArray(root)) throw new XmlRejected('the root element must be PullURIRequest');
  const r = root as Record<string, unknown>;
  const attr = (name: string) => (typeof r[`@_${name}`] === 'string' ? decodeXml(r[`@_${name}`] as string) : '');
  const details = r.DocDetails;
  if (!details || typeof details !== 'object' || Array.isArray(details)) throw new XmlRejected('PullURIRequest needs exactly one DocDetails element');
  const d = details as Record<string, unknown>;
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(d)) {
    if (name.startsWith('@_') || name === 'Photo') continue;
    if (Array.isArray(value)) throw new XmlRejected(`DocDetails/${name} appears more than once`);
    const text = textOf(value);
    if (text === undefined) throw new XmlRejected(`DocDetails/${name} must be a text element`);
    fields[name] = text;
  }
  const parameters: Record<string, string> = {};
  for (const [name, value] of Object.entries(fields)) if (!STANDARD_FIELDS.has(name)) parameters[name] = value;
  const format = attr('format').toLowerCase();
  return {
    ver: attr('ver'),
    ts: attr('ts'),
    txn: attr('txn'),
    orgId: attr('orgId'),
    keyhash: attr('keyhash'),
    format: format === 'xml' || format === 'pdf' ? format : 'both',
    docType: fields.DocType ?? '',
    digiLockerId: fields.DigiLockerId ?? '',
    uid: fields.UID ?? '',
    fullName: fields.FullName ?? '',
    dob: fields.DOB ?? '',
    parameters,
  };
}

export interface PullUriRequestInput {
  apiKey: string;
  orgId: string;
  docType: string;
  parameters: Record<string, string>;
  ts?: string;
  txn?: string;
  format?: ResponseFormat;
  digiLockerId?: string;
  uid?: string;
  fullName?: string;
  dob?: string;
  ver?: string;
}

/** A signed request, as the platform (Tijori) would send it: the body and its headers. */
export function buildPullUriRequest(input: PullUriRequestInput): { body: string; headers: Record<string, string> } {
  const ts = input.ts ?? istTimestamp(new Date());
  const txn = input.txn ?? String(Date.now());
  const el = (name: string, value: string | undefined) => (value === undefined ? '' : `<${name}>${escapeXml(value)}</${name}>`);
  const body =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
    `<PullURIRequest xmlns="http://tempuri.org/" ver="${escapeXml(input.ver ?? '3.0')}" ts="${escapeXml(ts)}" txn="${escapeXml(txn)}" orgId="${escapeXml(input.orgId)}" keyhash="${keyHash(input.apiKey, ts)}" format="${input.format ?? 'both'}">` +
    `<DocDetails>${el('DocType', input.docType)}${el('DigiLockerId', input.digiLockerId)}${el('UID', input.uid)}${el('FullName', input.fullName)}${el('DOB', input.dob)}` +
    Object.entries(input.parameters)
      .map(([k, v]) => el(k, v))
      .join('') +
    `</DocDetails></PullURIRequest>`;
  return { body, headers: { 'content-type': 'application/xml', [HMAC_HEADER]: hmacBase64(body, input.apiKey) } };
}

// ---- response ------------------------------------------------------------------------------

export type PullStatus = 0 | 1 | 9;

export interface PullUriResponseInput {
  status: PullStatus;
  ts: string;
  txn: string;
  /** A human-readable reason, sent in ResponseMessage (ignored by parsers that do not know it). */
  message?: string;
  doc?: {
    person: { name: string; dob: string; gender: string; phone?: string };
    uri: string;
    /** Base64 PDF. */
    docContent?: string;
    /** Base64 certificate XML. */
    dataContent?: string;
  };
}

export function buildPullUriResponse(r: PullUriResponseInput): string {
  const parts = [
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`,
    `<PullURIResponse xmlns:ns2="http://tempuri.org/">`,
    `<ResponseStatus Status="${r.status}" ts="${escapeXml(r.ts)}" txn="${escapeXml(r.txn)}">${r.status}</ResponseStatus>`,
  ];
  if (r.message) parts.push(`<ResponseMessage>${escapeXml(r.message)}</ResponseMessage>`);
  if (r.doc) {
    const p = r.doc.person;
    parts.push(
      `<DocDetails>`,
      `<IssuedTo><Persons><Person name="${escapeXml(p.name)}" dob="${escapeXml(p.dob)}" gender="${escapeXml(p.gender)}" phone="${escapeXml(p.phone ?? '')}"/></Persons></IssuedTo>`,
      `<URI>${escapeXml(r.doc.uri)}</URI>`,
      r.doc.docContent === undefined ? '' : `<DocContent>${r.doc.docContent}</DocContent>`,
      r.doc.dataContent === undefined ? '' : `<DataContent>${r.doc.dataContent}</DataContent>`,
      `</DocDetails>`,
    );
  }
  parts.push(`</PullURIResponse>`);
  return parts.join('');
}
