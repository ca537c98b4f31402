import { Type } from 'typebox';
import { publishedCaFile, PUBLISHED_FILES, type PublishedFile } from '../../../domain/signatures/published-ca.js';
import { AppError } from '../../../lib/errors.js';
import { errorResponses } from '../../schemas/residents.schema.js';
import type { TypedApp } from '../../types.js';
import type { RouteContext } from '../route-context.js';

export function registerPkiRoutes(app: TypedApp, { deps }: RouteContext): void {
  app.get(
    '/pki/:file',
    {
      schema: {
        tags: ['verification'],
        summary: 'Tijori CA’s published certificates and CRLs (public)',
        description:
          'The root certificate is all an offline verifier needs to check a signed PDF (`tijori-root-ca.cer` / `.pem`); the issuing CA and CRLs are named in every certificate Tijori issues.',
        params: Type.Object({ file: Type.String({ maxLength: 40, description: PUBLISHED_FILES.join(', ') }) }),
        response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }), ...errorResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const file = request.params.file as PublishedFile;
      if (!PUBLISHED_FILES.includes(file)) throw new AppError('not_found', `Tijori's CA publishes ${PUBLISHED_FILES.join(', ')}.`);
      const { body, mediaType } = await publishedCaFile(deps, file);
      const crl = file.endsWith('.crl');
      reply
        .type(mediaType)
        .header('cache-control', crl ? 'public, max-age=3600' : 'public, max-age=86400')
        .header('access-control-allow-origin', '*');
      return body;
    },
  );
}
