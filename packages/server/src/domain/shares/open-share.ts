import { equalHex } from '../../crypto/secrets.js';
import { AppError, type ErrorCode } from '../../lib/errors.js';
import { formatWait, LIMITS } from '../auth/rate-limit.js';
import type { ShareRow } from '../../repositories/shares.repository.js';
import { inChainTransaction, recordActivity } from '../activity/record-activity.js';
import type { DomainDeps, Repositories, RequestContext } from '../context.js';
import { PIN_ATTEMPTS, shareState, type ShareState } from './share-rules.js';
import { deadOpensKey, isShareToken, makeViewGrant, readViewGrant, sharePinHash, shareTokenHash, viewerAddressHmac } from './share-secrets.js';
import { shareTargetResolver, type SharedContent, type SharedFile, type SharedFileFormat } from './share-targets.js';

const GRANT_MS = 30 * 60_000;

export interface OpenedShare {
  share: {
    sharedBy: string;
    note: string | null;
    sharedAt: string;
    openedAt: string;
    expiresAt: string;
    viewsLeft: number | null;
    allowDownload: boolean;
  };
  document: SharedContent;
  /** Present when downloading is allowed: lets this viewer download without taking another view. */
  downloadGrant: string | null;
  /** For an uploaded file, always: lets this viewer fetch it inline for the preview. */
  previewGrant: string | null;
}

const REFUSALS: Record<Exclude<ShareState, 'live'>, { code: ErrorCode; message: string }> = {
  expired: { code: 'share_expired', message: 'This link has expired. Ask the person who shared it for a new one.' },
  revoked: { code: 'share_revoked', message: 'This link was withdrawn by the person who shared it.' },
  used_up: { code: 'share_used_up', message: 'This link has been opened as many times as allowed.' },
  locked: { code: 'share_locked', message: 'This link is locked after too many wrong PINs. Ask the person who shared it for a new one.' },
};

const notFound = () => new AppError('share_not_found', 'There is no document at this link. Check that the whole link was copied.');

/**
 * A receiver opens a link (no account). Any malformed, truncated or unknown token gets the same
 * answer, so the API says nothing about what else exists. Each successful open takes one view in
 * one atomic statement; every refusal and open lands in the sharer's activity log.
 *
 * An address that keeps opening dead links (unknown, malformed, expired, revoked, locked) is
 * guessing or scanning: past `LIMITS.deadShareOpensPerIp` in the window it is refused every open
 * with 429 `rate_limited` until the window ends. A link that ran out of views is not counted: a
 * burst of opens at its limit is what a popular live link looks like.
 */
