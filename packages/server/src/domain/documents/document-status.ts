import type { DocumentStatus } from '../../db/schema.js';

export type EffectiveStatus = DocumentStatus | 'expired';

/** What a verifier should be told now: a valid-to date in the past makes an active document expired. */
export function effectiveStatus(status: DocumentStatus, validTo: string | null, now: number): EffectiveStatus {
  if (status === 'active' && validTo !== null && validTo < new Date(now).toISOString().slice(0, 10)) return 'expired';
  return status;
}

/** "Anjali Mishra" → "A***** M*****": enough to recognise, not enough to learn a name. */
export function maskName(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => {
      const chars = [...w];
      return chars[0] + '*'.repeat(Math.max(1, chars.length - 1));
    })
    .join(' ');
}
