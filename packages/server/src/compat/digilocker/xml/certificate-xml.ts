/**
 * The machine-readable `Certificate` XML (DigiLocker's DataContent): build it, sign it
 * (enveloped XML-DSig, see xml-dsig.ts), verify it, and read it back into typed fields.
 *
 * Dates are `YYYY-MM-DD` in the typed objects and `DD-MM-YYYY` on the wire. Every attribute of
 * the published template is written (empty when unknown), as consumers of the format expect.
 * A certificate is shared with third parties, so `Person/@uid` may never be an Aadhaar number
 * in clear (use a masked or reference form).
 */
import type { KeyObject } from 'node:crypto';
import { element, isXmlName, isXmlText, serializeXml, type XmlChild, type XmlElement } from '../../../xml/xml-tree.js';
import { ADDRESS_KEYS, readCertificate } from './certificate-read.js';
import type { Certificate, CertificateAddress, CertificateDataObject, CertificateInput } from './certificate-types.js';
import { FieldErrors, cleanText, dateToWire, isIsoDate, sniffImage, DOC_TYPE } from './xml-fields.js';
import { signEnveloped, verifyEnveloped, type SignOptions, type VerifiedXml, type VerifyOptions } from '../../../xml/xml-dsig.js';

export { readCertificate, dataToObject } from './certificate-read.js';

export type {
  CertificateStatus,
  CertificateAddress,
  CertificateOrganization,
  CertificatePerson,
  CertificateDataValue,
  CertificateDataObject,
  CertificateInput,
  Certificate,
} from './certificate-types.js';

const TEXT_MAX = 500;
const DATA_MAX_DEPTH = 8;
const DATA_MAX_NODES = 5_000;
const UID_MAX = 64;
const EMAIL = /^[^\s@<>]{1,64}@[^\s@<>]{1,255}$/;
const PHONE = /^\+?[0-9 -]{4,20}$/;
const PIN = /^[A-Za-z0-9 -]{0,10}$/;
const ID = /^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/;

const isClearAadhaar = (s: string) => /^\d{12}$/.test(s.replace(/[\s-]/g, ''));

function text(errs: FieldErrors, path: string, v: string | undefined, required = false, max = TEXT_MAX): string {
  if (v === undefined || v === '') return required ? (errs.add(path, 'is required') ?? '') : '';
  return cleanText(v, max) ?? errs.add(path, `must be one line of at most ${max} characters`) ?? '';
}

function date(errs: FieldErrors, path: string, v: string | undefined, required = false): string {
  if (v === undefined || v === '') return required ? (errs.add(path, 'is required') ?? '') : '';
  return isIsoDate(v) ? dateToWire(v) : (errs.add(path, 'must be a YYYY-MM-DD date') ?? '');
}

function addressElement(a: CertificateAddress | undefined, errs: FieldErrors, path: string): XmlElement {
  const attrs: Record<string, string> = {};
  for (const k of ADDRESS_KEYS) attrs[k] = text(errs, `${path}/@${k}`, a?.[k]);
  if (attrs.pin && !PIN.test(attrs.pin)) errs.add(`${path}/@pin`, 'is not a postal code');
  return element('Address', attrs);
}

function dataChildren(
  obj: CertificateDataObject,
  errs: FieldErrors,
  path: string,
  depth: number,
  count: { n: number },
): { attrs: Record<string, string>; children: XmlChild[] } {
  const attrs: Record<string, string> = {};
  const children: XmlChild[] = [];
  if (depth > DATA_MAX_DEPTH) {
    errs.add(path, `nests more than ${DATA_MAX_DEPTH} deep`);
    return { attrs, children };
  }
  for (const [key, value] of Object.entries(obj)) {
    if (value === undefined) continue;
    if (++count.n > DATA_MAX_NODES) {
      errs.add(path, `has more than ${DATA_MAX_NODES} items`);
      break;
    }
    const name = key.startsWith('@') ? key.slice(1) : key;
    const p = `${path}/${isXmlName(name) || key === '#text' ? key : '(invalid name)'}`;
    if (key === '#text') {
      if (typeof value === 'object') errs.add(p, 'must be text');
      else if (!isXmlText(String(value))) errs.add(p, 'holds a character XML cannot carry');
      else children.push({ type: 'text', text: String(value) });
    } else if (!isXmlName(name)) {
      errs.add(p, 'is not a usable XML name');
    } else if (key.startsWith('@')) {
      if (typeof value === 'object') errs.add(p, 'must be text');
      else attrs[name] = text(errs, p, String(value), false, 10_000);
    } else {
      for (const item of Array.isArray(value) ? value : [value]) {
        if (typeof item === 'object' && item !== null && !Array.isArray(item)) {
          const inner = dataChildren(item, errs, p, depth + 1, count);
          children.push(element(name, inner.attrs, inner.children));
        } else if (typeof item === 'object') {
          errs.add(p, 'cannot be an array of arrays');
        } else if (!isXmlText(String(item)) || String(item).length > 100_000) {
          errs.add(p, 'holds a character XML cannot carry, or is too long');
        } else {
          children.push(element(name, {}, [String(item)]));
        }
      }
    }
  }
  return { attrs, children };
}

