import type { DomainDeps } from '../context.js';

/**
 * Documents just issued into lockers: a pull that this issuer answered "pending" for the same
 * resident and document type has now arrived (the issuer pushed the record later, as its
 * endpoint promised). Those pull requests are marked issued with the document's URI; answers
 * the URIs that completed one, so the resident is told "the document you asked for has arrived".
 */
export async function completePendingPulls(
  deps: Pick<DomainDeps, 'repos' | 'clock'>,
  issuerId: string,
  docs: { uri: string; resident_id?: string | null; doc_type: string }[],
): Promise<Set<string>> {
  const arrived = new Set<string>();
  const held = docs.filter((d): d is typeof d & { resident_id: string } => typeof d.resident_id === 'string');
  if (held.length === 0) return arrived;
  const pending = await deps.repos.pullRequests.listPending(issuerId, [...new Set(held.map((d) => d.resident_id))]);
  if (pending.length === 0) return arrived;
  const now = deps.clock.now();
  for (const doc of held) {
    const ids = pending.filter((p) => p.resident_id === doc.resident_id && p.doc_type === doc.doc_type).map((p) => p.id);
    if (ids.length > 0 && (await deps.repos.pullRequests.complete(ids, doc.uri, now)) > 0) arrived.add(doc.uri);
  }
  return arrived;
}
