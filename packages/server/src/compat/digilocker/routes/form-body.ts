import type { FastifyInstance } from 'fastify';

/** The body's string fields only (JSON may carry numbers, arrays or objects: those count as absent). */
export function stringFields(body: unknown): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  if (body && typeof body === 'object' && !Array.isArray(body)) for (const [k, v] of Object.entries(body)) out[k] = typeof v === 'string' ? v : undefined;
  return out;
}

/** OAuth clients send form bodies; parsed into a plain object of strings (last value wins). */
export function formBodies(scope: FastifyInstance): void {
  scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
}
