import { createHash } from 'node:crypto';
import { openAadhaar } from '../../crypto/aadhaar-vault.js';
import { buildPullUriRequest, digilockerHmac, keyhash, parsePullUriResponse, verifyDigilockerHmac, type PullUriResponse } from '../../compat/digilocker/xml/pull-uri.js';
import { AppError, isAppError } from '../../lib/errors.js';
import type { DocumentTypeRow, IssuerRow } from '../../repositories/issuers.repository.js';
import type { ResidentRow } from '../../repositories/residents.repository.js';
import type { DomainDeps, ResidentActor } from '../context.js';
import { issueDocuments } from '../documents/issue-documents.js';
import type { IssuerActor } from '../issuers/actors.js';
import { digilockerSecret } from '../issuers/issuer-credentials.js';
import { reclaimPulledDocument } from '../documents/reclaim-document.js';
import { namesMatch } from './name-match.js';
import { readCertificate } from '../../compat/digilocker/xml/certificate-read.js';
import type { Certificate } from '../../compat/digilocker/xml/certificate-xml.js';
import { verifyEnveloped } from '../../compat/digilocker/xml/xml-dsig.js';
import { parseXml } from '../../compat/digilocker/xml/safe-xml.js';
import { childElements, ownText, plainAttributes } from '../../compat/digilocker/xml/xml-tree.js';
import type { DocumentField } from '../issuers/localized.js';
import type { PullOutcome } from './pull-outcome.js';

/**
 * `UID` as the reference defines it: a hash (hex SHA-256) of the resident's Aadhaar number,
 * opened from the vault only to be hashed; never the number itself.
 */
async function aadhaarHash(deps: DomainDeps, resident: ResidentRow): Promise<string | undefined> {
  if (!resident.aadhaar_ref) return undefined;
  const sealed = await deps.repos.vault.findByRef(resident.aadhaar_ref);
  return sealed ? createHash('sha256').update(openAadhaar(deps.masterKey, Buffer.from(sealed.ciphertext), sealed.ref), 'utf8').digest('hex') : undefined;
}

const notFound = () => new AppError('record_not_found', 'The issuer has no record matching these details and your Aadhaar profile. Check what you typed.');

/** "2026-11-23T14:30:00+05:30": the timestamp form DigiLocker's messages carry. */
function istTimestamp(now: number): string {
  return `${new Date(now + 5.5 * 3_600_000).toISOString().slice(0, 19)}+05:30`;
}

/**
 * Pull through the issuer's own repository with the DigiLocker Pull URI protocol: a keyhash
 * and an HMAC over the body with the issuer's client secret, sent only to an address that
 * passes the SSRF rules, with timeouts and a size cap; the answer's HMAC (required) and
 * every field are checked. Status 9 leaves the request pending; status 1 is matched against
 * the resident's profile and issued into the locker, with the issuer's own PDF kept as its
 * rendering.
 */
