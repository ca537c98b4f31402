/**
 * Enveloped XML-DSig over a whole document: exclusive C14N, SHA-256 digest, and ECDSA-SHA256
 * (P-256) or RSA-SHA256 (≥ 2048-bit). Signing and the cryptographic check use xml-crypto;
 * this module adds the policy xml-crypto leaves to its callers.
 *
 * Verification accepts a document only when
 *  - it passes `parseXml`'s limits (no DTD, bounded size and depth);
 *  - it holds exactly one ds:Signature, a direct child of the root, and no other XML-DSig
 *    element outside it, and no comment or processing instruction inside it;
 *  - SignedInfo has exactly one Reference, whose URI is "" or "#<the root's Id>" (an Id used
 *    nowhere else), with exactly the transforms [enveloped-signature, exc-c14n], a SHA-256
 *    digest, exc-c14n for SignedInfo, and the signature algorithm that fits the caller's key;
 *  - the signature verifies under the key the caller passes (KeyInfo is never used for trust).
 * What it returns is re-parsed from the exact bytes that were digested (xml-crypto's
 * `getSignedReferences()`), never read from the submitted document, so nothing unsigned can
 * reach the caller even if two parsers disagreed about the input.
 */
import { createPrivateKey, createPublicKey, sign as cryptoSign, verify as cryptoVerify, type KeyObject } from 'node:crypto';
import { SignedXml } from 'xml-crypto';
import type { Element, Node } from '@xmldom/xmldom';
import { AppError } from '../lib/errors.js';
import { parseXml, parseXmlDocument, type XmlLimits } from './safe-xml.js';
import { childElements, ownText, type XmlElement } from './xml-tree.js';

export const DSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';
const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';
const ENVELOPED = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';
const SHA256 = 'http://www.w3.org/2001/04/xmlenc#sha256';
export const ECDSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256';
export const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';

export type DsigAlgorithm = 'ecdsa-sha256' | 'rsa-sha256';

const invalid = (why: string) => new AppError('bad_request', `The XML signature is not acceptable: ${why}.`);

/**
 * ECDSA-SHA256 and RSA-SHA256 through Node's crypto. XML-DSig 1.1 encodes an ECDSA signature as
 * raw r||s (IEEE P1363), not DER: `dsaEncoding: 'ieee-p1363'` does exactly that.
 */
function algorithmClass(uri: string) {
  return class {
    getAlgorithmName = () => uri;
    getSignature = (signedInfo: string | Buffer, key: KeyObject) =>
      cryptoSign('sha256', Buffer.from(signedInfo), { key, dsaEncoding: 'ieee-p1363' }).toString('base64');
    verifySignature = (material: string, key: KeyObject, signatureValue: string) => {
      const sig = Buffer.from(signatureValue.replace(/\s+/g, ''), 'base64');
      return cryptoVerify('sha256', Buffer.from(material), { key, dsaEncoding: 'ieee-p1363' }, sig);
    };
  };
}

export function keyAlgorithm(key: KeyObject): { name: DsigAlgorithm; uri: string } {
  const d = key.asymmetricKeyDetails;
  if (key.asymmetricKeyType === 'ec' && d?.namedCurve === 'prime256v1') return { name: 'ecdsa-sha256', uri: ECDSA_SHA256 };
  if (key.asymmetricKeyType === 'rsa' && (d?.modulusLength ?? 0) >= 2048) return { name: 'rsa-sha256', uri: RSA_SHA256 };
  throw new TypeError('XML signatures need a P-256 EC key or an RSA key of at least 2048 bits');
}

/** xml-crypto with only our algorithms registered: nothing weaker can be selected by a document. */
function restricted(sig: SignedXml, algUri: string): SignedXml {
  sig.SignatureAlgorithms = { [algUri]: algorithmClass(algUri) } as unknown as SignedXml['SignatureAlgorithms'];
  sig.HashAlgorithms = { [SHA256]: sig.HashAlgorithms[SHA256]! };
  sig.CanonicalizationAlgorithms = { [EXC_C14N]: sig.CanonicalizationAlgorithms[EXC_C14N]!, [ENVELOPED]: sig.CanonicalizationAlgorithms[ENVELOPED]! };
  return sig;
}

const escape = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

export interface SignOptions {
  /** `""` (default): the whole document. `"id"`: `#<root Id>`; the root must carry an `Id`. */
  reference?: 'document' | 'id';
  /** Written as `KeyInfo/KeyName` so a verifier can pick the key; it is never trusted as one. */
  keyName?: string;
}

