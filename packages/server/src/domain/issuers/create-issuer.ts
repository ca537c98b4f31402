import { generateSigningKey, type SigningAlg } from '../../crypto/signing-keys.js';
import { isUniqueViolation } from '../../db/db-errors.js';
import { AppError } from '../../lib/errors.js';
import type { DomainDeps } from '../context.js';
import { assertOperator, type DirectoryActor } from '../actors.js';
import { recordAudit } from '../audit/audit-log.js';
import { toIssuerView, type IssuerView } from './issuer-views.js';
import type { LocalizedText } from './localized.js';
import { assertEndpointUrl, endpointForAudit } from './update-issuer.js';
import { forgetDirectoryIndex } from './search-directory.js';

export const ORG_ID_PATTERN = '^[a-z][a-z0-9-]*(\\.[a-z0-9-]+)+$';

export interface CreateIssuerInput {
  orgId: string;
  names: LocalizedText;
  category: string;
  state?: string;
  contactEmail?: string;
  contactPhone?: string;
  pullMode?: 'none' | 'hosted' | 'remote';
  /** The issuer's Pull URI endpoint (remote pull). */
  endpointUrl?: string;
  signingAlg?: SigningAlg;
}

/** Registers an issuer in the directory, with its first signing key (audited). Operators only. */
export async function createIssuer(deps: DomainDeps, actor: DirectoryActor, input: CreateIssuerInput): Promise<IssuerView> {
  assertOperator(actor);
  assertEndpointUrl(input.endpointUrl);
  if (input.pullMode === 'remote' && !input.endpointUrl) {
    throw new AppError('validation_failed', 'A remote-pull issuer needs its Pull URI endpoint URL.', {
      errors: [{ path: '/body/endpointUrl', message: 'is required for remote pull' }],
    });
  }
  const now = deps.clock.now();
  const id = deps.ids.uuid();
  const key = generateSigningKey(deps.masterKey, input.signingAlg ?? 'EdDSA');
  try {
    await deps.transaction(async (repos) => {
      await repos.issuers.insert({
        id,
        org_id: input.orgId,
        names: input.names,
        category: input.category,
        state: input.state ?? null,
        contact_email: input.contactEmail ?? null,
        contact_phone: input.contactPhone ?? null,
        status: 'active',
        pull_mode: input.pullMode ?? 'none',
        repository_url: input.endpointUrl ?? null,
        created_at: now,
        updated_at: now,
      });
      await repos.issuers.insertSigningKey({
        kid: key.kid,
        issuer_id: id,
        alg: key.alg,
        public_jwk: key.publicJwk,
        private_sealed: key.privateSealed,
        status: 'active',
        created_at: now,
        retired_at: null,
      });
      await recordAudit({ ...deps, repos }, actor, 'issuer.registered', {
        issuerId: id,
        target: input.orgId,
        details: { category: input.category, pullMode: input.pullMode ?? 'none', endpointUrl: endpointForAudit(input.endpointUrl ?? null) },
      });
      // The issuer's first key is a key creation like a rotation's: who made it, with it.
      await recordAudit({ ...deps, repos }, actor, 'signing_key.created', { issuerId: id, target: key.kid, details: { alg: key.alg, orgId: input.orgId } });
    });
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw new AppError('conflict', `An issuer with org id ${input.orgId} is already registered.`, { errors: [{ path: '/body/orgId', message: 'is taken' }] });
    }
    throw err;
  }
  forgetDirectoryIndex(deps);
  return toIssuerView((await deps.repos.issuers.findById(id))!);
}
