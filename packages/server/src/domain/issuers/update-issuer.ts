import { AppError } from '../../lib/errors.js';
import type { DomainDeps } from '../context.js';
import { assertOperator, type DirectoryActor } from './actors.js';
import { toIssuerView, type IssuerView } from './issuer-views.js';
import type { LocalizedText } from './localized.js';

export interface UpdateIssuerInput {
  names?: LocalizedText;
  category?: string;
  state?: string | null;
  contactEmail?: string | null;
  contactPhone?: string | null;
  /** `suspended` stops the issuer's API keys, client credentials and pulls at once; documents it issued keep verifying. */
  status?: 'active' | 'suspended';
  pullMode?: 'none' | 'hosted' | 'remote';
  repositoryUrl?: string | null;
}

/** A repository URL must be http(s); where it may point (SSRF rules) is checked on every call. */
export function assertRepositoryUrl(url: string | null | undefined): void {
  if (url === null || url === undefined) return;
  let protocol = '';
  try {
    protocol = new URL(url).protocol;
  } catch {
    /* reported below */
  }
  if (protocol !== 'https:' && protocol !== 'http:') {
    throw new AppError('validation_failed', 'The repository URL must start with https:// (or http:// for an on-premise issuer).', { errors: [{ path: '/body/repositoryUrl', message: 'must be an http(s) URL' }] });
  }
}

/**
 * Changes an issuer's directory entry: names, contacts, suspension, how it is pulled from.
 * Operators only. The org id never changes: it is part of every URI the issuer has issued.
 */
export async function updateIssuer(deps: DomainDeps, actor: DirectoryActor, orgId: string, input: UpdateIssuerInput): Promise<IssuerView> {
  assertOperator(actor);
  const issuer = await deps.repos.issuers.findByOrgId(orgId);
  if (!issuer) throw new AppError('issuer_not_found', `No issuer with org id ${orgId} is registered.`);
  assertRepositoryUrl(input.repositoryUrl);
  const pullMode = input.pullMode ?? issuer.pull_mode;
  const repositoryUrl = input.repositoryUrl === undefined ? issuer.repository_url : input.repositoryUrl;
  if (pullMode === 'remote' && !repositoryUrl) {
    throw new AppError('validation_failed', 'A remote-pull issuer needs its repository URL.', { errors: [{ path: '/body/repositoryUrl', message: 'is required for remote pull' }] });
  }
  await deps.repos.issuers.update(issuer.id, {
    ...(input.names !== undefined ? { names: JSON.stringify(input.names) } : {}),
    ...(input.category !== undefined ? { category: input.category } : {}),
    ...(input.state !== undefined ? { state: input.state } : {}),
    ...(input.contactEmail !== undefined ? { contact_email: input.contactEmail } : {}),
    ...(input.contactPhone !== undefined ? { contact_phone: input.contactPhone } : {}),
    ...(input.status !== undefined ? { status: input.status } : {}),
    pull_mode: pullMode,
    repository_url: repositoryUrl,
    updated_at: deps.clock.now(),
  });
  return toIssuerView((await deps.repos.issuers.findById(issuer.id))!);
}

/** What an operator needs to change how an issuer is reached; not part of the public directory entry. */
export interface IssuerSettings {
  orgId: string;
  status: string;
  pullMode: string;
  /** The issuer's Pull URI endpoint (remote pull), or null. */
  repositoryUrl: string | null;
}

/** Operators only: the repository address stays out of the public directory. */
export async function getIssuerSettings(deps: DomainDeps, actor: DirectoryActor, orgId: string): Promise<IssuerSettings> {
  assertOperator(actor);
  const issuer = await deps.repos.issuers.findByOrgId(orgId);
  if (!issuer) throw new AppError('issuer_not_found', `No issuer with org id ${orgId} is registered.`);
  return { orgId: issuer.org_id, status: issuer.status, pullMode: issuer.pull_mode, repositoryUrl: issuer.repository_url };
}
