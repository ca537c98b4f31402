/**
 * Reading a `Certificate` element back into typed fields: normally the `root` that
 * `verifyEnveloped` returns, so only signed content is read. Dates come back as YYYY-MM-DD.
 */
import { AppError } from '../../../lib/errors.js';
import { attr, childElements, ownText, plainAttributes, type XmlElement } from '../../../xml/xml-tree.js';
import { FieldErrors, decodeBase64, normaliseDate, sniffImage } from './xml-fields.js';
import type { Certificate, CertificateAddress, CertificateDataObject, CertificatePerson, CertificateStatus } from './certificate-types.js';

/** The attributes of an `Address`, in the published template's order. */
export const ADDRESS_KEYS = ['type', 'line1', 'line2', 'house', 'landmark', 'locality', 'vtc', 'district', 'pin', 'state', 'country'] as const;

/** Typed fields of a `Certificate` element (normally the `root` that `verifyEnveloped` returns). */
export function readCertificate(root: XmlElement): Certificate {
  if (root.localName !== 'Certificate') throw new AppError('bad_request', 'Expected a Certificate document.');
  const errs = new FieldErrors();
  const opt = (el: XmlElement, name: string) => {
    const v = attr(el, name)?.trim();
    return v === undefined || v === '' ? undefined : v;
  };
  const d = (el: XmlElement, name: string, path: string) => {
    const v = opt(el, name);
    return v === undefined ? undefined : (normaliseDate(v) ?? errs.add(`${path}/@${name}`, 'must be a date in DD-MM-YYYY form'));
  };
  const one = (el: XmlElement | undefined, name: string, path: string) => {
    const found = el ? childElements(el, name) : [];
    if (found.length !== 1) errs.add(`${path}/${name}`, found.length === 0 ? 'is required' : 'appears more than once');
    return found[0];
  };
  const address = (el: XmlElement | undefined): CertificateAddress | undefined => {
    const a = el && childElements(el, 'Address')[0];
    if (!a) return undefined;
    const out: CertificateAddress = {};
    for (const k of ADDRESS_KEYS) {
      const v = opt(a, k);
      if (v !== undefined) out[k] = v;
    }
    return out;
  };
  const prune = <T extends object>(o: T): T => {
    for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
    return o;
  };

  const status = opt(root, 'status');
  if (!status || !['A', 'E', 'R', 'S'].includes(status)) errs.add('/Certificate/@status', 'must be A, E, R or S');
  const org = one(one(root, 'IssuedBy', '/Certificate'), 'Organization', '/Certificate/IssuedBy');
  const pers = one(one(root, 'IssuedTo', '/Certificate'), 'Person', '/Certificate/IssuedTo');
  const data = one(root, 'CertificateData', '/Certificate');
  const orgType = org && opt(org, 'type');
  const gender = pers && opt(pers, 'gender');
  const photoEl = pers && childElements(pers, 'Photo')[0];
  let photo: CertificatePerson['photo'];
  if (photoEl && ownText(photoEl).trim() !== '') {
    const b = decodeBase64(ownText(photoEl), 512 * 1024);
    const kind = b.ok ? sniffImage(b.bytes) : undefined;
    if (b.ok && kind) photo = { format: kind, bytes: b.bytes };
    else errs.add('/Certificate/IssuedTo/Person/Photo', 'must be a base64 PNG or JPEG image');
  }
  const dates = {
    issueDate: d(root, 'issueDate', '/Certificate'),
    validFromDate: d(root, 'validFromDate', '/Certificate'),
    expiryDate: d(root, 'expiryDate', '/Certificate'),
    dob: pers && d(pers, 'dob', '/Certificate/IssuedTo/Person'),
  };
  errs.throwIfAny('certificate');
  return prune({
    language: opt(root, 'language'),
    name: opt(root, 'name') ?? '',
    type: opt(root, 'type') ?? '',
    number: opt(root, 'number') ?? '',
    prevNumber: opt(root, 'prevNumber'),
    issuedAt: opt(root, 'issuedAt'),
    issueDate: dates.issueDate ?? '',
    validFromDate: dates.validFromDate,
    expiryDate: dates.expiryDate,
    status: status as CertificateStatus,
    id: opt(root, 'Id'),
    issuedBy: prune({
      name: opt(org!, 'name') ?? '',
      code: opt(org!, 'code'),
      tin: opt(org!, 'tin'),
      uid: opt(org!, 'uid'),
      type: orgType === 'CG' || orgType === 'SG' || orgType === 'NG' ? orgType : undefined,
      address: address(org),
    }),
    issuedTo: prune({
      uid: opt(pers!, 'uid'),
      title: opt(pers!, 'title'),
      name: opt(pers!, 'name') ?? '',
      dob: dates.dob,
      gender: gender === 'M' || gender === 'F' || gender === 'T' ? gender : undefined,
      phone: opt(pers!, 'phone'),
      email: opt(pers!, 'email'),
      address: address(pers),
      photo,
    }),
    data: data!,
  });
}

/** `CertificateData` (or any element) back to the object form `CertificateDataObject` uses. */
export function dataToObject(el: XmlElement): CertificateDataObject {
  const out: CertificateDataObject = {};
  for (const a of plainAttributes(el)) out[`@${a.name}`] = a.value;
  const kids = childElements(el);
  const t = ownText(el);
  if (t.trim() !== '' || (kids.length === 0 && t !== '')) out['#text'] = t;
  for (const k of kids) {
    const simple = k.attributes.length === 0 && childElements(k).length === 0;
    const v: string | CertificateDataObject = simple ? ownText(k) : dataToObject(k);
    const prev = out[k.name];
    if (prev === undefined) out[k.name] = v;
    else out[k.name] = Array.isArray(prev) ? [...prev, v] : [prev as string | CertificateDataObject, v];
  }
  return out;
}
