import { AppError } from '../../lib/errors.js';
import { recordActivity } from '../activity/record-activity.js';
import { maskMobile } from '../auth/mobile.js';
import type { DomainDeps, RequestContext } from '../context.js';
import type { ResidentActor } from '../actors.js';
import { maskName } from '../documents/document-status.js';
import { DEFAULT_EXPIRY_HOURS, HOUR_MS, MAX_EXPIRY_HOURS, MAX_VIEWS_LIMIT } from './share-rules.js';
import { newShareToken, sealShareToken, sharePinHash, shareTokenHash } from './share-secrets.js';
import { shareTargetResolver, type ShareTargetInput } from './share-targets.js';
import { shareView, type ShareView } from './share-view.js';

export type SharerShown = 'masked' | 'full' | 'first';

export interface CreateShareInput {
  target: ShareTargetInput;
  expiresInHours?: number;
  maxViews?: number;
  pin?: string;
  note?: string;
  allowDownload?: boolean;
  sharerShown?: SharerShown;
}

/** Makes a link to one immutable version of one of the actor's documents. The token is returned once here. */
export async function createShare(
  deps: DomainDeps,
  actor: ResidentActor,
  context: RequestContext,
  input: CreateShareInput,
): Promise<ShareView & { token: string }> {
  const hours = input.expiresInHours ?? DEFAULT_EXPIRY_HOURS;
  if (!Number.isInteger(hours) || hours < 1 || hours > MAX_EXPIRY_HOURS) {
    throw new AppError('validation_failed', `A link lasts from 1 hour to ${MAX_EXPIRY_HOURS} hours (30 days).`, {
      errors: [{ path: '/body/expiresInHours', message: 'out of range' }],
    });
  }
  if (input.maxViews !== undefined && (!Number.isInteger(input.maxViews) || input.maxViews < 1 || input.maxViews > MAX_VIEWS_LIMIT)) {
    throw new AppError('validation_failed', `The view limit is from 1 to ${MAX_VIEWS_LIMIT}.`, {
      errors: [{ path: '/body/maxViews', message: 'out of range' }],
    });
  }
  if (input.pin !== undefined && !/^\d{6}$/.test(input.pin)) {
    throw new AppError('validation_failed', 'The PIN must be 6 digits.', { errors: [{ path: '/body/pin', message: 'must be 6 digits' }] });
  }
  const target = await shareTargetResolver(input.target.kind).pin(deps, actor, input.target);
  const resident = await deps.repos.residents.findById(actor.residentId);
  const shown = input.sharerShown ?? 'masked';
  const now = deps.clock.now();
  const id = deps.ids.uuidv7();
  const token = newShareToken();
  const row = {
    id,
    resident_id: actor.residentId,
    token_hash: shareTokenHash(token),
    token_sealed: sealShareToken(deps.masterKey, token),
    target_kind: target.kind,
    target_id: target.id,
    target_version: target.version,
    target_ref: target.ref,
    title: target.title,
    note: input.note?.trim() ? input.note.trim() : null,
    allow_download: input.allowDownload ? 1 : 0,
    sharer_shown: shown,
    sharer_label: sharerLabel(resident?.name ?? null, resident?.mobile ?? null, shown),
    pin_hash: input.pin ? sharePinHash(deps.masterKey, id, input.pin) : null,
    max_views: input.maxViews ?? null,
    expires_at: now + hours * HOUR_MS,
    created_at: now,
    revoked_at: null,
    locked_at: null,
  };
  await deps.repos.shares.insert(row);
  await recordActivity(deps, actor.residentId, 'share_created', context, {
    shareId: id,
    document: target.title,
    expiresAt: new Date(row.expires_at).toISOString(),
    pin: row.pin_hash !== null,
    maxViews: row.max_views,
  });
  return { ...shareView(deps, { ...row, views: 0, pin_failures: 0 }, [], now), token };
}

/** How the receiver sees who shared: chosen by the resident; without a linked name, the masked mobile. */
export function sharerLabel(name: string | null, mobile: string | null, shown: SharerShown): string {
  if (!name) return mobile ? maskMobile(mobile) : 'A Tijori resident';
  if (shown === 'full') return name;
  if (shown === 'first') return name.split(/\s+/)[0] ?? name;
  return maskName(name);
}
