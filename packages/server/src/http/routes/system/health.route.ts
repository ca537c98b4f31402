import { Type } from 'typebox';
import type { Db } from '../../../db/create-db.js';
import { withTimeout } from '../../../db/create-db.js';
import type { BlobStore } from '../../../blobs/blob-store.js';
import { AppError } from '../../../lib/errors.js';
import type { TypedApp } from '../../types.js';

const Check = Type.Union([Type.Literal('ok'), Type.Literal('failing')]);

export function registerHealthRoutes(app: TypedApp, deps: { db: Db; blobs: BlobStore }): void {
  app.get(
    '/healthz',
    {
      logLevel: 'warn',
      schema: {
        tags: ['system'],
        summary: 'Liveness: the process is up and answering',
        response: { 200: Type.Object({ status: Type.Literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    {
      logLevel: 'warn',
      schema: {
        tags: ['system'],
        summary: 'Readiness: the database and the blob store answer',
        description: 'A load balancer should send traffic only while this answers 200.',
        response: {
          200: Type.Object({ status: Type.Literal('ready'), checks: Type.Object({ database: Check, blobStore: Check }) }),
          503: { $ref: 'Problem#' },
        },
      },
    },
    async (request) => {
      const [database, blobStore] = await Promise.all([
        deps.db.ping(2_000).then(
          () => 'ok' as const,
          (err: unknown) => {
            request.log.warn({ err }, 'readiness: database check failed');
            return 'failing' as const;
          },
        ),
        withTimeout(deps.blobs.check(), 2_000, 'blob store check timed out').then(
          () => 'ok' as const,
          (err: unknown) => {
            request.log.warn({ err }, 'readiness: blob store check failed');
            return 'failing' as const;
          },
        ),
      ]);
      if (database !== 'ok' || blobStore !== 'ok') {
        throw new AppError('not_ready', 'Not ready to serve traffic.', { checks: { database, blobStore }, retryAfterSeconds: 5 });
      }
      return { status: 'ready' as const, checks: { database, blobStore } };
    },
  );
}
