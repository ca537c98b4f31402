import { Type } from 'typebox';
import { createStatusJob, STATUS_JOB_MAX_URIS } from '../../../domain/bulk/status-jobs.js';
import { requireDirectoryActor } from '../../directory-auth.js';
import { DocTypeCode, DocumentUri, IsoDate, OrgId } from '../../schemas/directory.schema.js';
import { errorResponses } from '../../schemas/common.schema.js';
import type { TypedApp } from '../../types.js';
import type { RouteContext } from '../route-context.js';
import { JobRef } from './bulk-jobs.route.js';

/** 200,000 URIs of up to ~60 characters as a JSON array, with room to spare. */
const STATUS_JOB_BODY_LIMIT = 16 * 1024 * 1024;

const Body = Type.Object(
  {
    status: Type.Union([Type.Literal('revoked'), Type.Literal('suspended')], {
      description: 'Revoked is final; a suspended document can be reinstated one by one.',
    }),
    reason: Type.String({ minLength: 1, maxLength: 500, description: 'Shown to the holders and to verifiers, for every document of the job.' }),
    uris: Type.Optional(
      Type.Array(DocumentUri, {
        minItems: 1,
        maxItems: STATUS_JOB_MAX_URIS,
        description: 'The documents, each once; with `filter`, those of them that match it.',
      }),
    ),
    filter: Type.Optional(
      Type.Object(
        {
          docType: DocTypeCode,
          issuedBefore: { ...IsoDate, description: 'Documents issued before this day (YYYY-MM-DD): made before the job, or, with `uris`, listed.' },
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

/** Bulk revocation and suspension: one job, progress and rejected rows through the bulk-job routes. */
export function registerStatusJobRoutes(app: TypedApp, { deps, config }: RouteContext, kick: () => void): void {
  app.post(
    '/api/v1/issuers/:orgId/status-jobs',
    {
      bodyLimit: STATUS_JOB_BODY_LIMIT,
      schema: {
        tags: ['issuance'],
        summary: 'Revoke or suspend many of the issuer’s documents in one job',
        description:
          'Give `uris` (up to 200,000, each once), `filter` (a document type and a date: every such document made before the job), or both: then only the listed documents that also match the filter are changed, and each listed one that does not is a rejected row (`not_matching_filter`). One reason for all. Stored durably before 202; a worker then changes the documents in chunks of 2,000, each chunk in one transaction with its status-list update, holders’ notices and audit entry, resumably. Poll `GET …/bulk-jobs/{id}`; rows not changed are listed at `…/bulk-jobs/{id}/rejections` with a code, and a `reason` whose key is the same code, with the row’s `uri` (and, for `not_matching_filter`, the filter’s `docType` and `issuedBefore`) as parameters to word it in the reader’s language: `not_issuer_document` (another issuer’s URI), `unknown_uri`, `not_matching_filter`, `already_revoked`, `already_suspended`, `changed_meanwhile`. Neither `uris` nor `filter`: 400 `validation_failed`. An `Idempotency-Key` header makes a retried request answer 200 with the job the first one made.',
        params: Type.Object({ orgId: OrgId }),
        headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_.:-]{1,100}$' })) }),
        body: Body,
        response: { 202: JobRef, 200: JobRef, ...errorResponses(400, 401, 403, 404, 409, 413) },
      },
    },
    async (request, reply) => {
      const actor = await requireDirectoryActor(deps, config, request);
      const key = request.headers['idempotency-key'];
      const { job, created } = await createStatusJob(deps, actor, request.params.orgId, { ...request.body, ...(key ? { requestKey: key } : {}) });
      if (created) kick();
      return reply.status(created ? 202 : 200).send(job);
    },
  );
}
