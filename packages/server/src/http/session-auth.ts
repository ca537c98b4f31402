import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config/config.js';
import type { DomainDeps, RequestContext } from '../domain/context.js';
import { authenticateSession, type Authenticated } from '../domain/sessions/authenticate-session.js';
import { deviceLabel } from '../domain/sessions/device-label.js';
import { AppError } from '../lib/errors.js';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function sessionCookieName(config: Pick<Config, 'publicUrl'>): string {
  // __Host- cookies must be Secure, host-only and path=/: the strongest binding a browser offers.
  return config.publicUrl.startsWith('https:') ? '__Host-tijori_session' : 'tijori_session';
}

export function requestContext(request: FastifyRequest): RequestContext {
  return { ip: request.ip, device: deviceLabel(request.headers['user-agent']) };
}

/**
 * Who is calling: a bearer token (API clients) or the session cookie (the portal). Cookie
 * sessions must also pass a same-origin check on unsafe methods (CSRF), on top of SameSite.
 */
export async function authenticate(deps: DomainDeps, config: Pick<Config, 'publicUrl'>, request: FastifyRequest): Promise<Authenticated | null> {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(header);
    if (!match) throw new AppError('unauthenticated', 'The Authorization header must be "Bearer <token>".');
    return authenticateSession(deps, match[1]!);
  }
  const cookie = request.cookies[sessionCookieName(config)];
  if (!cookie) return null;
  if (UNSAFE.has(request.method)) assertSameOrigin(request);
  return authenticateSession(deps, cookie);
}

export async function requireResident(deps: DomainDeps, config: Pick<Config, 'publicUrl'>, request: FastifyRequest): Promise<Authenticated> {
  const auth = await authenticate(deps, config, request);
  if (!auth) throw new AppError('unauthenticated', 'Please sign in.');
  return auth;
}

/** Refuses a cookie-authenticated write that a browser says came from another site. */
export function assertSameOrigin(request: FastifyRequest): void {
  const origin = request.headers.origin;
  const site = request.headers['sec-fetch-site'];
  if (origin !== undefined) {
    if (originHost(origin) !== originHost(`${request.protocol}://${request.host}`))
      throw new AppError('csrf_rejected', 'This request came from another site and was refused.');
  } else if (site === 'cross-site') {
    throw new AppError('csrf_rejected', 'This request came from another site and was refused.');
  }
}

/** host[:port] with default ports dropped, or null for anything unparseable. */
function originHost(value: string): string | null {
  try {
    return new URL(value).host;
  } catch {
    return null;
  }
}

export function setSessionCookie(reply: FastifyReply, config: Pick<Config, 'publicUrl'>, token: string, maxAgeMs: number): void {
  reply.setCookie(sessionCookieName(config), token, {
    httpOnly: true,
    secure: config.publicUrl.startsWith('https:'),
    sameSite: 'lax',
    path: '/',
    maxAge: Math.floor(maxAgeMs / 1000),
  });
}

export function clearSessionCookie(reply: FastifyReply, config: Pick<Config, 'publicUrl'>): void {
  reply.clearCookie(sessionCookieName(config), { path: '/', httpOnly: true, secure: config.publicUrl.startsWith('https:'), sameSite: 'lax' });
}
