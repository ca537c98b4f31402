import { documentNames, notify } from '../notifications/notify.js';
import { signCompactJws } from '../../crypto/signing-keys.js';
import { AppError } from '../../lib/errors.js';
import { documentContextUrl } from '../../artifacts/document-context.js';
import { buildCredential } from '../../artifacts/credential.js';
import { recordActivity } from '../activity/record-activity.js';
import type { DomainDeps } from '../context.js';
import { assertActsFor, type DirectoryActor } from '../actors.js';
import { issuerDid } from '../issuers/publish-keys.js';
import { activeSigner } from '../issuers/signing.js';
import { controlCharProblem, isDate } from './issue-documents.js';
import { decodeCredential } from './document-artifacts.js';
import { findDocumentByUri } from './find-document.js';
import { recordAudit } from '../audit/audit-log.js';
import { documentTerms } from './search-terms.js';
import { statusListUrl } from '../status/status-lists.js';

export interface UpdateInput {
  holder?: { name?: string; nameLocal?: string; dob?: string };
  fields?: Record<string, string>;
  issuedOn?: string;
  validFrom?: string;
  validTo?: string;
}

/**
 * An update makes a new version, signed anew; the previous versions stay verifiable and are
 * reported as superseded.
 */
export async function updateDocument(deps: DomainDeps, actor: DirectoryActor, uri: string, patch: UpdateInput): Promise<{ uri: string; version: number }> {
  const { doc, issuer } = await findDocumentByUri(deps, uri);
  assertActsFor(actor, issuer.id);
  if (doc.status === 'revoked') throw new AppError('conflict', 'A revoked document cannot be updated; issue a new one.');
  for (const key of ['issuedOn', 'validFrom', 'validTo'] as const) {
    const value = patch[key];
    if (value !== undefined && !isDate(value))
      throw new AppError('validation_failed', `${key} must be a real date, YYYY-MM-DD.`, { errors: [{ path: `/body/${key}`, message: 'is not a date' }] });
  }
  const texts: [string | undefined, string][] = [
    [patch.holder?.name, 'holder.name'],
    [patch.holder?.nameLocal, 'holder.nameLocal'],
    ...Object.entries(patch.fields ?? {}).map(([k, v]): [string, string] => [v, `fields.${k}`]),
  ];
  for (const [value, field] of texts) {
    const bad = controlCharProblem(value, field);
    if (bad)
      throw new AppError('validation_failed', bad.message, {
        errors: [{ path: `/body/${field.replaceAll('.', '/')}`, message: 'contains a control character' }],
      });
  }
  const current = await deps.repos.documents.findVersion(doc.id, doc.version);
  const previous = decodeCredential(current!.credential);
  const s = previous.credentialSubject;
  const version = doc.version + 1;
  const signer = await activeSigner(deps, issuer.id);
  const did = issuerDid(deps.publicUrl, issuer.org_id);
  const holder = { ...s.holder, ...(patch.holder ?? {}) } as { name: string; nameLocal?: string; birthDate?: string; dob?: string };
  const validTo = patch.validTo ?? doc.valid_to ?? undefined;
  const validFrom = patch.validFrom ?? doc.valid_from ?? undefined;
  const credential = buildCredential({
    uri,
    version,
    issuer: { orgId: issuer.org_id, did, name: issuer.names.en },
    docType: s.documentType,
    holder: {
      name: holder.name,
      ...(holder.nameLocal ? { nameLocal: holder.nameLocal } : {}),
      ...((holder.dob ?? holder.birthDate) ? { dob: (holder.dob ?? holder.birthDate)! } : {}),
    },
    fields: { ...s.fields, ...(patch.fields ?? {}) },
    issuedOn: patch.issuedOn ?? doc.issued_on,
    ...(validFrom ? { validFrom } : {}),
    ...(validTo ? { validTo } : {}),
    verificationCode: doc.verification_code,
    documentContext: documentContextUrl(deps.publicUrl),
    // A new version keeps the document's status-list entry: its status is the document's.
    ...(doc.status_list_id && doc.status_index !== null
      ? {
          status: {
            revocationList: statusListUrl(deps.publicUrl, doc.status_list_id, 'revocation'),
            suspensionList: statusListUrl(deps.publicUrl, doc.status_list_id, 'suspension'),
            index: doc.status_index,
          },
        }
      : {}),
  });
  const now = deps.clock.now();
  const jws = signCompactJws(
    signer.key,
    { alg: signer.alg, typ: 'vc+jwt', kid: `${did}#${signer.kid}` },
    { ...credential, iss: did, iat: Math.floor(now / 1000) },
  );
  const issuedOn = patch.issuedOn ?? doc.issued_on;
  const terms = documentTerms({ docId: doc.doc_id, holderName: holder.name, holderNameLocal: holder.nameLocal, fields: credential.credentialSubject.fields });
  await deps.transaction(async (repos) => {
    await repos.documents.insertVersion({ document_id: doc.id, version, kid: signer.kid, credential: jws, created_at: now });
    await repos.documents.update(doc.id, {
      version,
      holder_name: holder.name,
      issued_on: issuedOn,
      valid_from: validFrom ?? null,
      valid_to: validTo ?? null,
      updated_at: now,
    });
    // After the document's row: its status is then read as it is now.
    await repos.documents.replaceTerms({ id: doc.id, issuerId: issuer.id, issuedOn }, terms);
    await recordAudit({ ...deps, repos }, actor, 'document.updated', { issuerId: issuer.id, target: uri, details: { version, changed: Object.keys(patch) } });
  });
  if (doc.resident_id) {
    await recordActivity(deps, doc.resident_id, 'document_updated', null, { uri, version });
    await notify(deps, [{ residentId: doc.resident_id, kind: 'document_updated', params: { ...(await documentNames(deps, doc, issuer)), uri } }]);
  }
  return { uri, version };
}