export async function pullFromRemoteRepository(
  deps: DomainDeps,
  actor: ResidentActor,
  input: { issuer: IssuerRow; type: DocumentTypeRow; parameters: Record<string, string>; resident: ResidentRow },
): Promise<PullOutcome> {
  const { issuer, type, resident } = input;
  const credentials = await deps.repos.issuers.listCredentials(issuer.id);
  const client = credentials.find((c) => c.kind === 'digilocker' && c.revoked_at === null);
  if (!issuer.repository_url || !client) {
    throw new AppError('repository_service_configerror', 'This issuer’s repository is not configured yet. Try again later.');
  }
  const secret = (await digilockerSecret(deps, client.client_id))!.secret;
  const now = deps.clock.now();
  const ts = istTimestamp(now);
  const txn = deps.random.bytes(12).toString('hex');
  const uid = await aadhaarHash(deps, resident);
  const body = buildPullUriRequest({
    ver: '3.0',
    ts,
    txn,
    orgId: issuer.org_id,
    keyhash: keyhash(secret, ts),
    format: 'both',
    docType: type.code,
    digiLockerId: resident.id,
    ...(uid ? { uid } : {}),
    ...(resident.name ? { fullName: resident.name } : {}),
    ...(resident.dob ? { dob: resident.dob } : {}),
    parameters: input.parameters,
  });
  const res = await deps.issuerFetch(issuer.repository_url, {
    method: 'POST',
    headers: { 'content-type': 'application/xml', 'x-digilocker-hmac': digilockerHmac(body, secret) },
    body,
    allow: deps.repositoryAllowList,
    timeoutMs: deps.repositoryTimeoutMs,
  });
  // Every answer must carry x-digilocker-hmac over its exact bytes, whether or not the issuer
  // also signs its certificate XML: without it anyone on the path could answer for the issuer.
  const signature = res.headers['x-digilocker-hmac'];
  if (typeof signature !== 'string') {
    throw new AppError('repository_service_resperror', 'The issuer’s answer carried no x-digilocker-hmac header, so it cannot be trusted.', { reason: 'hmac_missing' });
  }
  if (!verifyDigilockerHmac(res.body, secret, signature)) {
    throw new AppError('repository_service_resperror', 'The issuer’s answer failed its integrity check.', { reason: 'hmac_mismatch' });
  }
  let answer: PullUriResponse;
  try {
    answer = parsePullUriResponse(res.body, { expectedTxn: txn });
  } catch (err) {
    if (isAppError(err) && err.status < 500) throw new AppError('repository_service_resperror', 'The issuer’s repository answered with something that is not a valid Pull URI response.', { reason: 'malformed_response' }, { cause: err });
    throw err;
  }
  if (answer.status === 'error') throw notFound();
  if (answer.status === 'pending') {
    const id = deps.ids.uuidv7();
    await deps.repos.pullRequests.insert({ id, resident_id: actor.residentId, issuer_id: issuer.id, doc_type: type.code, status: 'pending', uri: null, detail: null, created_at: now, updated_at: now });
    return { status: 'pending', requestId: id };
  }

  const prefix = `${issuer.org_id}-${type.code}-`;
  if (!answer.uri?.startsWith(prefix)) throw new AppError('repository_service_resperror', 'The issuer answered with a document of another issuer or type.', { reason: 'uri_mismatch' });
  const docId = answer.uri.slice(prefix.length);
  const rules = type.match_rules;
  const person = answer.persons[0];
  if (rules.name && !(person?.name && namesMatch(person.name, resident.name ?? ''))) throw notFound();
  if (rules.dob && person?.dob !== resident.dob) throw notFound();

  const declared = type.fields;
  let certificate: ReturnType<typeof certificateDetails> | undefined;
  if (issuer.certificate_key) {
    // The issuer registered the key it signs certificates with: only a certificate that verifies
    // under it is accepted, and only what was signed is read.
    if (!answer.dataContent) throw new AppError('repository_service_resperror', 'The issuer’s answer carried no signed certificate.', { reason: 'unsigned_certificate' });
    let signed;
    try {
      signed = verifyEnveloped(answer.dataContent, issuer.certificate_key, { rootName: 'Certificate' });
    } catch (err) {
      throw new AppError('repository_service_resperror', 'The issuer’s certificate is not signed with the key registered for it.', { reason: 'signature_invalid' }, { cause: err });
    }
    try {
      certificate = certificateDetails(readCertificate(signed.root), declared);
    } catch (err) {
      throw new AppError('repository_service_resperror', 'The issuer’s signed certificate could not be read.', { reason: 'malformed_certificate' }, { cause: err });
    }
  } else if (answer.dataContent) {
    // No key registered: the certificate is trusted on the strength of the HMAC-checked answer.
    // An unreadable one adds nothing; the document is still issued, dated today.
    try {
      certificate = certificateDetails(readCertificate(parseXml(answer.dataContent)), declared);
    } catch {
      certificate = undefined;
    }
  }
  const system: IssuerActor = { kind: 'issuer', issuerId: issuer.id, via: 'staff', principalId: 'pull-remote' };
  const [outcome] = await issueDocuments(deps, system, issuer, [
    {
      docType: type.code,
      docId,
      holder: { lockerId: actor.residentId, name: person?.name ?? resident.name ?? '', ...(resident.dob ? { dob: resident.dob } : {}) },
      fields: certificate?.fields ?? {},
      issuedOn: certificate?.issueDate ?? new Date(now).toISOString().slice(0, 10),
      ...(certificate?.validFrom ? { validFrom: certificate.validFrom } : {}),
      ...(certificate?.validTo ? { validTo: certificate.validTo } : {}),
    },
  ]);
  if (!outcome?.ok) throw new AppError('repository_service_resperror', 'The issuer’s document could not be accepted.', { reason: 'invalid_document' });
  let doc = await deps.repos.documents.findByUri(outcome.uri);
  let alreadyHeld = false;
  if (outcome.outcome === 'exists') {
    alreadyHeld = await reclaimPulledDocument(deps, actor, doc, { matchedProfile: Boolean(rules.name || rules.dob) }, notFound);
    doc = await deps.repos.documents.findByUri(outcome.uri);
  }
  if (doc?.resident_id !== actor.residentId) throw notFound();
  if (outcome.outcome !== 'exists' && answer.docContent) {
    // The issuer's own PDF is the document's rendering.
    const stored = await deps.blobs.put(answer.docContent, { maxBytes: 10 * 1024 * 1024 });
    await deps.repos.blobs.insertMany([{ sha256: stored.sha256, size_bytes: stored.size, media_type: 'application/pdf', stored_at: now }]);
    await deps.repos.documents.insertRendering({ document_id: doc.id, version: doc.version, kind: 'pdf', status: 'active', sha256: stored.sha256, created_at: now });
  }
  return { status: 'issued', uri: outcome.uri, alreadyHeld };
}

/**
 * What the issuer's certificate XML (DataContent) says about the document: its dates, and the
 * values of the fields this document type declares, read from the attributes and simple child
 * elements of each element under CertificateData (`<Degree cgpa="8.1"/>` → field `cgpa`).
 */
function certificateDetails(cert: Certificate, declared: DocumentField[]): { issueDate?: string; validFrom?: string; validTo?: string; fields: Record<string, string> } {
  const wanted = new Set(declared.map((f) => f.key));
  const fields: Record<string, string> = {};
  const take = (key: string, value: string) => {
    if (wanted.has(key) && fields[key] === undefined && value.trim() !== '' && value.length <= 1000) fields[key] = value.trim();
  };
  for (const el of childElements(cert.data)) {
    for (const a of plainAttributes(el)) take(a.name, a.value);
    for (const child of childElements(el)) if (child.attributes.length === 0 && childElements(child).length === 0) take(child.localName, ownText(child));
  }
  // readCertificate has already refused any date not in YYYY-MM-DD form; a missing one is ''.
  const { issueDate, validFromDate: validFrom, expiryDate: validTo } = cert;
  return {
    ...(issueDate ? { issueDate } : {}),
    ...(validFrom ? { validFrom } : {}),
    ...(validTo && (!validFrom || validTo >= validFrom) ? { validTo } : {}),
    fields,
  };
}