/** The `Certificate` element for `c`; throws `AppError('bad_request')` listing invalid fields. */
export function buildCertificateElement(c: CertificateInput): XmlElement {
  const errs = new FieldErrors();
  const r = '/Certificate';
  if (!['A', 'E', 'R', 'S'].includes(c.status)) errs.add(`${r}/@status`, 'must be A, E, R or S');
  if (!DOC_TYPE.test(c.type)) errs.add(`${r}/@type`, 'must be 1-5 capital letters');
  if (c.id !== undefined && !ID.test(c.id)) errs.add(`${r}/@Id`, 'must be an XML name of at most 64 characters');
  const rootAttrs = {
    language: text(errs, `${r}/@language`, c.language ?? '99', true, 8),
    name: text(errs, `${r}/@name`, c.name, true),
    type: c.type,
    number: text(errs, `${r}/@number`, c.number, true, 100),
    prevNumber: text(errs, `${r}/@prevNumber`, c.prevNumber, false, 100),
    issuedAt: text(errs, `${r}/@issuedAt`, c.issuedAt),
    issueDate: date(errs, `${r}/@issueDate`, c.issueDate, true),
    validFromDate: date(errs, `${r}/@validFromDate`, c.validFromDate),
    expiryDate: date(errs, `${r}/@expiryDate`, c.expiryDate),
    status: c.status,
    Id: c.id,
  };

  const o = c.issuedBy;
  const op = `${r}/IssuedBy/Organization`;
  if (o.type !== undefined && !['CG', 'SG', 'NG'].includes(o.type)) errs.add(`${op}/@type`, 'must be CG, SG or NG');
  if (o.uid !== undefined && isClearAadhaar(o.uid)) errs.add(`${op}/@uid`, 'must not be an Aadhaar number');
  const org = element(
    'Organization',
    {
      name: text(errs, `${op}/@name`, o.name, true),
      code: text(errs, `${op}/@code`, o.code, false, 100),
      tin: text(errs, `${op}/@tin`, o.tin, false, 100),
      uid: text(errs, `${op}/@uid`, o.uid, false, UID_MAX),
      type: o.type ?? '',
    },
    [addressElement(o.address, errs, `${op}/Address`)],
  );

  const pe = c.issuedTo;
  const pp = `${r}/IssuedTo/Person`;
  if (pe.uid !== undefined && isClearAadhaar(pe.uid)) errs.add(`${pp}/@uid`, 'must not be an Aadhaar number in clear; mask it (xxxxxxxx1234)');
  if (pe.gender !== undefined && !['M', 'F', 'T'].includes(pe.gender)) errs.add(`${pp}/@gender`, 'must be M, F or T');
  if (pe.phone !== undefined && pe.phone !== '' && !PHONE.test(pe.phone)) errs.add(`${pp}/@phone`, 'is not a phone number');
  if (pe.email !== undefined && pe.email !== '' && !EMAIL.test(pe.email)) errs.add(`${pp}/@email`, 'is not an e-mail address');
  let photo: XmlElement | undefined;
  if (pe.photo) {
    const kind = sniffImage(pe.photo.bytes);
    if (!kind || (pe.photo.format === 'PNG') !== (kind === 'PNG')) errs.add(`${pp}/Photo`, 'must be a PNG or JPEG image matching its format');
    else if (pe.photo.bytes.length > 512 * 1024) errs.add(`${pp}/Photo`, 'is larger than 512 KiB');
    else photo = element('Photo', { format: pe.photo.format }, [pe.photo.bytes.toString('base64')]);
  }
  const person = element(
    'Person',
    {
      uid: text(errs, `${pp}/@uid`, pe.uid, false, UID_MAX),
      title: text(errs, `${pp}/@title`, pe.title, false, 50),
      name: text(errs, `${pp}/@name`, pe.name, true),
      dob: date(errs, `${pp}/@dob`, pe.dob),
      gender: pe.gender ?? '',
      phone: pe.phone ?? '',
      email: pe.email ?? '',
    },
    [addressElement(pe.address, errs, `${pp}/Address`), photo],
  );

  const data = dataChildren(c.data, errs, `${r}/CertificateData`, 1, { n: 0 });
  errs.throwIfAny('certificate');
  return element('Certificate', rootAttrs, [
    element('IssuedBy', {}, [org]),
    element('IssuedTo', {}, [person]),
    element('CertificateData', data.attrs, data.children),
  ]);
}

/** The unsigned certificate XML. */
export function buildCertificateXml(c: CertificateInput): string {
  return serializeXml(buildCertificateElement(c));
}

/** Builds and signs (enveloped XML-DSig, URI="" unless `options.reference` is `id`). */
export function signCertificate(c: CertificateInput, privateKey: KeyObject | string, options: SignOptions = {}): string {
  return signEnveloped(buildCertificateXml(c), privateKey, options);
}

export interface VerifiedCertificate {
  certificate: Certificate;
  signature: VerifiedXml;
}

/** Verifies a signed certificate under the issuer's key (from Tijori's records) and reads it. */
export function verifyCertificate(
  xml: string | Uint8Array,
  trustedKey: KeyObject | string,
  options: Omit<VerifyOptions, 'rootName'> = {},
): VerifiedCertificate {
  const signature = verifyEnveloped(xml, trustedKey, { ...options, rootName: 'Certificate' });
  return { certificate: readCertificate(signature.root), signature };
}
