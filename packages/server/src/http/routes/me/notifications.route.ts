import { Type } from 'typebox';
import { listNotifications, markNotificationsRead } from '../../../domain/notifications/list-notifications.js';
import { errorResponses } from '../../schemas/common.schema.js';
import { Language } from '../../schemas/residents.schema.js';
import { requireResident } from '../../session-auth.js';
import type { TypedApp } from '../../types.js';
import type { RouteContext } from '../route-context.js';

const Item = Type.Object({
  id: Type.String(),
  kind: Type.String({ examples: ['document_issued', 'document_revoked', 'pull_arrived', 'new_sign_in', 'consent_used'] }),
  text: Type.String({ description: 'The same words as the SMS, in the language asked for.' }),
  uri: Type.Union([Type.String(), Type.Null()], { description: 'The document it is about, if any.' }),
  createdAt: Type.String({ format: 'date-time' }),
  read: Type.Boolean(),
});

export function registerNotificationRoutes(app: TypedApp, { deps, config }: RouteContext): void {
  app.get(
    '/api/v1/me/notifications',
    {
      schema: {
        tags: ['me'],
        summary:
          'Your inbox: documents issued, updated, suspended or revoked (with the reason), pending pulls that arrived, new sign-ins, consents used; newest first',
        querystring: Type.Object(
          {
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 30 })),
            before: Type.Optional(Type.String({ maxLength: 64, pattern: '^[0-9a-f-]+$', description: 'Id of the last item of the previous page.' })),
            language: Type.Optional(Language),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ notifications: Type.Array(Item), unread: Type.Integer() }), ...errorResponses(400, 401) },
      },
    },
    async (request) => {
      const { actor } = await requireResident(deps, config, request);
      const q = request.query;
      return listNotifications(deps, actor, {
        limit: q.limit ?? 30,
        ...(q.before ? { before: q.before } : {}),
        ...(q.language ? { language: q.language } : {}),
      });
    },
  );

  app.post(
    '/api/v1/me/notifications/read',
    { schema: { tags: ['me'], summary: 'Mark every notification read', response: { 200: Type.Object({ marked: Type.Integer() }), ...errorResponses(401) } } },
    async (request) => markNotificationsRead(deps, (await requireResident(deps, config, request)).actor),
  );
}
