import type { Readable } from 'node:stream';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { BULK_MAX_BYTES, createBulkJob, getBulkJob, listBulkJobs, listRejections } from '../../../domain/bulk/bulk-jobs.js';
import { REJECTION_KEYS } from '../../../domain/documents/issue-documents.js';
import { AppError } from '../../../lib/errors.js';
import { requireDirectoryActor } from '../../directory-auth.js';
import { OrgId } from '../../schemas/directory.schema.js';
import { errorResponses, refTo } from '../../schemas/common.schema.js';
import type { TypedApp } from '../../types.js';
import type { RouteContext } from '../route-context.js';

const Rejection = Type.Object({
  row: Type.Integer(),
  code: Type.String(),
  message: Type.String({ description: 'Why, in English.' }),
  reason: Type.Optional(
    Type.Object(
      {
        key: Type.Enum(REJECTION_KEYS, { description: 'Why, as a fixed key to word in the reader’s language.' }),
        params: Type.Optional(
          Type.Record(Type.String(), Type.String(), {
            description: 'What the wording names: `field`, `char` (U+XXXX), `docType`, `languages`, or `detail` (the file reader’s own English words).',
          }),
        ),
      },
      { description: 'Absent on rows rejected before reasons were kept.' },
    ),
  ),
});

const Job = Type.Object(
  {
    id: Type.String(),
    orgId: Type.String(),
    kind: Type.Union([Type.Literal('issue'), Type.Literal('status')], {
      description: '`issue`: a file of documents; `status`: revoke or suspend many documents.',
    }),
    format: Type.String({ description: 'Issuance: `csv` or `ndjson`. A status job: `uri-list` or `filter`.' }),
    change: Type.Optional(
      Type.Object({
        status: Type.Union([Type.Literal('revoked'), Type.Literal('suspended')]),
        reason: Type.Union([Type.String(), Type.Null()]),
        filter: Type.Optional(Type.Object({ docType: Type.String(), issuedBefore: Type.String() })),
      }),
    ),
    status: Type.Union([Type.Literal('queued'), Type.Literal('running'), Type.Literal('done'), Type.Literal('failed')]),
    sourceBytes: Type.Integer(),
    bytesDone: Type.Integer(),
    rowsDone: Type.Integer(),
    rowsOk: Type.Integer(),
    rowsFailed: Type.Integer(),
    error: Type.Union([Type.String(), Type.Null()]),
    createdAt: Type.String({ format: 'date-time' }),
    finishedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    rowsPerSecond: Type.Union([Type.Integer(), Type.Null()]),
  },
  { $id: 'BulkJob' },
);

export const BULK_SCHEMAS = [Job];
export const JobRef = refTo(Job);

/** `kick` wakes this process's worker so a new job starts at once. */
export function registerBulkJobRoutes(app: TypedApp, { deps, config }: RouteContext, kick: () => void): void {
  // Bulk files are streamed straight to the blob store, never parsed or buffered here.
  void app.register(async (plugin) => {
    const scope = plugin.withTypeProvider<TypeBoxTypeProvider>();
    scope.addContentTypeParser(['text/csv', 'application/x-ndjson'], (request, payload, done) => {
      // A declared size over the limit is refused before a byte of the body is read.
      if (Number(request.headers['content-length'] ?? 0) > BULK_MAX_BYTES) {
        done(new AppError('payload_too_large', `Bulk files are at most ${BULK_MAX_BYTES / 1024 ** 3} GB.`), undefined);
        return;
      }
      done(null, payload);
    });
    scope.post(
      '/api/v1/issuers/:orgId/bulk-jobs',
      {
        schema: {
          tags: ['issuance'],
          summary: 'Issue many documents from a CSV or NDJSON file (up to 2 GB, millions of rows)',
          description:
            'Send the file as the raw body with Content-Type text/csv or application/x-ndjson. It is stored durably before 202; a worker issues the rows in batches, resumably, idempotent per (issuer, doc type, doc id). Poll the job for progress; rejected rows are listed with their row number and reason.',
          params: Type.Object({ orgId: OrgId }),
          consumes: ['text/csv', 'application/x-ndjson'],
          response: { 202: JobRef, ...errorResponses(400, 401, 403, 404, 413, 415) },
        },
      },
      async (request, reply) => {
        const actor = await requireDirectoryActor(deps, config, request);
        const type = String(request.headers['content-type'] ?? '')
          .split(';')[0]!
          .trim();
        if (type !== 'text/csv' && type !== 'application/x-ndjson') throw new AppError('unsupported_media_type', 'Send text/csv or application/x-ndjson.');
        const job = await createBulkJob(deps, actor, request.params.orgId, type === 'text/csv' ? 'csv' : 'ndjson', request.body as Readable);
        kick();
        return reply.status(202).send(job);
      },
    );
  });

  app.get(
    '/api/v1/issuers/:orgId/bulk-jobs',
    {
      schema: {
        tags: ['issuance'],
        summary: 'Recent bulk jobs',
        params: Type.Object({ orgId: OrgId }),
        response: { 200: Type.Object({ jobs: Type.Array(JobRef) }), ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => ({ jobs: await listBulkJobs(deps, await requireDirectoryActor(deps, config, request), request.params.orgId) }),
  );

  app.get(
    '/api/v1/issuers/:orgId/bulk-jobs/:jobId',
    {
      schema: {
        tags: ['issuance'],
        summary: 'Progress of a bulk job',
        params: Type.Object({ orgId: OrgId, jobId: Type.String({ format: 'uuid' }) }),
        response: { 200: JobRef, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => getBulkJob(deps, await requireDirectoryActor(deps, config, request), request.params.orgId, request.params.jobId),
  );

  app.get(
    '/api/v1/issuers/:orgId/bulk-jobs/:jobId/rejections',
    {
      schema: {
        tags: ['issuance'],
        summary: 'Rows a bulk job rejected, with reasons',
        params: Type.Object({ orgId: OrgId, jobId: Type.String({ format: 'uuid' }) }),
        querystring: Type.Object(
          { after: Type.Optional(Type.Integer({ minimum: 0 })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ rejections: Type.Array(Rejection) }),
          ...errorResponses(400, 401, 403, 404),
        },
      },
    },
    async (request) => ({
      rejections: await listRejections(
        deps,
        await requireDirectoryActor(deps, config, request),
        request.params.orgId,
        request.params.jobId,
        request.query.after ?? 0,
        request.query.limit ?? 100,
      ),
    }),
  );
}
