import type { DomainDeps } from '../context.js';
import type { ResidentActor } from '../actors.js';
import { toInboxItem, type InboxItem } from './notify.js';

/** The actor's own inbox, newest first, in the language asked for (else the account's). */
export async function listNotifications(
  deps: DomainDeps,
  actor: ResidentActor,
  options: { limit: number; before?: string; language?: string },
): Promise<{ notifications: InboxItem[]; unread: number }> {
  const resident = await deps.repos.residents.findById(actor.residentId);
  const language = options.language ?? resident?.language ?? 'en';
  const rows = await deps.repos.notifications.list(actor.residentId, options.limit, options.before);
  return { notifications: rows.map((r) => toInboxItem(r, language)), unread: await deps.repos.notifications.countUnread(actor.residentId) };
}

export async function markNotificationsRead(deps: DomainDeps, actor: ResidentActor): Promise<{ marked: number }> {
  return { marked: await deps.repos.notifications.markAllRead(actor.residentId, deps.clock.now()) };
}
