import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { answerOcsp } from '../../../domain/signatures/answer-ocsp.js';
import { publishedCaFile, PUBLISHED_FILES, type PublishedFile } from '../../../domain/signatures/published-ca.js';
import { AppError } from '../../../lib/errors.js';
import { errorResponses } from '../../schemas/common.schema.js';
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

  registerOcspRoutes(app, deps);
}

const OCSP_REQUEST_MAX = 16 * 1024;
const OcspAnswer = { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'An OCSPResponse (DER), application/ocsp-response.' }) };

/**
 * OCSP (RFC 6960, appendix A): POST with the DER request as the body, or GET with it base64 in
 * the path. Every answer, a refusal included, is an OCSPResponse with HTTP 200, as clients expect.
 */
function registerOcspRoutes(app: TypedApp, deps: RouteContext['deps']): void {
  const send = async (reply: { type(t: string): unknown; header(k: string, v: string): unknown }, request: Buffer, cache: boolean) => {
    const answer = await answerOcsp(deps, request);
    reply.type('application/ocsp-response');
    // A GET answer may be cached by URL (RFC 5019 §5); a POST answer is not.
    reply.header('cache-control', cache ? 'public, max-age=300' : 'no-store');
    return answer;
  };
  void app.register(async (plugin) => {
    const scope = plugin.withTypeProvider<TypeBoxTypeProvider>();
    scope.addContentTypeParser('application/ocsp-request', { parseAs: 'buffer', bodyLimit: OCSP_REQUEST_MAX }, (_request, body, done) => done(null, body));
    scope.post(
      '/pki/ocsp',
      {
        schema: {
          tags: ['verification'],
          summary: 'OCSP responder of Tijori’s issuing CA (public, RFC 6960)',
          description:
            'Send an OCSPRequest (DER) with Content-Type application/ocsp-request. Named in the AIA extension of every certificate the issuing CA issues.',
          consumes: ['application/ocsp-request'],
          response: { ...OcspAnswer, ...errorResponses(400, 413, 415) },
        },
        bodyLimit: OCSP_REQUEST_MAX,
      },
      async (request, reply) => {
        if (!Buffer.isBuffer(request.body)) throw new AppError('unsupported_media_type', 'Send the OCSP request with Content-Type application/ocsp-request.');
        return send(reply, request.body, false);
      },
    );
  });
  app.get(
    '/pki/ocsp/*',
    {
      schema: {
        tags: ['verification'],
        summary: 'OCSP responder, GET form: the DER request base64-encoded (and URL-encoded) in the path',
        // A wildcard, not a named parameter: a request with a nonce is longer than the router's
        // 100-character limit on a parameter, and its base64 may hold '/'.
        params: Type.Object({ '*': Type.String({ maxLength: 4 * OCSP_REQUEST_MAX, description: 'The DER OCSPRequest, base64, URL-encoded.' }) }),
        response: { ...OcspAnswer, ...errorResponses(400) },
      },
    },
    async (request, reply) => send(reply, Buffer.from(pathDecoded(request.params['*']), 'base64'), true),
  );
}

/** The router has decoded the path once; a client that encoded '/' or '+' twice is decoded again. */
function pathDecoded(param: string): string {
  try {
    return decodeURIComponent(param);
  } catch {
    return param;
  }
}
