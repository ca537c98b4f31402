import type { SafeFetch } from '../../adapters/issuer-endpoint/safe-fetch.js';
import type { CertificateDetails, EndpointAnswer, EndpointPullRequest, IssuerEndpoint } from '../../domain/issuer-protocol.js';
import { AppError, isAppError } from '../../lib/errors.js';
import { parseXml } from '../../xml/safe-xml.js';
import { verifyEnveloped } from '../../xml/xml-dsig.js';
import { attr, childElements, ownText, plainAttributes, type XmlElement } from '../../xml/xml-tree.js';
import { readCertificate } from './xml/certificate-read.js';
import type { Certificate } from './xml/certificate-types.js';
import { digilockerHmac, keyhash, verifyDigilockerHmac } from './xml/issuer-auth.js';
import { buildPullUriRequest } from './xml/pull-uri.js';
import { parsePullUriResponse, type PullUriResponse } from './xml/pull-uri-response.js';

/** "2026-11-23T14:30:00+05:30": the timestamp form DigiLocker's messages carry. */
function istTimestamp(now: number): string {
  return `${new Date(now + 5.5 * 3_600_000).toISOString().slice(0, 19)}+05:30`;
}

const badAnswer = (message: string, reason: string, cause?: unknown) =>
  new AppError('repository_service_resperror', message, { reason }, cause === undefined ? undefined : { cause });

/**
 * One pull from an issuer's endpoint with the DigiLocker Pull URI protocol: a keyhash and an
 * HMAC over the body with the issuer's client secret, sent through `fetch` (the SSRF-safe
 * client, with the configured allow-list and timeout); the answer's HMAC (required) and every
 * field are checked, and with a registered key only a certificate signed under it is read.
 */
export async function pullFromEndpoint(fetch: SafeFetch, endpoint: IssuerEndpoint, request: EndpointPullRequest): Promise<EndpointAnswer> {
  const { secret } = endpoint;
  const ts = istTimestamp(request.now);
  const body = buildPullUriRequest({
    ver: '3.0',
    ts,
    txn: request.txn,
    orgId: endpoint.orgId,
    keyhash: keyhash(secret, ts),
    format: 'both',
    docType: request.docType,
    digiLockerId: request.lockerId,
    ...(request.uidHash ? { uid: request.uidHash } : {}),
    ...(request.fullName ? { fullName: request.fullName } : {}),
    ...(request.dob ? { dob: request.dob } : {}),
    parameters: request.uri ? { ...request.parameters, URI: request.uri } : request.parameters,
  });
  const res = await fetch(endpoint.url, {
    method: 'POST',
    headers: { 'content-type': 'application/xml', 'x-digilocker-hmac': digilockerHmac(body, secret) },
    body,
  });
  // Every answer must carry x-digilocker-hmac over its exact bytes, whether or not the issuer
  // also signs its certificate XML: without it anyone on the path could answer for the issuer.
  const signature = res.headers['x-digilocker-hmac'];
  if (typeof signature !== 'string') throw badAnswer('The issuer’s answer carried no x-digilocker-hmac header, so it cannot be trusted.', 'hmac_missing');
  if (!verifyDigilockerHmac(res.body, secret, signature)) throw badAnswer('The issuer’s answer failed its integrity check.', 'hmac_mismatch');
  let answer: PullUriResponse;
  try {
    answer = parsePullUriResponse(res.body, { expectedTxn: request.txn });
  } catch (err) {
    if (isAppError(err) && err.status < 500)
      throw badAnswer('The issuer’s endpoint answered with something that is not a valid Pull URI response.', 'malformed_response', err);
    throw err;
  }
  if (answer.status === 'error') return { status: 'not_found' };
  if (answer.status === 'pending') return { status: 'pending' };
  if (!answer.uri) throw badAnswer('The issuer answered with a document of another issuer or type.', 'uri_mismatch');
  const certificate = readAnsweredCertificate(answer.dataContent, endpoint.certificateKey);
  const person = answer.persons[0];
  return {
    status: 'found',
    uri: answer.uri,
    ...(person ? { holder: { ...(person.name ? { name: person.name } : {}), ...(person.dob ? { dob: person.dob } : {}) } } : {}),
    ...(answer.docContent ? { pdf: answer.docContent } : {}),
    ...(certificate ? { certificate: certificate.details, certificateXml: certificate.xml } : {}),
  };
}

