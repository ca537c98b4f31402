import { Readable } from 'node:stream';
import type { CertificateRenderInput } from '../../artifacts/render/index.js';
import type { DomainDeps } from '../context.js';
import type { ResidentActor } from '../actors.js';
import { ownedDocument, qrPayload, type OwnedDocument } from './document-artifacts.js';
import { signIssuedPdf } from '../signatures/sign-issued-pdf.js';
import { effectiveStatus } from './document-status.js';
import { issuerOriginal } from './issuer-originals.js';
import { AppError } from '../../lib/errors.js';
import { LABELS, type RenderLanguage } from '../../artifacts/render/labels.js';
import { isStorageBusy, recordBlobs } from '../blobs/record-blobs.js';

const PDF_MAX_BYTES = 10 * 1024 * 1024;

/**
 * The human-readable PDF of one of the actor's documents. Made on first view (never during
 * bulk issuance), kept in the blob store per version and status, and served from there after;
 * the file's hash is recorded so that an uploaded copy can be recognised as genuine. The file is
 * a signed PDF (PAdES B-T, see domain/signatures/); a rendering made after a revocation says so
 * on the page.
 */
export async function documentPdf(
  deps: DomainDeps,
  actor: ResidentActor,
  uri: string,
  source: 'issuer' | 'tijori' = 'tijori',
): Promise<{ stream: Readable; size: number; filename: string }> {
  const owned = await ownedDocument(deps, actor, uri);
  if (source === 'issuer') {
    // The PDF the issuer's endpoint sent, exactly; Tijori's rendering (with its QR) is the default.
    const original = await issuerOriginal(deps, owned.doc.id, owned.version.version, 'pdf');
    if (!original) throw new AppError('document_not_found', 'The issuer sent no PDF of its own for this document.');
    return { stream: Readable.from([original]), size: original.length, filename: `${owned.doc.uri}.issuer.pdf` };
  }
  return versionPdf(deps, owned, actor.residentId);
}

/**
 * The PDF of the version in `owned` (the current one, or the one a share link was made for),
 * in the holder's language and with their photo, from the cache when it was made before.
 */
export async function versionPdf(deps: DomainDeps, owned: OwnedDocument, holderId: string): Promise<{ stream: Readable; size: number; filename: string }> {
  const status = effectiveStatus(owned.doc.status, owned.doc.valid_to, deps.clock.now());
  const version = owned.version.version;
  const cached = await deps.repos.documents.findRendering(owned.doc.id, version, 'pdf', status);
  const filename = version === owned.doc.version ? `${owned.doc.uri}.pdf` : `${owned.doc.uri}.v${version}.pdf`;
  if (cached) {
    const blob = await deps.blobs.get(cached.sha256);
    if (blob) return { stream: blob.stream, size: blob.size, filename };
  }
  const resident = await deps.repos.residents.findById(holderId);
  // The renderer (PDFKit, fontkit, the fonts) is loaded with the first PDF, not at start-up.
  const { renderCertificatePdf } = await import('../../artifacts/render/certificate-pdf.js');
  const rendered = await renderCertificatePdf(await renderInput(deps, owned, status, resident?.language ?? 'en', resident?.photo_sha256 ?? null));
  // Signed by the issuer's document-signing certificate, so any PDF reader can check it.
  const pdf = await signIssuedPdf(deps, owned.issuer, rendered);
  const stored = await deps.blobs.put(pdf, { maxBytes: PDF_MAX_BYTES });
  const now = deps.clock.now();
  try {
    await deps.transaction(async (repos) => {
      await recordBlobs(deps, repos, [{ sha256: stored.sha256, size_bytes: stored.size, media_type: 'application/pdf', stored_at: now }]);
      await repos.documents.insertRendering({ document_id: owned.doc.id, version, kind: 'pdf', status, sha256: stored.sha256, created_at: now });
    });
  } catch (err) {
    // Identical bytes are being purged just now: this PDF is served without being cached.
    if (!isStorageBusy(err)) throw err;
  }
  return { stream: Readable.from([pdf]), size: pdf.length, filename };
}

async function renderInput(
  deps: DomainDeps,
  owned: OwnedDocument,
  status: CertificateRenderInput['status'],
  language: string,
  photoSha: string | null,
): Promise<CertificateRenderInput> {
  const type = await deps.repos.issuers.findDocumentType(owned.issuer.id, owned.doc.doc_type);
  const typeNames = type ? type.names : { en: owned.doc.doc_type };
  const issuerNames = owned.issuer.names;
  const rendered: RenderLanguage = Object.hasOwn(LABELS, language) ? (language as RenderLanguage) : 'en';
  // The second script beside English: the holder's own language, or Hindi for an English reader.
  const local = rendered === 'en' ? 'hi' : rendered;
  const declared = type ? type.fields : [];
  const byKey = new Map(declared.map((f) => [f.key, f]));
  const s = owned.credential.credentialSubject;
  const fields: CertificateRenderInput['fields'] = [];
  const rows: string[][] = [];
  for (const [key, value] of Object.entries(s.fields)) {
    const def = byKey.get(key);
    if (def?.group === 'subjects') {
      // "English Core: 86" becomes a row of the marks table.
      const [subject, mark] = value.split(/:\s*/);
      rows.push([subject ?? value, mark ?? '']);
      continue;
    }
    fields.push({ label: def?.label.en ?? key, ...(def?.label[local] ? { labelLocal: def.label[local] } : {}), value });
  }
  const photo = photoSha ? await deps.blobs.get(photoSha) : null;
  const photoPng = photo ? Buffer.concat(await photo.stream.toArray()) : undefined;
  const payload = await qrPayload(deps, owned);
  return {
    issuer: {
      name: issuerNames.en,
      ...(issuerNames[local] ? { nameLocal: issuerNames[local] } : {}),
      orgId: owned.issuer.org_id,
      ...(owned.issuer.state ? { state: owned.issuer.state } : {}),
    },
    docType: { code: owned.doc.doc_type, name: typeNames.en, ...(typeNames[local] ? { nameLocal: typeNames[local] } : {}) },
    uri: owned.doc.uri,
    holder: {
      name: s.holder.name,
      ...(s.holder.nameLocal ? { nameLocal: s.holder.nameLocal } : {}),
      ...(s.holder.birthDate ? { dob: s.holder.birthDate } : {}),
      ...(photoPng ? { photoPng } : {}),
    },
    fields,
    ...(rows.length > 0 ? { table: { columns: ['Subject', 'Marks'], rows } } : {}),
    issuedOn: owned.doc.issued_on,
    ...(owned.doc.valid_from ? { validFrom: owned.doc.valid_from } : {}),
    ...(owned.doc.valid_to ? { validTo: owned.doc.valid_to } : {}),
    status,
    verificationCode: owned.doc.verification_code,
    qrPayload: payload,
    verifyUrl: `${deps.publicUrl}/verify`,
    language: rendered,
  };
}
