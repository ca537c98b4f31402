import type { DomainDeps } from '../context.js';
import type { ShareRow, ShareViewRow } from '../../repositories/shares.repository.js';
import { shareState, type ShareState } from './share-rules.js';
import { openShareToken } from './share-secrets.js';

export interface ShareView {
  id: string;
  url: string;
  target: { kind: string; version: number; title: string };
  state: ShareState;
  note: string | null;
  allowDownload: boolean;
  sharerShown: string;
  sharerLabel: string;
  pinProtected: boolean;
  maxViews: number | null;
  viewCount: number;
  views: { at: string; device: string }[];
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
}

/** The link's owner's view of it (never shown to anyone else). */
export function shareView(deps: Pick<DomainDeps, 'masterKey' | 'publicUrl'>, row: ShareRow, views: ShareViewRow[], now: number): ShareView {
  return {
    id: row.id,
    url: `${deps.publicUrl}/s/${openShareToken(deps.masterKey, row.token_sealed)}`,
    target: { kind: row.target_kind, version: row.target_version, title: row.title },
    state: shareState(row, now),
    note: row.note,
    allowDownload: row.allow_download === 1,
    sharerShown: row.sharer_shown,
    sharerLabel: row.sharer_label,
    pinProtected: row.pin_hash !== null,
    maxViews: row.max_views,
    viewCount: Number(row.views),
    views: views.map((v) => ({ at: new Date(Number(v.at)).toISOString(), device: v.device })),
    createdAt: new Date(Number(row.created_at)).toISOString(),
    expiresAt: new Date(Number(row.expires_at)).toISOString(),
    revokedAt: row.revoked_at === null ? null : new Date(Number(row.revoked_at)).toISOString(),
  };
}
