import type { DomainDeps } from '../context.js';

interface Entry {
  actor: { kind: string; id: string };
  issuerId: string | null;
}
/** An audit entry as an operator reads it: the issuer's org id and who acted, by name. */
export type Named<E extends Entry> = E & { orgId: string | null; actor: E['actor'] & { name: string | null } };

/**
 * Puts names on a page of audit entries: the issuer's org id, the console user's username, the
 * API key's label, the DigiLocker client's id or the requester's client id. The log itself keeps ids (names change; the
 * chain must not). A name that no longer resolves is null, never an error.
 */
export async function nameAuditEntries<E extends Entry>(deps: Pick<DomainDeps, 'repos'>, entries: E[]): Promise<Named<E>[]> {
  const orgIds = new Map<string, Promise<string | null>>();
  const names = new Map<string, Promise<string | null>>();
  const orgId = (issuerId: string) => {
    if (!orgIds.has(issuerId))
      orgIds.set(
        issuerId,
        deps.repos.issuers.findById(issuerId).then((i) => i?.org_id ?? null),
      );
    return orgIds.get(issuerId)!;
  };
  const actorName = (e: E): Promise<string | null> => {
    const key = `${e.actor.kind}:${e.actor.id}:${e.issuerId ?? ''}`;
    if (names.has(key)) return names.get(key)!;
    let name: Promise<string | null> = Promise.resolve(null);
    if (e.actor.kind === 'requester') name = deps.repos.requesters.findById(e.actor.id).then((r) => r?.client_id ?? null);
    else if (e.actor.kind === 'staff') name = deps.repos.staff.findById(e.actor.id).then((s) => s?.username ?? null);
    else if ((e.actor.kind === 'api_key' || e.actor.kind === 'digilocker') && e.issuerId) {
      const kind = e.actor.kind;
      name = deps.repos.issuers.findCredential(e.issuerId, e.actor.id).then((c) => (c ? (kind === 'api_key' ? c.label : c.client_id) : null));
    }
    names.set(key, name);
    return name;
  };
  return Promise.all(entries.map(async (e) => ({ ...e, orgId: e.issuerId ? await orgId(e.issuerId) : null, actor: { ...e.actor, name: await actorName(e) } })));
}
