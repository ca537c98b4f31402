import { openAadhaar } from '../../crypto/aadhaar-vault.js';
import { AppError } from '../../lib/errors.js';
import type { DocumentTypeRow, IssuerRow } from '../../repositories/issuers.repository.js';
import type { ResidentRow } from '../../repositories/residents.repository.js';
import type { DomainDeps } from '../context.js';
import type { PullSystemActor, ResidentActor } from '../actors.js';
import { issueDocuments } from '../documents/issue-documents.js';
import { declaredFields, issuerEndpoint, uidHash } from './issuer-endpoint.js';
import { reclaimPulledDocument } from '../documents/reclaim-document.js';
import { keepIssuerOriginals } from '../documents/issuer-originals.js';
import { namesMatch } from './name-match.js';
import type { PullOutcome } from './pull-outcome.js';

/**
 * `UID` as the reference defines it: a hash (hex SHA-256) of the resident's Aadhaar number,
 * opened from the vault only to be hashed; never the number itself.
 */
async function aadhaarHash(deps: DomainDeps, resident: ResidentRow): Promise<string | undefined> {
  if (!resident.aadhaar_ref) return undefined;
  const sealed = await deps.repos.vault.findByRef(resident.aadhaar_ref);
  return sealed ? uidHash(openAadhaar(deps.masterKey, Buffer.from(sealed.ciphertext), sealed.ref)) : undefined;
}

const notFound = () => new AppError('record_not_found', 'The issuer has no record matching these details and your Aadhaar profile. Check what you typed.');

/**
 * Pull through the issuer's own Pull URI endpoint (`deps.issuerProtocol`, which signs the
 * request with the issuer's client secret, calls only addresses that pass the SSRF rules and
 * checks the answer). A pending answer is recorded; a found document must be this issuer's of
 * this type and match the resident's profile as the type's rules say; it is issued into the
 * locker, with the issuer's certificate XML and PDF kept byte for byte beside it.
 */
export async function pullFromIssuerEndpoint(
  deps: DomainDeps,
  actor: ResidentActor,
  input: { issuer: IssuerRow; type: DocumentTypeRow; parameters: Record<string, string>; resident: ResidentRow },
): Promise<PullOutcome> {
  const { issuer, type, resident } = input;
  const endpoint = await issuerEndpoint(deps, issuer);
  if (!endpoint) throw new AppError('repository_service_configerror', 'This issuer’s Pull URI endpoint is not configured yet. Try again later.');
  const now = deps.clock.now();
  const txn = deps.random.bytes(12).toString('hex');
  const uid = await aadhaarHash(deps, resident);
  const answer = await deps.issuerProtocol.pullDocument(endpoint, {
    txn,
    now,
    docType: type.code,
    lockerId: resident.id,
    ...(uid ? { uidHash: uid } : {}),
    ...(resident.name ? { fullName: resident.name } : {}),
    ...(resident.dob ? { dob: resident.dob } : {}),
    parameters: input.parameters,
  });
  if (answer.status === 'not_found') throw notFound();
  if (answer.status === 'pending') {
    const id = deps.ids.uuidv7();
    await deps.repos.pullRequests.insert({
      id,
      resident_id: actor.residentId,
      issuer_id: issuer.id,
      doc_type: type.code,
      status: 'pending',
      uri: null,
      detail: null,
      created_at: now,
      updated_at: now,
    });
    return { status: 'pending', requestId: id };
  }

  const prefix = `${issuer.org_id}-${type.code}-`;
  if (!answer.uri.startsWith(prefix))
    throw new AppError('repository_service_resperror', 'The issuer answered with a document of another issuer or type.', { reason: 'uri_mismatch' });
  const docId = answer.uri.slice(prefix.length);
  const rules = type.match_rules;
  const certificate = answer.certificate;
  // Whom the answer names, else whom its certificate names.
  const person = answer.holder ?? certificate?.holder;
  if (rules.name && !(person?.name && namesMatch(person.name, resident.name ?? ''))) throw notFound();
  if (rules.dob && person?.dob !== resident.dob) throw notFound();

  const fields = declaredFields(type.fields, certificate);
  const dob = person?.dob ?? certificate?.holder?.dob ?? resident.dob ?? undefined;
  const system: PullSystemActor = { kind: 'system', task: 'pull-remote', issuerId: issuer.id, residentId: actor.residentId };
  const [outcome] = await issueDocuments(deps, system, issuer, [
    {
      docType: type.code,
      docId,
      holder: { lockerId: actor.residentId, name: person?.name ?? resident.name ?? '', ...(dob ? { dob } : {}) },
      fields,
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
  // What the issuer sent is kept as it sent it; Tijori renders its own PDF (with its QR) beside it.
  if (outcome.outcome !== 'exists')
    await keepIssuerOriginals(deps, doc, { ...(answer.certificateXml ? { xml: answer.certificateXml } : {}), ...(answer.pdf ? { pdf: answer.pdf } : {}) });
  return { status: 'issued', uri: outcome.uri, alreadyHeld };
}
