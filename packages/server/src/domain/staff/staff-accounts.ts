import { recordAudit } from '../audit/audit-log.js';
import { hashSecret, NO_ACCOUNT_HASH, sha256Hex, verifySecret } from '../../crypto/secrets.js';
import { isUniqueViolation } from '../../db/db-errors.js';
import { AppError } from '../../lib/errors.js';
import { enforceLimit, LIMITS, takeGuess } from '../auth/rate-limit.js';
import type { DomainDeps } from '../context.js';
import type { DirectoryActor } from '../issuers/actors.js';

const IDLE_MS = 30 * 60 * 1000;
const ABSOLUTE_MS = 12 * 60 * 60 * 1000;

/** Creates a console account: an operator, or staff of one issuer. Passwords ≥ 12 characters. */
export async function createStaffUser(
  deps: DomainDeps,
  input: { username: string; password: string; name: string; role: 'operator' | 'issuer'; issuerId?: string },
): Promise<{ id: string }> {
  if (input.password.length < 12) throw new AppError('validation_failed', 'Console passwords need at least 12 characters.', { errors: [{ path: '/body/password', message: 'is too short' }] });
  if (input.role === 'issuer' && !input.issuerId) throw new AppError('validation_failed', 'Issuer staff belong to an issuer.');
  const id = deps.ids.uuid();
  try {
    await deps.repos.staff.insert({
      id,
      username: input.username.toLowerCase(),
      password_hash: await hashSecret(input.password),
      role: input.role,
      issuer_id: input.issuerId ?? null,
      name: input.name,
      status: 'active',
      created_at: deps.clock.now(),
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('username_taken', 'That console username is taken.');
    throw err;
  }
  return { id };
}

/** Console sign-in: username and password; five failures lock the username for 15 minutes. */
export async function signInStaff(deps: DomainDeps, input: { username: string; password: string }, ip: string): Promise<{ token: string; expiresAt: number; role: string }> {
  const username = input.username.trim().toLowerCase();
  const now = deps.clock.now();
  await enforceLimit(deps, `staff:ip:${ip}`, LIMITS.signInPerIp);
  const failKey = `staff:fail:${username}`;
  await takeGuess(deps, failKey);
  const user = await deps.repos.staff.findByUsername(username);
  const ok = await verifySecret(input.password, user?.password_hash ?? NO_ACCOUNT_HASH);
  if (!ok || !user || user.status !== 'active') {
    // The name tried (an existing account's or not) and where from; never the password.
    await recordAudit(deps, { kind: 'anonymous' }, 'staff.sign_in_failed', { issuerId: user?.issuer_id ?? null, target: username.slice(0, 100), details: { ip, account: user?.id ?? null } });
    throw new AppError('invalid_credentials', 'The username or password is not right.');
  }
  await deps.repos.rateLimits.reset(failKey);
  const token = deps.ids.token(32);
  await deps.repos.staff.insertSession({ id: deps.ids.uuid(), token_hash: sha256Hex(token), staff_id: user.id, created_at: now, last_seen_at: now, expires_at: now + ABSOLUTE_MS, ended_at: null });
  return { token, expiresAt: now + ABSOLUTE_MS, role: user.role };
}

export async function authenticateStaff(deps: DomainDeps, token: string): Promise<DirectoryActor & { sessionId: string }> {
  const now = deps.clock.now();
  const session = await deps.repos.staff.findSession(sha256Hex(token));
  if (!session || session.ended_at !== null || now >= session.expires_at || now - session.last_seen_at >= IDLE_MS) {
    throw new AppError('unauthenticated', 'Please sign in to the console.');
  }
  const user = await deps.repos.staff.findById(session.staff_id);
  if (!user || user.status !== 'active') throw new AppError('unauthenticated', 'Please sign in to the console.');
  if (now - session.last_seen_at >= 30_000) await deps.repos.staff.touchSession(session.id, now);
  if (user.role === 'operator') return { kind: 'operator', staffId: user.id, sessionId: session.id };
  const issuer = await deps.repos.issuers.findById(user.issuer_id!);
  if (!issuer || issuer.status !== 'active') throw new AppError('forbidden', 'This issuer is suspended. Ask the platform operator.');
  return { kind: 'issuer', issuerId: user.issuer_id!, via: 'staff', principalId: user.id, sessionId: session.id };
}

export async function signOutStaff(deps: DomainDeps, sessionId: string): Promise<void> {
  await deps.repos.staff.endSession(sessionId, deps.clock.now());
}
