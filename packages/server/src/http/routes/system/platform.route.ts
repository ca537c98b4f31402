import { Type } from 'typebox';
import type { TypedApp } from '../../types.js';
import { readPlatformInfo } from '../../../domain/platform/read-platform-info.js';

export function registerPlatformRoutes(app: TypedApp, deps: Parameters<typeof readPlatformInfo>[0]): void {
  app.get(
    '/api/v1/platform',
    {
      schema: {
        tags: ['system'],
        summary: 'Which Tijori this is: version and database schema version',
        description: 'API clients can check compatibility here. Reads the database, so it fails with 503 `database_unavailable` when the database is down.',
        response: {
          200: Type.Object({
            name: Type.Literal('Tijori'),
            version: Type.String(),
            apiVersion: Type.Literal('v1'),
            schemaVersion: Type.String({ description: 'Name of the newest database migration applied.' }),
          }),
          503: { $ref: 'Problem#' },
        },
      },
    },
    async () => readPlatformInfo(deps),
  );
}
