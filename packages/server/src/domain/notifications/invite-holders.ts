import type { DomainDeps } from '../context.js';
import type { LocalizedText } from '../issuers/localized.js';
import { renderNotification, SMS_PER_CALL_MAX } from './notify.js';

/** A document that waits for someone without a locker, and the mobile the issuer gave for them. */
export interface Invitation {
  /** The keyed hash the document waits under (of the Aadhaar number or the mobile): the holder. */
  holderLookup: string;
  mobile: string;
  /** Whether the document waits for an Aadhaar (link it) or for this mobile (sign up with it). */
  by: 'aadhaar' | 'mobile';
  /** The language the issuer gave for the holder; else English. */
  language: string | undefined;
  document: LocalizedText;
  issuer: LocalizedText;
  /** The document's URI: only documents actually stored invite. */
  uri: string;
}

/** Gateway calls in flight at once for one batch. */
const PARALLEL = 8;

/**
 * Sends each holder without a locker one invitation SMS, ever: the first document that waits
 * for them claims the holder's key (a keyed hash, so no number is kept in clear), and later
 * documents, repeated pushes and other server processes find it taken. A message the gateway
 * refuses gives the key back, so the next document tries again. Never names the Aadhaar number.
 * Like notify(), a call for more than SMS_PER_CALL_MAX holders (a bulk batch) sends none and
 * claims none: a million-row file must not become a million synchronous gateway calls (it made
 * bulk issuance five times slower); their next document issued in a smaller call invites them.
 */
export async function inviteHolders(deps: DomainDeps, invitations: Invitation[]): Promise<void> {
  if (invitations.length === 0) return;
  const first = new Map<string, Invitation>();
  for (const i of invitations) if (!first.has(i.holderLookup)) first.set(i.holderLookup, i);
  if (first.size > SMS_PER_CALL_MAX) return;
  const key = (lookup: string) => `invite:${lookup}`;
  const claimed = await deps.repos.smsOnce.claim([...first.keys()].map(key), deps.clock.now());
  const due = [...first.values()].filter((i) => claimed.has(key(i.holderLookup)));
  const link = `${deps.publicUrl.replace(/\/+$/, '')}/sign-up`;
  for (let start = 0; start < due.length; start += PARALLEL) {
    await Promise.all(
      due.slice(start, start + PARALLEL).map(async (i) => {
        const text = renderNotification(`invitation_${i.by}`, { document: i.document, issuer: i.issuer, link }, i.language ?? 'en');
        try {
          await deps.sms.send(i.mobile, text);
        } catch {
          await deps.repos.smsOnce.release(key(i.holderLookup));
        }
      }),
    );
  }
}
