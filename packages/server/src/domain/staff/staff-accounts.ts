import { NO_ACCOUNT_HASH, sha256Hex } from '../../crypto/secrets.js';
import { isUniqueViolation } from '../../db/db-errors.js';
import { AppError } from '../../lib/errors.js';
import { accountLocked, decideGuess, enforceLimit, isLocked, LIMITS, type GuessOutcome } from '../auth/rate-limit.js';
import type { DomainDeps } from '../context.js';
import type { DirectoryActor, HostActor } from '../actors.js';
import type { StaffRow } from '../../repositories/staff.repository.js';
import { recordFailedSignIn, staffFailKey } from './second-factor.js';
import { recordAudit, type SignInFailureReason } from '../audit/audit-log.js';

const IDLE_MS = 30 * 60 * 1000;
const ABSOLUTE_MS = 12 * 60 * 60 * 1000;

/**
 * Creates a console account: an operator, or staff of one issuer. Passwords ≥ 12 characters.
 * Only the host makes accounts (the command line, the demo seed); each is audited with it.
 */
export async function createStaffUser(
  deps: DomainDeps,
  actor: HostActor,
  input: { username: string; password: string; name: string; role: 'operator' | 'issuer'; issuerId?: string },
): Promise<{ id: string }> {
  if (input.password.length < 12)
    throw new AppError('validation_failed', 'Console passwords need at least 12 characters.', {
      errors: [{ path: '/body/password', message: 'is too short' }],
    });
  if (input.role === 'issuer' && !input.issuerId) throw new AppError('validation_failed', 'Issuer staff belong to an issuer.');
  const id = deps.ids.uuid();
  const username = input.username.toLowerCase();
  const passwordHash = await deps.secrets.hash(input.password);
  try {
    await deps.transaction(async (repos) => {
      await repos.staff.insert({
        id,
        username,
        password_hash: passwordHash,
        role: input.role,
        issuer_id: input.issuerId ?? null,
        name: input.name,
        status: 'active',
        created_at: deps.clock.now(),
      });
      await recordAudit({ ...deps, repos }, actor, 'staff.created', { issuerId: input.issuerId ?? null, target: username, details: { id, role: input.role } });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('username_taken', 'That console username is taken.');
    throw err;
  }
  return { id };
}

/** What a right password leads to: the console, the code step, or (operators) setting up the code. */
export type StaffSignIn =
  | { next: 'done' | 'enrol_totp'; token: string; expiresAt: number; role: string }
  | { next: 'totp'; pendingToken: string; expiresAt: number; role: string };

const TOTP_CHALLENGE_MS = 5 * 60 * 1000;

/**
 * Console sign-in: username and password; five failures lock the username for 15 minutes.
 * Staff with a second factor get a five-minute ticket for the code step instead of a session,
 * and their lockout count is not cleared until the code is right: otherwise every right
 * password would buy a fresh set of code guesses.
 *
 * The password is checked (scrypt) first; then one transaction counts the guess and acts on
 * it: a failure's audit entry, or the ticket or session. So every failed try, a locked name's
 * included, has exactly one entry, committed with its count. Tries past the per-address limit
 * are refused before that, unrecorded: that limit is what keeps a flood out of the log.
 */
export async function signInStaff(deps: DomainDeps, input: { username: string; password: string }, ip: string): Promise<StaffSignIn> {
  const username = input.username.trim().toLowerCase();
  await enforceLimit(deps, `staff:ip:${ip}`, LIMITS.signInPerIp);
  const failKey = staffFailKey(username);
  const user = await deps.repos.staff.findByUsername(username);
  // The name tried (an existing account's or not), where from and why; never the password.
  const failed = (tx: DomainDeps, reason: SignInFailureReason) => recordFailedSignIn(tx, { kind: 'anonymous' }, { username, ip, user, reason });
  // A locked name is refused before its password costs a scrypt.
  if (await isLocked(deps, failKey)) {
    await failed(deps, 'locked');
    throw accountLocked();
  }
  const rightPassword = await deps.secrets.verify(input.password, user?.password_hash ?? NO_ACCOUNT_HASH);
  const ok = rightPassword && user?.status === 'active';
  const why: SignInFailureReason = !user ? 'unknown_user' : rightPassword ? 'account_inactive' : 'password_wrong';
  const withTotp = ok && (await deps.repos.staffTotp.isConfirmed(user.id));
  return decideGuess(deps, failKey, async (tx, counted): Promise<GuessOutcome<StaffSignIn>> => {
    if (!counted || !ok) {
      await failed(tx, counted ? why : 'locked');
      return { refuse: counted ? new AppError('invalid_credentials', 'The username or password is not right.') : accountLocked() };
    }
    const now = deps.clock.now();
    if (withTotp) {
      const pendingToken = deps.ids.token(32);
      await tx.repos.staffTotp.insertChallenge({
        id: deps.ids.uuid(),
        token_hash: sha256Hex(pendingToken),
        staff_id: user.id,
        created_at: now,
        expires_at: now + TOTP_CHALLENGE_MS,
        used_at: null,
      });
      return { ok: { next: 'totp', pendingToken, expiresAt: now + TOTP_CHALLENGE_MS, role: user.role } };
    }
    await tx.repos.rateLimits.reset(failKey);
    // An operator without a second factor gets a session that opens only its set-up (authenticateStaff).
    return { ok: { next: user.role === 'operator' ? 'enrol_totp' : 'done', ...(await startStaffSession(tx, user)), role: user.role } };
  });
}

export async function startStaffSession(deps: DomainDeps, user: StaffRow): Promise<{ token: string; expiresAt: number }> {
  const now = deps.clock.now();
  const token = deps.ids.token(32);
  await deps.repos.staff.insertSession({
    id: deps.ids.uuid(),
    token_hash: sha256Hex(token),
    staff_id: user.id,
    created_at: now,
    last_seen_at: now,
    expires_at: now + ABSOLUTE_MS,
    ended_at: null,
  });
  return { token, expiresAt: now + ABSOLUTE_MS };
}

/**
 * The console user behind a session token. An operator without a confirmed second factor is
 * refused everything but its set-up (`allowUnenrolled`, for the enrolment routes and sign-out)
 * — also in sessions that began before the second factor was required.
 */
export async function authenticateStaffUser(
  deps: DomainDeps,
  token: string,
  options: { allowUnenrolled?: boolean } = {},
): Promise<{ user: StaffRow; sessionId: string }> {
  const now = deps.clock.now();
  const session = await deps.repos.staff.findSession(sha256Hex(token));
  if (!session || session.ended_at !== null || now >= session.expires_at || now - session.last_seen_at >= IDLE_MS) {
    throw new AppError('unauthenticated', 'Please sign in to the console.');
  }
  const user = await deps.repos.staff.findById(session.staff_id);
  if (!user || user.status !== 'active') throw new AppError('unauthenticated', 'Please sign in to the console.');
  if (user.role === 'operator' && !options.allowUnenrolled && !(await deps.repos.staffTotp.isConfirmed(user.id))) {
    throw new AppError('totp_enrolment_required', 'Operators set up a second factor (an authenticator app) before anything else in the console.');
  }
  if (now - session.last_seen_at >= 30_000) await deps.repos.staff.touchSession(session.id, now);
  return { user, sessionId: session.id };
}

export async function authenticateStaff(deps: DomainDeps, token: string): Promise<DirectoryActor & { sessionId: string }> {
  const { user, sessionId } = await authenticateStaffUser(deps, token);
  if (user.role === 'operator') return { kind: 'operator', staffId: user.id, sessionId };
  const issuer = await deps.repos.issuers.findById(user.issuer_id!);
  if (!issuer || issuer.status !== 'active') throw new AppError('forbidden', 'This issuer is suspended. Ask the platform operator.');
  return { kind: 'issuer', issuerId: user.issuer_id!, via: 'staff', principalId: user.id, sessionId };
}

export async function signOutStaff(deps: DomainDeps, sessionId: string): Promise<void> {
  await deps.repos.staff.endSession(sessionId, deps.clock.now());
}
