import type { FastifyReply } from 'fastify';
import { parsePushCsvRequest, parsePushUriRequest, buildPushCsvResponse, buildPushUriResponse } from '../xml/push-uri.js';
import type { PushUriRecord } from '../xml/push-record.js';
import { applyPushRecords, authenticatePushMessage } from '../../../domain/documents/push-uri-records.js';
import { AppError, ERROR_STATUS, isAppError } from '../../../lib/errors.js';
import type { TypedApp } from '../../../http/types.js';
import type { RouteContext } from '../../../http/routes/route-context.js';

const XML_TYPES = ['application/xml', 'text/xml'];

const PUSH_MESSAGES = {
  issued: 'URI added',
  held: 'URI added',
  exists: 'Accepted (already present)',
  awaited: 'URI accepted; its content is awaited from the issuer',
} as const;

/** The `x-digilocker-hmac` header, or undefined when absent (a repeated header counts as wrong, not absent). */
function hmacHeader(headers: Record<string, string | string[] | undefined>): string | undefined {
  const v = headers['x-digilocker-hmac'];
  return Array.isArray(v) ? '' : v;
}

/**
 * The DigiLocker issuer protocols, for issuers whose systems already speak them: PushUriRequest
 * (one URI) and PushCSVRequest (base64 CSV), authenticated by orgId + keyhash and the x-digilocker-hmac header over the
 * exact body (single-use txn), answered in
 * their XML shape (ResponseStatus 1 / 0 with a message). Same use-cases as the native API.
 */
export function registerPushUriRoutes(app: TypedApp, { deps }: RouteContext): void {
  void app.register(async (scope) => {
    scope.addContentTypeParser(XML_TYPES, { parseAs: 'buffer', bodyLimit: 25 * 1024 * 1024 }, (_request, body, done) => done(null, body));
    const xmlError = (reply: FastifyReply, err: unknown, csv: boolean) => {
      const e = isAppError(err) ? err : new AppError('internal_error', 'The request could not be processed.');
      if (!isAppError(err)) reply.log.error({ err }, 'push request failed');
      const body = { status: 0 as const, message: e.status >= 500 ? 'The request could not be processed; try again later.' : e.message };
      return reply
        .status(ERROR_STATUS[e.code])
        .type('application/xml')
        .send(csv ? buildPushCsvResponse(body) : buildPushUriResponse(body));
    };

    scope.post(
      '/public/issuer/api/issuedoc/1/xml',
      {
        schema: { tags: ['compat'], summary: 'DigiLocker PushUriRequest: add (A), update (U) or delete (D) one issued document URI', consumes: XML_TYPES },
        bodyLimit: 1024 * 1024,
      },
      async (request, reply) => {
        try {
          if (!Buffer.isBuffer(request.body)) throw new AppError('unsupported_media_type', 'Send the PushUriRequest as application/xml.');
          const message = parsePushUriRequest(request.body);
          const { issuer, actor } = await authenticatePushMessage(deps, message, { body: request.body, hmac: hmacHeader(request.headers) });
          const [outcome] = await applyPushRecords(deps, issuer, actor, [message.record]);
          const ok = outcome?.ok === true;
          return reply
            .status(ok ? 200 : 400)
            .type('application/xml')
            .send(
              buildPushUriResponse({
                status: ok ? 1 : 0,
                message: ok ? `${PUSH_MESSAGES[outcome.outcome]}: ${outcome.uri}` : (outcome as { message: string }).message,
                txn: message.txn,
              }),
            );
        } catch (err) {
          return xmlError(reply, err, false);
        }
      },
    );

    scope.post(
      '/public/issuer/api/csvupload/1/xml',
      { schema: { tags: ['compat'], summary: 'DigiLocker PushCSVRequest: many URIs as a base64 CSV', consumes: XML_TYPES }, bodyLimit: 25 * 1024 * 1024 },
      async (request, reply) => {
        try {
          if (!Buffer.isBuffer(request.body)) throw new AppError('unsupported_media_type', 'Send the PushCSVRequest as application/xml.');
          const message = parsePushCsvRequest(request.body);
          const { issuer, actor } = await authenticatePushMessage(deps, message, { body: request.body, hmac: hmacHeader(request.headers) });
          const rowErrors: { row: number; errors: { path: string; message: string }[] }[] = [];
          let accepted = 0;
          let batch: { row: number; record: PushUriRecord }[] = [];
          const flush = async () => {
            const outcomes = await applyPushRecords(
              deps,
              issuer,
              actor,
              batch.map((b) => b.record),
            );
            outcomes.forEach((o, i) => (o.ok ? accepted++ : rowErrors.push({ row: batch[i]!.row, errors: [{ path: '/', message: o.message }] })));
            batch = [];
          };
          for await (const row of message.rows()) {
            if (!row.ok) rowErrors.push({ row: row.row, errors: row.errors });
            else batch.push({ row: row.row, record: row.record });
            if (batch.length >= 1000) await flush();
          }
          if (batch.length > 0) await flush();
          const status = accepted > 0 || rowErrors.length === 0 ? 1 : 0;
          return reply
            .status(200)
            .type('application/xml')
            .send(buildPushCsvResponse({ status, message: `${accepted} accepted, ${rowErrors.length} rejected`, txn: message.txn, rowErrors }));
        } catch (err) {
          return xmlError(reply, err, true);
        }
      },
    );
  });
}
