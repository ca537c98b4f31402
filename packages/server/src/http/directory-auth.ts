import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config/config.js';
import type { DomainDeps } from '../domain/context.js';
import type { DirectoryActor } from '../domain/issuers/actors.js';
import { authenticateIssuerApiKey } from '../domain/issuers/issuer-credentials.js';
import { authenticateStaff } from '../domain/staff/staff-accounts.js';
import { AppError } from '../lib/errors.js';
import { assertSameOrigin } from './session-auth.js';

export function staffCookieName(config: Pick<Config, 'publicUrl'>): string {
  return config.publicUrl.startsWith('https:') ? '__Host-tijori_staff' : 'tijori_staff';
}

/**
 * An issuer system (API key `tjk_…` as a bearer token) or a console user (staff session, as
 * a bearer token or the console cookie). Cookie use is checked for same origin on writes.
 */
export async function requireDirectoryActor(deps: DomainDeps, config: Pick<Config, 'publicUrl'>, request: FastifyRequest): Promise<DirectoryActor & { sessionId?: string }> {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const m = /^Bearer ([A-Za-z0-9_.-]{20,200})$/.exec(header);
    if (!m) throw new AppError('unauthenticated', 'The Authorization header must be "Bearer <API key or console token>".');
    return m[1]!.startsWith('tjk_') ? authenticateIssuerApiKey(deps, m[1]!) : authenticateStaff(deps, m[1]!);
  }
  const cookie = request.cookies[staffCookieName(config)];
  if (!cookie) throw new AppError('unauthenticated', 'Sign in to the console, or send an API key.');
  if (request.method !== 'GET' && request.method !== 'HEAD') assertSameOrigin(request);
  return authenticateStaff(deps, cookie);
}

export function setStaffCookie(reply: FastifyReply, config: Pick<Config, 'publicUrl'>, token: string, maxAgeMs: number): void {
  reply.setCookie(staffCookieName(config), token, { httpOnly: true, secure: config.publicUrl.startsWith('https:'), sameSite: 'strict', path: '/', maxAge: Math.floor(maxAgeMs / 1000) });
}
