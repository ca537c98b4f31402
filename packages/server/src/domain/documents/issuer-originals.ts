import type { DocumentRow } from '../../repositories/documents.repository.js';
import { isStorageBusy, recordBlobs } from '../blobs/record-blobs.js';
import type { DomainDeps } from '../context.js';

/**
 * A document pulled from an issuer's own endpoint keeps what the issuer sent, byte for byte:
 * its certificate XML (with the issuer's signature intact) and its PDF. They are renderings of
 * the version they came with, marked with this status instead of the one a rendering of
 * Tijori's shows; Tijori's own renderings (with its QR) are made beside them as for any document.
 */
export const ISSUER_ORIGINAL = 'issuer';

const MEDIA_TYPE = { xml: 'application/xml', pdf: 'application/pdf' } as const;
const MAX_BYTES = 10 * 1024 * 1024;

export type OriginalKind = keyof typeof MEDIA_TYPE;

/**
 * Stores the issuer's originals of `doc`'s current version. The document is issued already: an
 * original whose identical bytes are being purged just then (storage_busy, twice) is left out
 * rather than failing the issuance, as if the issuer had sent none.
 */
export async function keepIssuerOriginals(deps: DomainDeps, doc: DocumentRow, originals: Partial<Record<OriginalKind, Buffer>>): Promise<void> {
  const now = deps.clock.now();
  const keep = async (kind: OriginalKind, bytes: Buffer) => {
    const stored = await deps.blobs.put(bytes, { maxBytes: MAX_BYTES });
    await deps.transaction(async (repos) => {
      await recordBlobs(deps, repos, [{ sha256: stored.sha256, size_bytes: stored.size, media_type: MEDIA_TYPE[kind], stored_at: now }]);
      await repos.documents.insertRendering({
        document_id: doc.id,
        version: doc.version,
        kind,
        status: ISSUER_ORIGINAL,
        sha256: stored.sha256,
        created_at: now,
      });
    });
  };
  for (const kind of ['xml', 'pdf'] as const) {
    const bytes = originals[kind];
    if (!bytes) continue;
    // Tried again once: a purge done meanwhile lets the second put store the bytes anew.
    await keep(kind, bytes)
      .catch((err: unknown) => (isStorageBusy(err) ? keep(kind, bytes) : Promise.reject(err)))
      .catch((err: unknown) => {
        if (!isStorageBusy(err)) throw err;
      });
  }
}

/** The issuer's original of this version of the document, or undefined when the issuer sent none. */
export async function issuerOriginal(deps: DomainDeps, documentId: string, version: number, kind: OriginalKind): Promise<Buffer | undefined> {
  const row = await deps.repos.documents.findRendering(documentId, version, kind, ISSUER_ORIGINAL);
  const blob = row ? await deps.blobs.get(row.sha256) : null;
  return blob ? Buffer.concat(await blob.stream.toArray()) : undefined;
}
