/**
 * Where eSign reads the resident's PDF and puts the signed version: the uploaded-documents
 * feature implements this (an image is wrapped into a PDF before it gets here). eSign itself
 * checks ownership against `ownerResidentId`; the store only finds and saves.
 */
export interface EsignDocuments {
  find(documentId: string): Promise<{ ownerResidentId: string; name: string; pdf: Buffer } | undefined>;
  /** Saves the signed PDF as a new document of the owner, beside the untouched original. */
  saveSigned(input: { ownerResidentId: string; originalId: string; name: string; pdf: Buffer }): Promise<{ documentId: string }>;
}
