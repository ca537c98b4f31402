import { sha256Hex } from '../../crypto/secrets.js';
import { isUniqueViolation } from '../../db/db-errors.js';
import { AppError } from '../../lib/errors.js';
import { recordActivity } from '../activity/record-activity.js';
import { claimHeldDocuments } from '../documents/claim-held-documents.js';
import { mobileLookup } from '../documents/holders.js';
import type { DomainDeps, RequestContext } from '../context.js';
import { toMe, type Me } from '../residents/me.js';
import { newResidentRow } from '../residents/new-resident.js';
import { createSession, type NewSession, type SessionKind } from '../sessions/create-session.js';
import { assertPasswordAcceptable, assertPinStrong } from './credential-rules.js';
import { statDay } from '../statistics/stat-day.js';

export interface CompleteSignUpInput {
  signupTicket: string;
  pin: string;
  username?: string;
  password?: string;
  language?: string;
  sessionKind: SessionKind;
}

/** Step 3: with a valid ticket and a good PIN, the account exists and the resident is signed in. */
export async function completeSignUp(deps: DomainDeps, input: CompleteSignUpInput, ctx: RequestContext): Promise<{ resident: Me; session: NewSession }> {
  const [challengeId, secret] = input.signupTicket.split('.');
  const challenge = challengeId && secret ? await deps.repos.challenges.find(challengeId) : undefined;
  if (!challenge || challenge.purpose !== 'sign_up' || !challenge.mobile) throw ticketInvalid();
  const mobile = challenge.mobile;

  // Check everything the resident typed before spending the ticket.
  assertPinStrong(input.pin);
  const username = input.username?.toLowerCase();
  if (input.password !== undefined) assertPasswordAcceptable(input.password, mobile);
  if (input.password !== undefined && !username) {
    throw new AppError('validation_failed', 'A password needs a username to sign in with.', {
      errors: [{ path: '/body/username', message: 'is required with a password' }],
    });
  }
  if (username && (await deps.repos.residents.findActiveByUsername(username))) throw usernameTaken();
  if (await deps.repos.residents.findActiveByMobile(mobile)) throw ticketInvalid();

  const [pinHash, passwordHash] = await Promise.all([deps.secrets.hash(input.pin), input.password ? deps.secrets.hash(input.password) : null]);
  const now = deps.clock.now();
  if (!(await deps.repos.challenges.useTicket(challenge.id, sha256Hex(secret!), now))) throw ticketInvalid();

  const id = deps.ids.uuid();
  try {
    await deps.repos.residents.insert(
      newResidentRow({
        id,
        mobile,
        username: username ?? null,
        pin_hash: pinHash,
        password_hash: passwordHash,
        language: input.language ?? 'en',
        created_at: now,
      }),
    );
  } catch (err) {
    if (isUniqueViolation(err)) throw username && (await deps.repos.residents.findActiveByUsername(username)) ? usernameTaken() : ticketInvalid();
    throw err;
  }
  await deps.repos.stats.bump([{ metric: 'residents_signed_up', day: statDay(now), n: 1 }]);
  await recordActivity(deps, id, 'signed_up', ctx);
  await claimHeldDocuments(deps, id, [mobileLookup(deps.masterKey, mobile)]);
  const session = await createSession(deps, id, input.sessionKind, ctx);
  const resident = await deps.repos.residents.findById(id);
  return { resident: await toMe(deps, resident!), session };
}

const ticketInvalid = () => new AppError('ticket_invalid', 'This sign-up can no longer be completed. Start again with your mobile number.');
const usernameTaken = () =>
  new AppError('username_taken', 'That username is taken; choose another.', { errors: [{ path: '/body/username', message: 'is taken' }] });
