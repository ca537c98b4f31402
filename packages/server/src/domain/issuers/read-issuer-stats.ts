import type { DomainDeps } from '../context.js';
import { assertActsFor, type DirectoryActor } from '../actors.js';
import { findIssuer } from './find-issuer.js';

export interface IssuerStats {
  /** Documents issued, by status. */
  documents: Record<string, number>;
  hostedRecords: number;
}

/** An issuer's own counts (its staff, its API keys, or an operator); another issuer's look missing. */
export async function readIssuerStats(deps: DomainDeps, actor: DirectoryActor, orgId: string): Promise<IssuerStats> {
  const issuer = await findIssuer(deps, orgId);
  assertActsFor(actor, issuer.id);
  const counts = await deps.repos.documents.countForIssuer(issuer.id);
  return { documents: Object.fromEntries(counts.map((c) => [c.status, c.n])), hostedRecords: await deps.repos.hostedRecords.count(issuer.id) };
}
