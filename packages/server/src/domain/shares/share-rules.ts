import type { ShareRow } from '../../repositories/shares.repository.js';

export const HOUR_MS = 3_600_000;
export const DEFAULT_EXPIRY_HOURS = 24;
export const MAX_EXPIRY_HOURS = 30 * 24;
export const MAX_VIEWS_LIMIT = 1000;
/** Wrong PINs a link takes before it locks (for everyone; the resident's account is untouched). */
export const PIN_ATTEMPTS = 5;

export type ShareState = 'live' | 'expired' | 'revoked' | 'used_up' | 'locked';

export function shareState(share: Pick<ShareRow, 'revoked_at' | 'locked_at' | 'expires_at' | 'max_views' | 'views'>, now: number): ShareState {
  if (share.revoked_at !== null) return 'revoked';
  if (share.locked_at !== null) return 'locked';
  if (share.expires_at <= now) return 'expired';
  if (share.max_views !== null && share.views >= share.max_views) return 'used_up';
  return 'live';
}
