import { Type } from 'typebox';
import { readStatistics, type PlatformStatistics as Statistics } from '../../../domain/statistics/read-statistics.js';
import { requireDirectoryActor } from '../../directory-auth.js';
import { errorResponses } from '../../schemas/common.schema.js';
import type { TypedApp } from '../../types.js';
import type { RouteContext } from '../route-context.js';

const Day = Type.String({ format: 'date', description: 'A date in India Standard Time.' });
const Count = Type.Integer({ minimum: 0 });
const When = Type.Union([Type.String({ format: 'date-time' }), Type.Null()]);

/** The health of one issuer's Pull URI endpoint (remote pull). */
const EndpointHealth = Type.Object({
  orgId: Type.String(),
  issuerName: Type.String(),
  lastSuccessAt: When,
  lastFailureAt: When,
  lastOutcome: Type.String(),
  calls: Count,
  failures: Count,
  errorRate: Type.Number({ minimum: 0, maximum: 1 }),
});

const PlatformStatistics = Type.Object({
  asOf: Type.String({
    format: 'date-time',
    description: 'When these figures were read. An answer is shared by the operators who ask within a few seconds, so it can be that old.',
  }),
  from: Day,
  to: Day,
  residents: Type.Object({
    perDay: Type.Array(Type.Object({ day: Day, signedUp: Count, aadhaarLinked: Count })),
    signedUp: Count,
    aadhaarLinked: Count,
  }),
  documents: Type.Object({
    perDay: Type.Array(Type.Object({ day: Day, issued: Count })),
    issued: Count,
    byIssuerAndType: Type.Array(Type.Object({ orgId: Type.String(), issuerName: Type.String(), docType: Type.String(), issued: Count })),
  }),
  pulls: Type.Object({
    byIssuer: Type.Array(Type.Object({ orgId: Type.String(), issuerName: Type.String(), issued: Count, pending: Count, failed: Count })),
  }),
  verifications: Type.Object({
    perDay: Type.Array(Type.Object({ day: Day, genuine: Count, tampered: Count, unknown: Count })),
    genuine: Count,
    tampered: Count,
    unknown: Count,
  }),
  bulkJobs: Type.Array(
    Type.Object({
      id: Type.String(),
      orgId: Type.String(),
      status: Type.String(),
      rowsDone: Count,
      rowsOk: Count,
      rowsFailed: Count,
      rowsPerSecond: Type.Number({ minimum: 0 }),
      percentDone: Type.Integer({ minimum: 0, maximum: 100 }),
      createdAt: Type.String({ format: 'date-time' }),
      finishedAt: When,
    }),
  ),
  issuerEndpoints: Type.Array(EndpointHealth),
  repositories: Type.Array(EndpointHealth, { deprecated: true, description: 'The same list as `issuerEndpoints` (its former name); deprecated.' }),
});

/**
 * A shared answer (readStatistics gives the same one for a few seconds) is serialized and
 * encoded once: sending the same bytes again allocates nothing per request (an 85 KB string
 * would be encoded into a fresh buffer every time).
 */
const serialized = new WeakMap<Statistics, Buffer>();

export function registerStatisticsRoutes(app: TypedApp, { deps, config }: RouteContext): void {
  app.get(
    '/api/v1/operator/statistics',
    {
      schema: {
        tags: ['console'],
        summary: 'Platform statistics for the operator’s dashboard (operators only)',
        description:
          'Per day (India Standard Time) over the last `days` days: residents signed up and Aadhaar-linked, documents issued (per issuer and type), pulls per issuer, verifications per verdict; bulk jobs with their speed; the health of each issuer’s Pull URI endpoint (`issuerEndpoints`; `repositories` is its deprecated former name). Read from counters kept as events happen, never by counting documents; `asOf` says when (an answer is shared for a few seconds).',
        querystring: Type.Object(
          {
            days: Type.Optional(Type.Integer({ minimum: 1, maximum: 90, default: 30 })),
            language: Type.Optional(Type.String({ maxLength: 5 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: PlatformStatistics, ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      const actor = await requireDirectoryActor(deps, config, request);
      const stats = await readStatistics(deps, actor, {
        days: request.query.days ?? 30,
        ...(request.query.language ? { language: request.query.language } : {}),
      });
      let body = serialized.get(stats);
      if (body === undefined) serialized.set(stats, (body = Buffer.from(reply.serialize({ ...stats, repositories: stats.issuerEndpoints }) as string)));
      // Serialized through the response schema already: Fastify sends the bytes as they are.
      return reply.type('application/json; charset=utf-8').send(body as never);
    },
  );
}
