import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isDatabaseUnavailable, isStorageFull } from '../db/db-errors.js';
import { scrubText } from './logger.js';
import { AppError, ERROR_STATUS, type ErrorCode, type FieldError } from '../lib/errors.js';
import { BlobCorruptError } from '../blobs/envelope.js';
import { contentUnreadable } from '../domain/blobs/read-blob.js';

/** The DigiLocker-compatible surface answers in its own error shape. */
export const COMPAT_PREFIX = '/public';

const TITLES: Partial<Record<ErrorCode, string>> = {
  validation_failed: 'The request is not valid',
  invalid_json: 'The body is not valid JSON',
  route_not_found: 'No such endpoint',
  payload_too_large: 'The request body is too large',
  unsupported_media_type: 'This content type is not accepted here',
  database_unavailable: 'The database is not available',
  blob_store_unavailable: 'The document store is not available',
  content_unreadable: 'This file cannot be read right now',
  internal_error: 'Something went wrong on our side',
};

/**
 * One translation from anything thrown to a response. 5xx details never leave the server;
 * they are logged with the request id, which the client gets to quote.
 */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const fe = err as FastifyError & { validationContext?: string };
  if (fe?.validation) {
    const errors: FieldError[] = fe.validation.map((v) => ({
      path: fieldPath(fe.validationContext, v.instancePath, v.params as Record<string, unknown>),
      message: v.message ?? 'is not valid',
    }));
    const first = errors[0];
    return new AppError('validation_failed', first ? `${first.path} ${first.message}` : 'The request is not valid.', { errors });
  }
  switch (fe?.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('payload_too_large', 'The request body is larger than this endpoint accepts.');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('unsupported_media_type', 'This endpoint does not accept that Content-Type.');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new AppError('invalid_json', 'The body is not valid JSON.');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('invalid_json', 'The body is empty but Content-Type says JSON.');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError('bad_request', 'Content-Length does not match the body.');
  }
  if (err instanceof SyntaxError && fe.statusCode === 400) {
    return new AppError('invalid_json', `The body is not valid JSON: ${err.message}`);
  }
  if (isDatabaseUnavailable(err)) {
    return new AppError('database_unavailable', 'The database is not answering right now; try again in a moment.', { retryAfterSeconds: 5 }, { cause: err });
  }
  if (err instanceof BlobCorruptError) return contentUnreadable(err);
  if (isStorageFull(err)) {
    return new AppError('storage_full', 'Storage is full; nothing was saved. Try again later.', undefined, { cause: err });
  }
  if (typeof fe?.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return new AppError(fe.statusCode === 413 ? 'payload_too_large' : fe.statusCode === 415 ? 'unsupported_media_type' : 'bad_request', fe.message);
  }
  return new AppError('internal_error', 'An unexpected error happened. Quote the request id if you report it.', undefined, { cause: err });
}

function fieldPath(context: string | undefined, instancePath: string, params: Record<string, unknown>): string {
  const base = `/${context ?? 'body'}${instancePath}`;
  const missing = params?.missingProperty ?? params?.additionalProperty;
  return typeof missing === 'string' ? `${base}/${missing}` : base;
}

export function sendError(err: AppError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const status = ERROR_STATUS[err.code];
  if (err.details?.retryAfterSeconds !== undefined) reply.header('retry-after', String(err.details.retryAfterSeconds));
  if (request.url.startsWith(COMPAT_PREFIX + '/') || request.url === COMPAT_PREFIX) {
    return reply
      .status(status)
      .type('application/json; charset=utf-8')
      .send({
        error: compatCode(err),
        error_description: err.message,
      });
  }
  const { errors, retryAfterSeconds: _retry, ...rest } = err.details ?? {};
  return reply
    .status(status)
    .type('application/problem+json; charset=utf-8')
    .send({
      type: `https://tijori.dev/problems/${err.code}`,
      title: TITLES[err.code] ?? err.code.replaceAll('_', ' '),
      status,
      code: err.code,
      detail: err.message,
      requestId: request.id,
      ...(errors ? { errors } : {}),
      ...rest,
    });
}

/** DigiLocker's own codes for our generic ones, where the reference names one. */
function compatCode(err: AppError): string {
  switch (err.code) {
    case 'validation_failed':
    case 'invalid_json':
    case 'bad_request':
      return 'invalid_parameter';
    case 'unauthorized':
      return 'invalid_token';
    case 'route_not_found':
    case 'not_found':
      return 'invalid_request';
    case 'internal_error':
      return 'unexpected_error';
    case 'database_unavailable':
    case 'blob_store_unavailable':
    case 'storage_busy':
    case 'content_unreadable':
    case 'not_ready':
      return 'service_unavailable';
    default:
      return err.code;
  }
}

export function registerErrorHandling(app: FastifyInstance, pageFallback?: (request: FastifyRequest, reply: FastifyReply) => FastifyReply | null): void {
  app.setErrorHandler((error, request, reply) => {
    // A client that hangs up mid-body makes the body stream fail (ECONNRESET "aborted"): its
    // doing, not an outage, whatever code the error carries.
    const appError =
      request.raw.readableAborted || request.raw.aborted
        ? new AppError('client_aborted', 'The client closed the connection before the request was complete.')
        : toAppError(error);
    const status = ERROR_STATUS[appError.code];
    if (status >= 500) request.log.error({ err: appError.cause ?? error, code: appError.code }, 'request failed');
    else request.log.info({ code: appError.code }, appError.code === 'client_aborted' ? 'client aborted the request' : 'request rejected');
    return sendError(appError, request, reply);
  });
  app.setNotFoundHandler(
    (request, reply) =>
      pageFallback?.(request, reply) ??
      sendError(new AppError('route_not_found', `There is no ${request.method} ${scrubText(request.url.split('?')[0] ?? '')} endpoint.`), request, reply),
  );
}
