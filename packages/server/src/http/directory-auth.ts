import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config/config.js';
import type { DomainDeps } from '../domain/context.js';
import type { DirectoryActor } from '../domain/actors.js';
import { authenticateIssuerApiKey } from '../domain/issuers/issuer-credentials.js';
import { authenticateStaff, authenticateStaffUser } from '../domain/staff/staff-accounts.js';
import type { StaffRow } from '../repositories/staff.repository.js';
import { AppError } from '../lib/errors.js';
import { assertSameOrigin } from './session-auth.js';

export function staffCookieName(config: Pick<Config, 'publicUrl'>): string {
  return config.publicUrl.startsWith('https:') ? '__Host-tijori_staff' : 'tijori_staff';
}

/**
 * An issuer system (API key `tjk_…` as a bearer token) or a console user (staff session, as
 * a bearer token or the console cookie). Cookie use is checked for same origin on writes.
 */
export async function requireDirectoryActor(
  deps: DomainDeps,
  config: Pick<Config, 'publicUrl'>,
  request: FastifyRequest,
): Promise<DirectoryActor & { sessionId?: string }> {
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
  reply.setCookie(staffCookieName(config), token, {
    httpOnly: true,
    secure: config.publicUrl.startsWith('https:'),
    sameSite: 'strict',
    path: '/',
    maxAge: Math.floor(maxAgeMs / 1000),
  });
}

/** The cookie that carries a sign-in between the right password and the second factor. */
export function staffPendingCookieName(config: Pick<Config, 'publicUrl'>): string {
  return config.publicUrl.startsWith('https:') ? '__Host-tijori_staff_pending' : 'tijori_staff_pending';
}

export function setStaffPendingCookie(reply: FastifyReply, config: Pick<Config, 'publicUrl'>, token: string, maxAgeMs: number): void {
  reply.setCookie(staffPendingCookieName(config), token, {
    httpOnly: true,
    secure: config.publicUrl.startsWith('https:'),
    sameSite: 'strict',
    path: '/',
    maxAge: Math.floor(maxAgeMs / 1000),
  });
}

/** A bearer token from the Authorization header, or a cookie (same-origin writes only); never an API key. */
export function staffCredential(config: Pick<Config, 'publicUrl'>, request: FastifyRequest, cookieName: string): { token: string; via: 'bearer' | 'cookie' } {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const m = /^Bearer ([A-Za-z0-9_.-]{20,200})$/.exec(header);
    if (!m || m[1]!.startsWith('tjk_')) throw new AppError('unauthenticated', 'Sign in to the console as a person: an API key has no second factor.');
    return { token: m[1]!, via: 'bearer' };
  }
  const cookie = request.cookies[cookieName];
  if (!cookie) throw new AppError('unauthenticated', 'Please sign in to the console.');
  if (request.method !== 'GET' && request.method !== 'HEAD') assertSameOrigin(request);
  return { token: cookie, via: 'cookie' };
}

/**
 * A console user signed in with a session (not an API key), for managing their own second
 * factor; `allowUnenrolled` lets an operator without one reach its set-up.
 */
export async function requireStaffUser(
  deps: DomainDeps,
  config: Pick<Config, 'publicUrl'>,
  request: FastifyRequest,
  options: { allowUnenrolled?: boolean } = {},
): Promise<{ user: StaffRow; sessionId: string }> {
  return authenticateStaffUser(deps, staffCredential(config, request, staffCookieName(config)).token, options);
}