/** The certificate an answer carried, read, with its exact bytes kept (see `EndpointAnswer`). */
function readAnsweredCertificate(dataContent: Buffer | undefined, certificateKey: string | null): { details: CertificateDetails; xml: Buffer } | undefined {
  if (certificateKey) {
    // The issuer registered the key it signs certificates with: only a certificate that verifies
    // under it is accepted, and only what was signed is read.
    if (!dataContent) throw badAnswer('The issuer’s answer carried no signed certificate.', 'unsigned_certificate');
    let signed;
    try {
      signed = verifyEnveloped(dataContent, certificateKey, { rootName: 'Certificate' });
    } catch (err) {
      throw badAnswer('The issuer’s certificate is not signed with the key registered for it.', 'signature_invalid', err);
    }
    try {
      return { details: certificateDetails(readCertificate(signed.root)), xml: dataContent };
    } catch (err) {
      throw badAnswer('The issuer’s signed certificate could not be read.', 'malformed_certificate', err);
    }
  }
  if (!dataContent) return undefined;
  // No key registered: the certificate is trusted on the strength of the HMAC-checked answer.
  // An unreadable one adds nothing; the document is still issued, dated today.
  try {
    return { details: certificateDetails(readCertificate(parseXml(dataContent))), xml: dataContent };
  } catch {
    return undefined;
  }
}

/** How deep under CertificateData values are looked for, and how many elements at most. */
const DATA_DEPTH = 8;
const DATA_ELEMENTS = 5_000;

/**
 * What the issuer's certificate XML (DataContent) says about the document: its dates, whom it
 * names, and the named values under CertificateData, at any depth (document order, the first of
 * a name wins): every plain attribute (`<Degree cgpa="8.1"/>` → `cgpa`), every simple child
 * element (`<cgpa>8.1</cgpa>`), and every name/value pair (`<Field name="cgpa" value="8.1"/>`,
 * the form Tijori's own certificate XML writes). The use-case keeps the declared ones.
 */
function certificateDetails(cert: Certificate): CertificateDetails {
  const fields = new Map<string, string>();
  const take = (key: string, value: string) => {
    if (!fields.has(key) && value.trim() !== '' && value.length <= 1000) fields.set(key, value.trim());
  };
  let seen = 0;
  const walk = (el: XmlElement, depth: number) => {
    for (const child of childElements(el)) {
      if (++seen > DATA_ELEMENTS) return;
      const grandchildren = childElements(child);
      const attributes = plainAttributes(child);
      if (attributes.length === 0 && grandchildren.length === 0) take(child.localName, ownText(child));
      const name = attr(child, 'name');
      const value = attr(child, 'value');
      if (child.localName === 'Field' && name !== undefined && value !== undefined) take(name, value);
      else for (const a of attributes) take(a.name, a.value);
      if (depth < DATA_DEPTH) walk(child, depth + 1);
    }
  };
  walk(cert.data, 1);
  // readCertificate has already refused any date not in YYYY-MM-DD form; a missing one is ''.
  const { issueDate, validFromDate: validFrom, expiryDate: validTo } = cert;
  const { name, dob } = cert.issuedTo;
  return {
    ...(issueDate ? { issueDate } : {}),
    ...(validFrom ? { validFrom } : {}),
    ...(validTo && (!validFrom || validTo >= validFrom) ? { validTo } : {}),
    ...(name || dob ? { holder: { ...(name ? { name } : {}), ...(dob ? { dob } : {}) } } : {}),
    fields: Object.fromEntries(fields),
  };
}
