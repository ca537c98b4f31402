import type { UploadDeps } from './upload-deps.js';
import type { UploadedFileRow } from '../../repositories/uploads.repository.js';

/** Reads a stored file back through the scanner and records the verdict on the file. */
export async function scanStoredFile(deps: UploadDeps, row: Pick<UploadedFileRow, 'id' | 'sha256'>): Promise<'clean' | 'refused'> {
  const blob = await deps.blobs.get(row.sha256);
  if (!blob) throw new Error(`blob ${row.sha256} of uploaded file ${row.id} is missing`);
  const verdict = await deps.scanner.scan(blob.stream);
  const status = verdict.clean ? 'clean' : 'refused';
  await deps.repos.uploads.updateFile(row.id, { status });
  return status;
}
