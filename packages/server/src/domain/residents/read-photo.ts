import type { Readable } from 'node:stream';
import { AppError } from '../../lib/errors.js';
import type { DomainDeps } from '../context.js';
import type { ResidentActor } from '../actors.js';

/** The e-KYC photo, to its owner only. */
export async function readPhoto(deps: DomainDeps, actor: ResidentActor): Promise<{ stream: Readable; size: number; mediaType: string }> {
  const r = await deps.repos.residents.findById(actor.residentId);
  if (!r?.photo_sha256) throw new AppError('not_found', 'No photo: link your Aadhaar to get one from e-KYC.');
  const [blob, meta] = await Promise.all([deps.blobs.get(r.photo_sha256), deps.repos.blobs.find(r.photo_sha256)]);
  if (!blob) throw new AppError('not_found', 'The photo is missing from the document store.');
  return { stream: blob.stream, size: blob.size, mediaType: meta?.media_type ?? 'image/png' };
}
