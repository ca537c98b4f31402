import { createHash } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../../lib/errors.js';
import type { DomainDeps } from '../context.js';
import { assertOperator, type DirectoryActor } from '../actors.js';
import { recordAudit } from '../audit/audit-log.js';
import { createContentSniffer } from '../uploads/sniff-content.js';

export const LOGO_MAX_BYTES = 100 * 1024;
/** 1024 × 1024: a logo is shown at 64 pixels or so; more is only a decoding cost for every resident. */
export const LOGO_MAX_PIXELS = 1024 * 1024;

/** The public, immutable URL of a logo (it names the bytes' SHA-256). */
export function requesterLogoPath(sha256: string | null): string | null {
  return sha256 ? `/api/v1/requester-logos/${sha256}` : null;
}

/**
 * Sets a requester's logo: PNG or JPEG by its bytes (a declared type is not believed, SVG and
 * anything else are refused), at most 100 KB and 1024 × 1024 pixels.
 */
export async function setRequesterLogo(deps: DomainDeps, actor: DirectoryActor, clientId: string, bytes: Buffer): Promise<{ logoUrl: string }> {
  assertOperator(actor);
  const requester = await deps.repos.requesters.findByClientId(clientId);
  if (!requester) throw new AppError('not_found', 'No requester has that client id.');
  if (bytes.length > LOGO_MAX_BYTES)
    throw new AppError('payload_too_large', `A logo may be at most ${LOGO_MAX_BYTES / 1024} KB; this one is ${Math.ceil(bytes.length / 1024)} KB.`);
  const sniffer = createContentSniffer({ maxPixels: LOGO_MAX_PIXELS });
  await pipeline(Readable.from([bytes]), sniffer.stream, new Writable({ write: (_chunk, _enc, cb) => cb() }));
  const { mediaType } = sniffer.result();
  if (mediaType !== 'image/png' && mediaType !== 'image/jpeg') throw new AppError('file_type_refused', 'A logo must be a PNG or JPEG image.');
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  await deps.transaction(async (repos) => {
    await repos.requesters.setLogo(requester.id, { sha256, media_type: mediaType, bytes, created_at: deps.clock.now() }, deps.clock.now());
    await recordAudit({ ...deps, repos }, actor, 'requester.logo_set', { target: clientId, details: { sha256, mediaType, bytes: bytes.length } });
  });
  return { logoUrl: requesterLogoPath(sha256)! };
}

export async function removeRequesterLogo(deps: DomainDeps, actor: DirectoryActor, clientId: string): Promise<void> {
  assertOperator(actor);
  const requester = await deps.repos.requesters.findByClientId(clientId);
  if (!requester) throw new AppError('not_found', 'No requester has that client id.');
  await deps.transaction(async (repos) => {
    await repos.requesters.setLogo(requester.id, null, deps.clock.now());
    await recordAudit({ ...deps, repos }, actor, 'requester.logo_removed', { target: clientId });
  });
}

/** A logo by its SHA-256 (public: logos are shown on consent screens). */
export async function readRequesterLogo(deps: DomainDeps, sha256: string): Promise<{ mediaType: string; bytes: Buffer }> {
  const logo = await deps.repos.requesters.findLogo(sha256);
  if (!logo) throw new AppError('not_found', 'No such logo.');
  return { mediaType: logo.media_type, bytes: logo.bytes };
}
