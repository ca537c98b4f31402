export interface BlobReference {
  table: string;
  column: string;
  /** The row names the blob only while this column holds one of these values. */
  onlyWhile?: { column: string; values: readonly string[] };
}

/**
 * Every column that holds a blob's SHA-256. Blobs are content-addressed, so two records may
 * share one; a blob is deleted only when none of these name it (blob-purges.repository.ts). A
 * feature that keeps blobs (shares, signed copies…) adds its column here; one that stores bytes
 * records them with recordBlobs (domain/blobs/record-blobs.ts) in the transaction that writes
 * the column.
 */
export const BLOB_REFERENCES: readonly BlobReference[] = [
  { table: 'residents', column: 'photo_sha256' },
  { table: 'document_renderings', column: 'sha256' },
  // A bulk job reads its source until it is finished; then the file goes (it holds Aadhaar
  // numbers in clear), unless another record names the same bytes (discardSource).
  { table: 'bulk_jobs', column: 'source_sha256', onlyWhile: { column: 'status', values: ['queued', 'running'] } },
  { table: 'uploaded_file_versions', column: 'sha256' },
  // A shared uploaded file: the blob the link was made for (docs/sharing.md).
  { table: 'shares', column: 'target_ref' },
];