export async function openShare(deps: DomainDeps, context: RequestContext, input: { token: string; pin?: string; language: string }): Promise<OpenedShare> {
  const now = deps.clock.now();
  const limit = LIMITS.deadShareOpensPerIp;
  const deadKey = deadOpensKey(deps.masterKey, context.ip);
  const dead = await deps.repos.rateLimits.peek(deadKey, limit.windowMs, now);
  if (dead >= limit.max)
    throw new AppError('rate_limited', `Too many links that do not work were opened from your network. Try again in ${formatWait(limit.windowMs / 1000)}.`, {
      retryAfterSeconds: limit.windowMs / 1000,
    });
  const countDead = () => deps.repos.rateLimits.hit(deadKey, limit.windowMs, now);

  const share = isShareToken(input.token) ? await deps.repos.shares.findByTokenHash(shareTokenHash(input.token)) : undefined;
  if (!share) {
    await countDead();
    throw notFound();
  }
  const owner = await deps.repos.residents.findById(share.resident_id);
  const state = owner?.status === 'active' ? shareState(share, now) : 'revoked';
  if (state !== 'live') {
    if (state !== 'used_up') await countDead();
    return refuse(deps, share, context, state);
  }

  if (share.pin_hash !== null) {
    if (input.pin === undefined || input.pin === '') throw new AppError('share_pin_required', 'Enter the 6-digit PIN the sender gave you.');
    const given = /^\d{6}$/.test(input.pin) ? sharePinHash(deps.masterKey, share.id, input.pin) : '';
    if (!given || !equalHex(given, share.pin_hash)) {
      const failures = await deps.repos.shares.failPin(share.id, PIN_ATTEMPTS, now);
      await record(deps, share, 'share_refused', context, { reason: failures >= PIN_ATTEMPTS ? 'pin_wrong_locked' : 'pin_wrong' });
      if (failures >= PIN_ATTEMPTS) throw new AppError(REFUSALS.locked.code, REFUSALS.locked.message);
      throw new AppError('share_pin_wrong', 'That PIN is not right.', { attemptsLeft: PIN_ATTEMPTS - failures });
    }
  }

  const resolver = shareTargetResolver(share.target_kind);
  if (resolver.available) {
    try {
      await resolver.available(deps, share);
    } catch (err) {
      if (err instanceof AppError && err.code === 'share_file_removed') await record(deps, share, 'share_refused', context, { reason: 'file_removed' });
      throw err;
    }
  }

  // The view taken, its row and the owner's activity event commit together: one flush of the
  // database's log per open instead of three, and never a view counted without its record.
  const taken = await record(deps, share, 'share_opened', context, {}, async (repos) => {
    if (!(await repos.shares.takeView(share.id, now))) return false;
    await repos.shares.insertView({
      id: deps.ids.uuidv7(),
      share_id: share.id,
      at: now,
      device: context.device,
      ip_hmac: viewerAddressHmac(deps.masterKey, share.id, context.ip),
    });
    return true;
  });
  if (!taken) {
    const again = await deps.repos.shares.findByTokenHash(share.token_hash);
    const lost = again ? shareState(again, now) : 'revoked';
    return refuse(deps, share, context, lost === 'live' ? 'used_up' : lost);
  }
  const document = await resolver.present(deps, share, input.language);
  const allowDownload = share.allow_download === 1;
  const grant = makeViewGrant(deps.masterKey, share.id, Math.min(now + GRANT_MS, Number(share.expires_at)));
  return {
    share: {
      sharedBy: share.sharer_label,
      note: share.note,
      sharedAt: new Date(Number(share.created_at)).toISOString(),
      openedAt: new Date(now).toISOString(),
      expiresAt: new Date(Number(share.expires_at)).toISOString(),
      viewsLeft: share.max_views === null ? null : Math.max(0, share.max_views - share.views - 1),
      allowDownload,
    },
    document,
    downloadGrant: allowDownload ? grant : null,
    previewGrant: document.kind === 'uploaded' ? grant : null,
  };
}

/**
 * The file behind a link, for a viewer holding a grant from an open; a revoked link stops at once.
 * `inline` (the receiver page's preview of an uploaded file) does not need download permission.
 */
export async function downloadSharedFile(
  deps: DomainDeps,
  grant: string,
  format: SharedFileFormat,
  disposition: 'attachment' | 'inline' = 'attachment',
): Promise<SharedFile> {
  const now = deps.clock.now();
  const shareId = readViewGrant(deps.masterKey, grant, now);
  const share = shareId ? await deps.repos.shares.findById(shareId) : undefined;
  if (!share) throw notFound();
  const state = shareState(share, now);
  if (state !== 'live' && state !== 'used_up') throw new AppError(REFUSALS[state].code, REFUSALS[state].message);
  const preview = disposition === 'inline' && share.target_kind === 'uploaded';
  if (share.allow_download !== 1 && !preview) throw new AppError('forbidden', 'The person who shared this document did not allow downloading it.');
  return shareTargetResolver(share.target_kind).file(deps, share, format);
}

async function refuse(deps: DomainDeps, share: ShareRow, context: RequestContext, state: Exclude<ShareState, 'live'>): Promise<never> {
  await record(deps, share, 'share_refused', context, { reason: state });
  throw new AppError(REFUSALS[state].code, REFUSALS[state].message);
}

/**
 * Records an open or a refusal in the link owner's activity chain (in turn with other writes to
 * it, see inChainTransaction). `first` runs in the same transaction before the event; when it
 * answers false, nothing is recorded and record answers false.
 */
async function record(
  deps: DomainDeps,
  share: ShareRow,
  type: 'share_opened' | 'share_refused',
  context: RequestContext,
  details: Record<string, string>,
  first?: (repos: Repositories) => Promise<boolean>,
): Promise<boolean> {
  const entry = { shareId: share.id, document: share.title, device: context.device, ...details };
  return inChainTransaction(deps, share.resident_id, async (repos) => {
    if (first && !(await first(repos))) return false;
    await recordActivity({ clock: deps.clock, ids: deps.ids, repos }, share.resident_id, type, null, entry);
    return true;
  });
}
