import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { downloadSharedFile, openShare } from '../../../domain/shares/open-share.js';
import { errorResponses } from '../../schemas/common.schema.js';
import { requestContext } from '../../session-auth.js';
import type { TypedApp } from '../../types.js';
import type { RouteContext } from '../route-context.js';
import { contentDisposition, INLINE_CSP } from '../uploads/content-disposition.js';
import { OpenedShare, OpenShareBody } from './share.schema.js';

/** The receiver's side. The token travels in the body, so it never reaches an access log. */
export function registerPublicShareRoutes(app: TypedApp, { deps }: RouteContext): void {
  // The /s/<token> page and its API: never indexed, never cached, never leaking a referrer.
  app.addHook('onSend', async (request, reply) => {
    if (request.url.startsWith('/s/') || request.url.startsWith('/api/v1/public/shares')) {
      reply.header('x-robots-tag', 'noindex, nofollow');
      reply.header('referrer-policy', 'no-referrer');
      reply.header('cache-control', 'no-store');
    }
  });

  app.post(
    '/api/v1/public/shares/open',
    {
      schema: {
        tags: ['shares'],
        summary: 'Open a share link (no account): the document, who shared it, until when, and its live verification',
        description:
          'Takes one view. Errors: share_not_found (malformed, truncated or unknown link — the same answer for all), share_pin_required, share_pin_wrong (details.attemptsLeft), share_locked, share_expired, share_revoked, share_used_up, share_file_removed (a shared uploaded file was deleted), rate_limited (429: too many dead or unknown links opened from this address; Retry-After says when to try again).',
        body: OpenShareBody,
        response: { 200: OpenedShare, ...errorResponses(400, 401, 404, 410, 423, 429) },
      },
    },
    async (request) =>
      openShare(deps, requestContext(request), {
        token: request.body.token,
        ...(request.body.pin !== undefined ? { pin: request.body.pin } : {}),
        language: request.body.language ?? acceptLanguage(request),
      }),
  );

  app.post(
    '/api/v1/public/shares/download',
    {
      schema: {
        tags: ['shares'],
        summary:
          'Download the shared file, when the sharer allowed it: the PDF of the shared version (format view, the default) or its signed credential (format original); for an uploaded file, its bytes',
        body: Type.Object(
          {
            grant: Type.String({ maxLength: 300 }),
            format: Type.Optional(Type.Union([Type.Literal('view'), Type.Literal('original')], { default: 'view' })),
            disposition: Type.Optional(
              Type.Union([Type.Literal('attachment'), Type.Literal('inline')], {
                default: 'attachment',
                description: 'inline: the preview of a shared uploaded file (sandboxed); allowed with the previewGrant.',
              }),
            ),
          },
          { additionalProperties: false },
        ),
        produces: ['application/pdf', 'application/vc+jwt', 'image/jpeg', 'image/png'],
        response: { 200: Type.Unsafe<unknown>({ type: 'string', format: 'binary' }), ...errorResponses(400, 403, 404, 410, 423) },
      },
    },
    async (request, reply) => {
      const disposition = request.body.disposition ?? 'attachment';
      const file = await downloadSharedFile(deps, request.body.grant, request.body.format ?? 'view', disposition);
      if (disposition === 'inline') reply.header('content-security-policy', INLINE_CSP);
      return reply
        .type(file.mediaType)
        .header('content-length', file.size)
        .header('content-disposition', contentDisposition(disposition, file.filename))
        .header('x-content-type-options', 'nosniff')
        .header('cross-origin-resource-policy', 'same-origin')
        .send(file.body);
    },
  );
}

function acceptLanguage(request: FastifyRequest): string {
  const first = String(request.headers['accept-language'] ?? '')
    .split(',')[0]
    ?.trim()
    .slice(0, 2)
    .toLowerCase();
  return first && /^[a-z]{2}$/.test(first) ? first : 'en';
}
