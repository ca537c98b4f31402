import type { ShareTargetKind } from '../../db/schema.js';
import { AppError } from '../../lib/errors.js';
import type { ShareRow } from '../../repositories/shares.repository.js';
import type { DomainDeps } from '../context.js';
import { decodeCredential, ownedDocument, qrPayload } from '../documents/document-artifacts.js';
import { versionPdf } from '../documents/document-pdf.js';
import { verifyCredential } from '../documents/verify-document.js';
import { pick } from '../issuers/localized.js';
import { uploadedTarget } from './share-target-uploaded.js';
import type { ShareTargetResolver } from './share-target-types.js';

export type {
  ShareTargetInput,
  PinnedTarget,
  SharedIssuedDocument,
  SharedUploadedFile,
  SharedContent,
  SharedFile,
  SharedFileFormat,
  ShareTargetResolver,
} from './share-target-types.js';

const issued: ShareTargetResolver = {
  async pin(deps, actor, input) {
    if (input.kind !== 'issued') throw new AppError('bad_request', 'Not an issued document.');
    const owned = await ownedDocument(deps, actor, input.uri);
    const names = await deps.repos.issuers.findDocumentType(owned.issuer.id, owned.doc.doc_type);
    const typeName = names ? pick(names.names, 'en') : owned.doc.doc_type;
    return { kind: 'issued', id: owned.doc.id, version: owned.doc.version, ref: null, title: `${typeName} (${owned.doc.uri})` };
  },

  async present(deps, share, language) {
    const { doc, issuer, version, credential } = await pinnedVersion(deps, share);
    const s = credential.credentialSubject;
    const type = await deps.repos.issuers.findDocumentType(issuer.id, doc.doc_type);
    const labels = new Map((type ? type.fields : []).map((f) => [f.key, pick(f.label, language)]));
    const verdict = await verifyCredential(deps, version.credential, language);
    return {
      kind: 'issued',
      title: share.title,
      uri: s.uri,
      docType: { code: s.documentType.code, name: type ? pick(type.names, language) : s.documentType.name },
      issuer: { orgId: issuer.org_id, name: pick(issuer.names, language) },
      holder: s.holder,
      fields: Object.entries(s.fields).map(([key, value]) => ({ key, label: labels.get(key) ?? key, value })),
      issuedOn: s.issuedOn,
      validFrom: credential.validFrom.slice(0, 10),
      validTo: credential.validUntil ? credential.validUntil.slice(0, 10) : null,
      version: s.version,
      verificationCode: s.verificationCode,
      qrPayload: await qrPayload(deps, { doc, issuer, version, credential }),
      verification: {
        verdict: verdict.verdict,
        status: verdict.document?.status ?? null,
        superseded: verdict.document?.superseded ?? false,
        checkedAt: new Date(deps.clock.now()).toISOString(),
      },
    };
  },

  async file(deps, share, format) {
    const pinned = await pinnedVersion(deps, share);
    const { doc, version, credential } = pinned;
    if (format === 'original') {
      const body = Buffer.from(version.credential);
      return { body, size: body.length, mediaType: 'application/vc+jwt', filename: `${doc.uri}.v${version.version}.vc.jwt` };
    }
    // The PDF of the shared version: its own dates and holder, today's status.
    const s = credential.credentialSubject;
    const validFrom = credential.validFrom.slice(0, 10);
    const asShared = {
      ...doc,
      holder_name: s.holder.name,
      issued_on: s.issuedOn,
      valid_from: validFrom === s.issuedOn ? null : validFrom,
      valid_to: credential.validUntil ? credential.validUntil.slice(0, 10) : null,
    };
    const pdf = await versionPdf(deps, { ...pinned, doc: asShared }, share.resident_id);
    return { body: pdf.stream, size: pdf.size, mediaType: 'application/pdf', filename: pdf.filename };
  },
};

/** The version the link was made for, never the document's current one. */
async function pinnedVersion(deps: DomainDeps, share: ShareRow) {
  const doc = await deps.repos.documents.findById(share.target_id);
  const issuer = doc ? await deps.repos.issuers.findById(doc.issuer_id) : undefined;
  const version = doc ? await deps.repos.documents.findVersion(doc.id, share.target_version) : undefined;
  if (!doc || !issuer || !version) throw new AppError('share_not_found', 'This link does not lead to a document.');
  return { doc, issuer, version, credential: decodeCredential(version.credential) };
}

const RESOLVERS: Partial<Record<ShareTargetKind, ShareTargetResolver>> = { issued, uploaded: uploadedTarget };

export function shareTargetResolver(kind: ShareTargetKind): ShareTargetResolver {
  const resolver = RESOLVERS[kind];
  if (!resolver) throw new AppError('bad_request', `Documents of kind "${kind}" cannot be shared yet.`);
  return resolver;
}
