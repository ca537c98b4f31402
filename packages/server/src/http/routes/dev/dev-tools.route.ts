import { Type } from 'typebox';
import { listSandboxResidents } from '../../../adapters/aadhaar/sandbox/index.js';
import { normaliseMobile } from '../../../domain/auth/mobile.js';
import { devSmsOutboxRepository } from '../../../repositories/dev-sms-outbox.repository.js';
import { base32Encode, TOTP_PERIOD_SECONDS, totpCode, totpStep } from '../../../crypto/totp.js';
import { AppError } from '../../../lib/errors.js';
import { DEMO_OPERATOR } from '../../../seed/demo-directory.js';
import { demoOperatorTotp } from '../../../seed/demo-operator-totp.js';
import { DEMO_RECORDS } from '../../../seed/demo-records.js';
import type { TypedApp } from '../../types.js';
import type { RouteContext } from '../route-context.js';

/**
 * DEVELOPMENT ONLY: the SMS outbox and the Aadhaar sandbox's demo residents, so a developer
 * can sign up without a phone. Not registered at all in production mode, and left out of the
 * published OpenAPI document.
 */
export function registerDevToolRoutes(app: TypedApp, { deps, config }: RouteContext): void {
  if (!config.devTools) return;
  const outbox = devSmsOutboxRepository(deps.db);

  if (config.sms.kind === 'outbox') {
    app.get(
      '/api/v1/dev/sms-outbox',
      {
        schema: {
          hide: true,
          querystring: Type.Object({
            to: Type.Optional(Type.String({ maxLength: 16 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
          }),
        },
      },
      async (request, reply) => {
        const rows = await outbox.list({ ...(request.query.to ? { to: normaliseMobile(request.query.to) } : {}), limit: request.query.limit ?? 50 });
        reply.header('cache-control', 'no-store');
        return { messages: rows.map((r) => ({ id: r.id, to: r.to_mobile, body: r.body, sentAt: new Date(r.sent_at).toISOString() })) };
      },
    );
  }

  app.get('/api/v1/dev/aadhaar-sandbox', { schema: { hide: true } }, async () => ({ residents: listSandboxResidents() }));

  // What each sandbox resident can pull from the demo issuers (only when the demo is seeded).
  if (config.seedDemo) {
    app.get('/api/v1/dev/demo-records', { schema: { hide: true } }, async () => ({
      records: DEMO_RECORDS.map((r) => ({
        aadhaarNumber: r.aadhaarNumber,
        name: r.holder.name,
        orgId: r.orgId,
        docType: r.docType,
        parameters: r.parameters,
        pushedByAadhaar: r.docType === 'PANCR',
      })),
    }));

    // The demo operator's second factor (operators must have one): its secret and current code,
    // while the account still uses the demo secret. Never an account's own secret.
    app.get('/api/v1/dev/demo-operator-totp', { schema: { hide: true } }, async (_request, reply) => {
      const secret = await demoOperatorTotp(deps, DEMO_OPERATOR.username);
      if (!secret) throw new AppError('not_found', 'The demo operator has no demo second factor (it set up its own, or the demo is not seeded).');
      const now = deps.clock.now();
      const step = totpStep(now);
      reply.header('cache-control', 'no-store');
      return {
        username: DEMO_OPERATOR.username,
        secret: base32Encode(secret),
        code: totpCode(secret, step),
        secondsLeft: Math.ceil(((step + 1) * TOTP_PERIOD_SECONDS * 1000 - now) / 1000),
      };
    });
  }
}
