import { Type } from 'typebox';
import { listIssuerCredentials, revokeIssuerCredential, setCredentialLegacy } from '../../../domain/issuers/issuer-credentials.js';
import { requireDirectoryActor } from '../../directory-auth.js';
import { OrgId } from '../../schemas/directory.schema.js';
import { errorResponses } from '../../schemas/common.schema.js';
import type { TypedApp } from '../../types.js';
import type { RouteContext } from '../route-context.js';

const Credential = Type.Object({
  id: Type.String(),
  kind: Type.Union([Type.Literal('api_key'), Type.Literal('digilocker')]),
  clientId: Type.String(),
  label: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  createdBy: Type.Union([Type.String(), Type.Null()], { description: '"staff:<id>" or "api_key:<id>"' }),
  lastUsedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  legacyKeyhashOnly: Type.Boolean({
    description: 'DigiLocker clients: pushes accepted without x-digilocker-hmac (a captured message can be re-used with another body for 30 minutes)',
  }),
});
const credentialParams = Type.Object({ orgId: OrgId, id: Type.String({ minLength: 1, maxLength: 64 }) });

/** Listing and revoking an issuer's API keys and DigiLocker clients; the legacy (keyhash-only) mark. */
export function registerCredentialRoutes(app: TypedApp, { deps, config }: RouteContext): void {
  app.get(
    '/api/v1/issuers/:orgId/credentials',
    {
      schema: {
        tags: ['directory'],
        summary: 'The issuer’s API keys and DigiLocker clients: label, created by whom and when, last used, revoked (never a secret)',
        params: Type.Object({ orgId: OrgId }),
        response: { 200: Type.Object({ credentials: Type.Array(Credential) }), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => ({ credentials: await listIssuerCredentials(deps, await requireDirectoryActor(deps, config, request), request.params.orgId) }),
  );

  app.delete(
    '/api/v1/issuers/:orgId/credentials/:id',
    {
      schema: {
        tags: ['directory'],
        summary: 'Revoke an API key or DigiLocker client at once (operators and issuer console staff; not an API key)',
        params: credentialParams,
        response: { 200: Credential, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => revokeIssuerCredential(deps, await requireDirectoryActor(deps, config, request), request.params.orgId, request.params.id),
  );

  app.patch(
    '/api/v1/issuers/:orgId/credentials/:id',
    {
      schema: {
        tags: ['directory'],
        summary: 'Mark a DigiLocker client legacy (pushes accepted on keyhash alone, without x-digilocker-hmac) or not (operators)',
        params: credentialParams,
        body: Type.Object({ legacyKeyhashOnly: Type.Boolean() }, { additionalProperties: false }),
        response: { 200: Credential, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) =>
      setCredentialLegacy(deps, await requireDirectoryActor(deps, config, request), request.params.orgId, request.params.id, request.body.legacyKeyhashOnly),
  );
}
