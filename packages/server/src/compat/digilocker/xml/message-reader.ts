/**
 * Reading DigiLocker protocol messages off the element tree: the root check, the common
 * header attributes (ver, ts, txn, orgId, keyhash), and single-valued child elements.
 * Names are matched by local name, so `ns2:PullURIResponse` and `PullURIResponse` read alike;
 * a field that appears twice is an error (two answers to one question is how ambiguity
 * attacks start).
 */
import { AppError } from '../../../lib/errors.js';
import { attr, childElements, ownText, type AttrInput, type XmlElement } from '../../../xml/xml-tree.js';
import { FieldErrors, isTimestamp, KEYHASH, ORG_ID, TXN, VER } from './xml-fields.js';

export const TEMPURI = 'http://tempuri.org/';

export interface IssuerMessageHeader {
  ver: string;
  /** Verbatim, as the keyhash covers the exact string. */
  ts: string;
  txn: string;
  orgId: string;
  /** Lowercase hex. */
  keyhash: string;
}

export function expectRoot(root: XmlElement, localName: string): void {
  if (root.localName !== localName || (root.namespace !== null && root.namespace !== TEMPURI)) {
    throw new AppError('bad_request', `Expected a ${localName} document.`);
  }
}

/** Reads and checks the header attributes on the root; problems go to `errs`. */
export function readHeader(root: XmlElement, errs: FieldErrors): IssuerMessageHeader {
  const p = `/${root.localName}/@`;
  const get = (name: string, re: { test(s: string): boolean }, rule: string): string => {
    const v = attr(root, name)?.trim();
    if (v === undefined || v === '') return errs.add(p + name, 'is required') ?? '';
    return re.test(v) ? v : (errs.add(p + name, rule) ?? '');
  };
  return {
    ver: get('ver', VER, 'must be a version number such as 1.0'),
    ts: get('ts', { test: isTimestamp }, 'must be an ISO 8601 timestamp'),
    txn: get('txn', TXN, 'must be 1-64 letters, digits or . _ : -'),
    orgId: get('orgId', ORG_ID, 'must be 1-100 letters, digits or . _ -'),
    keyhash: get('keyhash', KEYHASH, 'must be a hex SHA-256').toLowerCase(),
  };
}

/** Checks a header before building; throws `AppError('bad_request')` listing the problems. */
export function headerAttrs(h: IssuerMessageHeader, what: string): AttrInput {
  const errs = new FieldErrors();
  if (!VER.test(h.ver)) errs.add('ver', 'must be a version number such as 1.0');
  if (!isTimestamp(h.ts)) errs.add('ts', 'must be an ISO 8601 timestamp');
  if (!TXN.test(h.txn)) errs.add('txn', 'must be 1-64 letters, digits or . _ : -');
  if (!ORG_ID.test(h.orgId)) errs.add('orgId', 'must be 1-100 letters, digits or . _ -');
  if (!KEYHASH.test(h.keyhash)) errs.add('keyhash', 'must be a hex SHA-256');
  errs.throwIfAny(what);
  return { ver: h.ver, ts: h.ts, txn: h.txn, orgId: h.orgId, keyhash: h.keyhash.toLowerCase() };
}

/** The one child element with this local name, undefined if absent; an error if repeated. */
export function onlyChild(el: XmlElement, name: string, errs: FieldErrors, path: string): XmlElement | undefined {
  const found = childElements(el, name);
  if (found.length > 1) return errs.add(`${path}/${name}`, 'appears more than once');
  return found[0];
}

/**
 * The trimmed text of the one child element with this local name; undefined when absent or
 * empty (and an error when `required`). A child that holds elements is an error.
 */
export function childText(el: XmlElement, name: string, errs: FieldErrors, path: string, required = false): string | undefined {
  const child = onlyChild(el, name, errs, path);
  if (!child) return required ? errs.add(`${path}/${name}`, 'is required') : undefined;
  if (childElements(child).length > 0) return errs.add(`${path}/${name}`, 'must hold text, not elements');
  const text = ownText(child).trim();
  if (text === '') return required ? errs.add(`${path}/${name}`, 'is required') : undefined;
  return text;
}