/** Appends an enveloped signature to the root of `xml` (which must not hold one yet). */
export function signEnveloped(xml: string, privateKey: KeyObject | string, options: SignOptions = {}): string {
  const key = typeof privateKey === 'string' ? createPrivateKey(privateKey) : privateKey;
  if (key.type !== 'private') throw new TypeError('signEnveloped needs a private key');
  const alg = keyAlgorithm(key);
  const { root } = parseXmlDocument(xml);
  if (findDsig(root).length > 0) throw new TypeError('the document is already signed');
  const rootId = root.attributes.find((a) => a.name === 'Id')?.value;
  if (options.reference === 'id' && !rootId) throw new TypeError('reference "id" needs an Id attribute on the root');
  if (options.keyName !== undefined && !/^[\x20-\x7E]{1,128}$/.test(options.keyName)) throw new TypeError('keyName must be printable ASCII');

  const sig = restricted(
    new SignedXml({
      privateKey: key,
      signatureAlgorithm: alg.uri,
      canonicalizationAlgorithm: EXC_C14N,
      getKeyInfoContent: () => (options.keyName === undefined ? null : `<KeyName>${escape(options.keyName)}</KeyName>`),
    }),
    alg.uri,
  );
  sig.addReference({ xpath: '/*', transforms: [ENVELOPED, EXC_C14N], digestAlgorithm: SHA256, isEmptyUri: options.reference !== 'id' });
  sig.computeSignature(xml, { location: { reference: '/*', action: 'append' } });
  return sig.getSignedXml();
}

// ---------------------------------------------------------------------------------------------
// Verification.

function findDsig(root: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const el = stack.pop()!;
    if (el.namespace === DSIG_NS) out.push(el);
    for (const c of el.children) if (c.type === 'element') stack.push(c);
  }
  return out;
}

const ELEMENT = 1;
const TEXT = 3;
const PI = 7;
const COMMENT = 8;

/** Element children of a DOM node; other text than whitespace, comments and PIs are refused. */
function dsigChildren(node: Node): Element[] {
  const out: Element[] = [];
  for (let c = node.firstChild; c !== null; c = c.nextSibling) {
    if (c.nodeType === ELEMENT) out.push(c as Element);
    else if (c.nodeType === COMMENT || c.nodeType === PI) throw invalid('the Signature holds a comment or processing instruction');
  }
  return out;
}

function expectDsig(el: Element | undefined, localName: string): Element {
  if (!el || el.namespaceURI !== DSIG_NS || el.localName !== localName) throw invalid(`expected ${localName} in the Signature`);
  return el;
}

function algorithmOf(el: Element, expected: string, what: string): void {
  if (el.getAttribute('Algorithm') !== expected) throw invalid(`${what} must be ${expected}`);
  for (let c = el.firstChild; c !== null; c = c.nextSibling) if (c.nodeType !== TEXT || /\S/.test(c.nodeValue ?? '')) throw invalid(`${what} must be empty`);
}

/** Every element in the DOM, iteratively. */
function* allElements(root: Element): Generator<Element> {
  const stack: Element[] = [root];
  while (stack.length > 0) {
    const el = stack.pop()!;
    yield el;
    for (let c = el.lastChild; c !== null; c = c.previousSibling) if (c.nodeType === ELEMENT) stack.push(c as Element);
  }
}

