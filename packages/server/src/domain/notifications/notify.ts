import type { DocumentRow } from '../../repositories/documents.repository.js';
import type { IssuerRow } from '../../repositories/issuers.repository.js';
import type { NotificationRow } from '../../repositories/notifications.repository.js';
import type { DomainDeps, Repositories } from '../context.js';
import { serverTexts, type NotificationKind } from '@tijori/texts';
import { pick, type LocalizedText } from '../issuers/localized.js';
import { localDeviceLabel } from '../sessions/device-label.js';
import type { NotificationParams } from './notification-params.js';

/**
 * Above this many notices in one call (bulk issuance, a chunk of a bulk status job), the inbox
 * is told but no SMS is sent: a resident holding 20 of a chunk's 2,000 documents gets 20 inbox
 * notices, not 20 messages, and the job does not wait on 2,000 gateway calls.
 */
export const SMS_PER_CALL_MAX = 100;

export interface Notice {
  residentId: string;
  kind: NotificationKind;
  params: NotificationParams;
  /**
   * The SMS goes out only the first time this key is claimed (durably, across processes): the
   * inbox gets every notice, the phone one message per key.
   */
  smsOnceKey?: string;
}

/**
 * The text of a notification in a language (English for one Tijori does not have); the
 * templates live in @tijori/texts, one file per language.
 */
export function renderNotification(kind: NotificationKind, params: NotificationParams, language: string): string {
  const texts = serverTexts(language);
  const time = params.at
    ? new Intl.DateTimeFormat(texts.locale, { timeZone: 'Asia/Kolkata', dateStyle: 'medium', timeStyle: 'short' }).format(new Date(params.at))
    : '';
  return texts.notifications[kind]({
    document: params.document ? pick(params.document, language) : '',
    issuer: params.issuer ? pick(params.issuer, language) : '',
    reason: params.reason ?? '',
    device: params.device ? localDeviceLabel(params.device, language) : '',
    time,
    count: params.count ?? 0,
    requester: params.requester ? pick(params.requester, language) : '',
    access: params.access ?? '',
    link: params.link ?? '',
  });
}

/**
 * Puts each notice in its resident's inbox and sends it by SMS (through the SMS adapter) in
 * the resident's language. An SMS that fails does not undo what happened: the inbox has it.
 */
export async function notify(deps: DomainDeps, notices: Notice[]): Promise<void> {
  await storeNotices(deps, notices);
  await smsNotices(deps, notices);
}

/** The inbox part of notify(): pass a transaction's repositories to store the notices with the change they tell of. */
export async function storeNotices(deps: Pick<DomainDeps, 'clock' | 'ids'> & { repos: Pick<Repositories, 'notifications'> }, notices: Notice[]): Promise<void> {
  if (notices.length === 0) return;
  const now = deps.clock.now();
  await deps.repos.notifications.insertMany(
    notices.map((n) => ({ id: deps.ids.uuidv7(), resident_id: n.residentId, kind: n.kind, params: n.params, created_at: now, read_at: null })),
  );
}

/**
 * Once-only keys this process knows are claimed (it sent for them, or found them claimed), per
 * database: a notice whose key is here skips the residents' look-up and the claim, a write.
 * A key is released only by the process whose send failed, which never puts it here.
 */
const knownClaimed = new WeakMap<object, Set<string>>();
const KNOWN_CLAIMED_MAX = 100_000;

/** The SMS part of notify(), for notices already in the inbox: none when there are more than SMS_PER_CALL_MAX of them. */
export async function smsNotices(deps: DomainDeps, allNotices: Notice[]): Promise<void> {
  if (allNotices.length > SMS_PER_CALL_MAX) return;
  let known = knownClaimed.get(deps.db);
  if (!known) knownClaimed.set(deps.db, (known = new Set()));
  const notices = allNotices.filter((n) => !n.smsOnceKey || !known.has(n.smsOnceKey));
  if (notices.length === 0) return;
  const now = deps.clock.now();
  const residentIds = [...new Set(notices.map((n) => n.residentId))];
  const residents = new Map((await deps.repos.residents.findContacts(residentIds)).map((r) => [r.id, r]));
  const remember = (key: string) => {
    if (known.size >= KNOWN_CLAIMED_MAX) known.clear();
    known.add(key);
  };
  for (const n of notices) {
    const r = residents.get(n.residentId);
    if (!r?.mobile) continue;
    if (n.smsOnceKey && !(await deps.repos.smsOnce.claim([n.smsOnceKey], now)).has(n.smsOnceKey)) {
      remember(n.smsOnceKey);
      continue;
    }
    try {
      await deps.sms.send(r.mobile, renderNotification(n.kind, n.params, r.language));
      if (n.smsOnceKey) remember(n.smsOnceKey);
    } catch {
      // The gateway is down: the notice waits in the inbox (and a once-only SMS may go next time).
      if (n.smsOnceKey) await deps.repos.smsOnce.release(n.smsOnceKey);
    }
  }
}

export interface InboxItem {
  id: string;
  kind: NotificationKind;
  text: string;
  uri: string | null;
  createdAt: string;
  read: boolean;
}

export function toInboxItem(row: NotificationRow, language: string): InboxItem {
  const { params } = row;
  return {
    id: row.id,
    kind: row.kind as NotificationKind,
    text: renderNotification(row.kind as NotificationKind, params, language),
    uri: params.uri ?? null,
    createdAt: new Date(row.created_at).toISOString(),
    read: row.read_at !== null,
  };
}

/** A document's type name and issuer name in every language, for a notice about it. */
export async function documentNames(
  deps: Pick<DomainDeps, 'repos'>,
  doc: DocumentRow,
  issuer: IssuerRow,
): Promise<{ document: LocalizedText; issuer: LocalizedText }> {
  const type = await deps.repos.issuers.findDocumentType(issuer.id, doc.doc_type);
  return { document: type ? type.names : { en: doc.doc_type }, issuer: issuer.names };
}
