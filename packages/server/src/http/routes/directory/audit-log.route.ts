import { Type } from 'typebox';
import { AUDIT_ACTIONS, listAudit, verifyAudit, SIGN_IN_FAILURE_REASONS } from '../../../domain/audit/audit-log.js';
import { requireDirectoryActor } from '../../directory-auth.js';
import { errorResponses } from '../../schemas/common.schema.js';
import type { TypedApp } from '../../types.js';
import type { RouteContext } from '../route-context.js';

const Entry = Type.Object({
  seq: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  actor: Type.Object({
    kind: Type.String({
      description:
        'staff, api_key, digilocker, requester (a requester’s meta call), system (Tijori itself: a resident’s pull, an issuer’s bulk job) or anonymous',
    }),
    id: Type.String(),
    name: Type.Union([Type.String(), Type.Null()], {
      description: 'The console username, API key label, DigiLocker client id or requester client id; null for system and anonymous, or when no longer there',
    }),
  }),
  issuerId: Type.Union([Type.String(), Type.Null()]),
  orgId: Type.Union([Type.String(), Type.Null()], { description: 'The issuer’s org id, when the action concerned an issuer' }),
  action: Type.String({ description: `What was done: ${AUDIT_ACTIONS.join(', ')}` }),
  target: Type.Union([Type.String(), Type.Null()]),
  details: Type.Record(Type.String(), Type.Unknown(), {
    description: `The action's non-secret particulars; a failed console sign-in's \`reason\` is one of ${SIGN_IN_FAILURE_REASONS.join(', ')}`,
  }),
  hash: Type.String(),
});

/** The operators' audit log: read a page, or recompute the whole hash chain. */
export function registerAuditLogRoutes(app: TypedApp, { deps, config }: RouteContext): void {
  app.get(
    '/api/v1/audit-log',
    {
      schema: {
        tags: ['directory'],
        summary: 'The audit log of staff, API key, DigiLocker client and requester meta-call actions, oldest first (operators)',
        querystring: Type.Object(
          { afterSeq: Type.Optional(Type.Integer({ minimum: 0 })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ entries: Type.Array(Entry) }), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => listAudit(deps, await requireDirectoryActor(deps, config, request), request.query.afterSeq ?? 0, request.query.limit ?? 100),
  );

  app.get(
    '/api/v1/audit-log/verify',
    {
      schema: {
        tags: ['directory'],
        summary: 'Recompute the audit log’s hash chain: valid, or the first broken entry (operators)',
        response: {
          200: Type.Object({ valid: Type.Boolean(), count: Type.Integer(), brokenAt: Type.Union([Type.Integer(), Type.Null()]), head: Type.String() }),
          ...errorResponses(401, 403),
        },
      },
    },
    async (request) => verifyAudit(deps, await requireDirectoryActor(deps, config, request)),
  );
}