/** The structural policy above; returns the Signature element to hand to xml-crypto. */
function checkStructure(docRoot: Element, tree: XmlElement, algUri: string): Element {
  if (tree.namespace === DSIG_NS) throw invalid('the document element is itself a Signature');
  const dsig = findDsig(tree);
  const signatures = dsig.filter((e) => e.localName === 'Signature');
  if (signatures.length !== 1) throw invalid(signatures.length === 0 ? 'there is no Signature' : 'there is more than one Signature');
  let sigNode: Element | undefined;
  for (let c = docRoot.firstChild; c !== null; c = c.nextSibling) {
    if (c.nodeType === ELEMENT && (c as Element).namespaceURI === DSIG_NS && (c as Element).localName === 'Signature') sigNode = c as Element;
  }
  if (!sigNode) throw invalid('the Signature must be a direct child of the document element');
  // Nothing from the XML-DSig namespace may live outside the one Signature.
  let inside = 0;
  for (const el of allElements(sigNode)) if (el.namespaceURI === DSIG_NS) inside++;
  if (inside !== dsig.length) throw invalid('XML-DSig elements appear outside the Signature');

  const [signedInfo, signatureValue, keyInfo, ...rest] = dsigChildren(sigNode);
  expectDsig(signedInfo, 'SignedInfo');
  expectDsig(signatureValue, 'SignatureValue');
  if (keyInfo) expectDsig(keyInfo, 'KeyInfo');
  if (rest.length > 0) throw invalid('the Signature holds unexpected elements');
  dsigChildren(signatureValue!);
  if (keyInfo) for (const el of allElements(keyInfo)) dsigChildren(el);

  const [c14n, method, reference, ...more] = dsigChildren(signedInfo!);
  algorithmOf(expectDsig(c14n, 'CanonicalizationMethod'), EXC_C14N, 'CanonicalizationMethod');
  algorithmOf(expectDsig(method, 'SignatureMethod'), algUri, 'SignatureMethod');
  expectDsig(reference, 'Reference');
  if (more.length > 0) throw invalid('SignedInfo must hold exactly one Reference');

  const uri = reference!.getAttribute('URI');
  if (uri === null) throw invalid('the Reference needs a URI');
  if (uri !== '') {
    const rootId = docRoot.getAttribute('Id');
    if (!rootId || uri !== `#${rootId}`) throw invalid('the Reference must cover the document element');
    let uses = 0;
    for (const el of allElements(docRoot)) {
      for (let i = 0; i < el.attributes.length; i++) {
        const a = el.attributes.item(i)!;
        if (/^(?:Id|ID|id)$/.test(a.localName ?? a.name) && a.value === rootId) uses++;
      }
    }
    if (uses !== 1) throw invalid('the referenced Id is used more than once');
  }
  const [transforms, digestMethod, digestValue, ...extra] = dsigChildren(reference!);
  expectDsig(transforms, 'Transforms');
  algorithmOf(expectDsig(digestMethod, 'DigestMethod'), SHA256, 'DigestMethod');
  expectDsig(digestValue, 'DigestValue');
  dsigChildren(digestValue!);
  if (extra.length > 0) throw invalid('the Reference holds unexpected elements');
  const ts = dsigChildren(transforms!);
  if (ts.length !== 2) throw invalid('the Reference must use exactly the enveloped-signature and exc-c14n transforms');
  algorithmOf(expectDsig(ts[0], 'Transform'), ENVELOPED, 'the first Transform');
  algorithmOf(expectDsig(ts[1], 'Transform'), EXC_C14N, 'the second Transform');
  return sigNode;
}

export interface VerifiedXml {
  /** The signed document element (Signature removed), parsed from the bytes that were digested. */
  root: XmlElement;
  /** Those bytes: the exclusive-C14N form of the signed element. */
  canonicalXml: string;
  algorithm: DsigAlgorithm;
  /** `KeyInfo/KeyName`, if present: a hint for choosing the key, never trusted. */
  keyName?: string;
}

export interface VerifyOptions {
  limits?: Partial<XmlLimits>;
  /** When given, the document element must have this local name. */
  rootName?: string;
}

/**
 * Verifies an enveloped signature under `trustedKey` (public key or its PEM, chosen by the
 * caller) and returns the signed content. Throws `AppError('bad_request')` for any failure.
 */
export function verifyEnveloped(xml: string | Uint8Array, trustedKey: KeyObject | string, options: VerifyOptions = {}): VerifiedXml {
  const key = typeof trustedKey === 'string' ? createPublicKey(trustedKey) : trustedKey.type === 'private' ? createPublicKey(trustedKey) : trustedKey;
  const alg = keyAlgorithm(key);
  const { document, root } = parseXmlDocument(xml, options.limits);
  if (options.rootName !== undefined && root.localName !== options.rootName) throw new AppError('bad_request', `Expected a ${options.rootName} document.`);
  const docRoot = document.documentElement!;
  const sigNode = checkStructure(docRoot, root, alg.uri);
  const text = typeof xml === 'string' ? xml : new TextDecoder().decode(xml);

  const sig = restricted(new SignedXml({ publicCert: key, getCertFromKeyInfo: () => null }), alg.uri);
  let ok = false;
  try {
    sig.loadSignature(sigNode as unknown as Parameters<SignedXml['loadSignature']>[0]);
    ok = sig.checkSignature(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) === true;
  } catch {
    ok = false;
  }
  const signed = sig.getSignedReferences();
  if (!ok || signed.length !== 1) throw invalid('it does not verify with the issuer’s key');

  const canonicalXml = signed[0]!;
  const signedRoot = parseXml(canonicalXml, { ...options.limits, maxBytes: Math.max(Buffer.byteLength(canonicalXml), options.limits?.maxBytes ?? 0) });
  if (signedRoot.localName !== root.localName || signedRoot.namespace !== root.namespace) throw invalid('the signed element is not the document element');
  if (findDsig(signedRoot).length > 0) throw invalid('the signed content still holds a Signature');

  const result: VerifiedXml = { root: signedRoot, canonicalXml, algorithm: alg.name };
  const signature = childElements(root).find((c) => c.namespace === DSIG_NS);
  const keyName = signature && childElements(signature, 'KeyInfo').flatMap((k) => childElements(k, 'KeyName'))[0];
  if (keyName) result.keyName = ownText(keyName).trim();
  return result;
}
