import { authenticateIssuerMetaCall, pushUriToLocker } from '../../../domain/documents/push-uri-account.js';
import { AppError } from '../../../lib/errors.js';
import type { TypedApp } from '../../../http/types.js';
import type { RouteContext } from '../../../http/routes/route-context.js';
import { stringFields } from './form-body.js';

const TYPES = ['application/x-www-form-urlencoded', 'application/json'];

/** The form or JSON body's string fields; the exact bytes are kept for the body HMAC. */
function fieldsOf(raw: Buffer, contentType: string | undefined): Record<string, string | undefined> {
  if ((contentType ?? '').startsWith('application/json')) {
    try {
      return stringFields(JSON.parse(raw.toString('utf8')));
    } catch {
      throw new AppError('invalid_parameter', 'The body is not valid JSON.');
    }
  }
  return Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
}

/**
 * `POST /public/account/1/pushuri`: an issuer's DigiLocker client puts a URI into the Issued
 * documents of the resident with that locker id (meta call authentication, plus the body HMAC
 * header the Push URI protocol requires).
 */
export function registerPartnerPushUriRoutes(app: TypedApp, { deps }: RouteContext): void {
  void app.register(async (scope) => {
    scope.addContentTypeParser(TYPES, { parseAs: 'buffer', bodyLimit: 64 * 1024 }, (_request, body, done) => done(null, body));
    scope.post(
      '/public/account/1/pushuri',
      {
        schema: {
          tags: ['partner'],
          summary: "Push a URI into a resident's Issued documents by digilockerid (issuer client id + ts + HMAC)",
          description:
            'Form or JSON: `clientid` (an issuer DigiLocker client), `ts`, `hmac` = hex SHA-256(client_secret + clientid + ts), `digilockerid`, `uri`, `doctype`, `description`, `docid`, `issuedate`, `validfrom`, `validto` (DDMMYYYY), `action` A/U/D; header `x-digilocker-hmac` = Base64 HMAC-SHA256 of the body under the client secret (unless the client is marked legacy).',
          consumes: TYPES,
        },
      },
      async (request, reply) => {
        const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const fields = fieldsOf(raw, request.headers['content-type']);
        const header = request.headers['x-digilocker-hmac'];
        const { issuer, actor } = await authenticateIssuerMetaCall(
          deps,
          { clientid: fields.clientid, ts: fields.ts, hmac: fields.hmac },
          { body: raw, hmac: Array.isArray(header) ? '' : header },
        );
        const done = await pushUriToLocker(deps, issuer, actor, fields);
        return reply.header('cache-control', 'no-store').send({ status: 'success', ...done });
      },
    );
  });
}
