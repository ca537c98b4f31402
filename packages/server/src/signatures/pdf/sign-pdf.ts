import { createHash } from 'node:crypto';
import { buildSignedData, OIDS, type CmsSigner } from '../cms.js';
import type { TimestampAuthority } from '../tsa/timestamp-authority.js';
import { assertSignaturesIntact } from './read-signatures.js';
import { embedCms, prepareSignature, signedBytes, type FieldPlacement, type SignatureDictionary } from './incremental-update.js';

/** Produces the CMS signature for the SHA-256 of a PDF's signed bytes (locally, or by an eSign provider). */
export type CmsProducer = (digest: Buffer) => Promise<Buffer>;

export interface SignPdfInput {
  placement: FieldPlacement;
  /** A one-page PDF drawn as the signature's visible stamp. */
  appearance: Buffer;
  dictionary: SignatureDictionary;
  cms: CmsProducer;
}

/**
 * Signs a PDF at PAdES baseline B-T: a visible signature field added as an incremental update,
 * and a CAdES-detached CMS over its byte range. Refuses a PDF whose existing signatures no
 * longer match their bytes (signing it would vouch for a forgery). The input is not changed.
 */
export async function signPdf(pdf: Buffer, input: SignPdfInput): Promise<Buffer> {
  assertSignaturesIntact(pdf);
  const prepared = await prepareSignature(pdf, input.placement, input.appearance, input.dictionary);
  const hash = createHash('sha256');
  for (const part of signedBytes(prepared.pdf, prepared.byteRange)) hash.update(part);
  return embedCms(prepared, await input.cms(hash.digest()));
}

/** A PAdES B-T CMS made with a key Tijori holds, timestamped by the given TSA. */
export function cadesWithTimestamp(signer: CmsSigner, tsa: TimestampAuthority): CmsProducer {
  return (digest) =>
    buildSignedData({
      signer,
      contentType: OIDS.data,
      digest,
      unsigned: async (signature) => [{ type: OIDS.timeStampToken, value: await tsa.timestamp(createHash('sha256').update(signature).digest()) }],
    });
}
