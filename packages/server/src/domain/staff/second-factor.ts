import type { MasterKey } from '../../crypto/master-key.js';
import { openSecret, sealSecret } from '../../crypto/sealed-secret.js';
import { matchTotp } from '../../crypto/totp.js';
import type { Insertable } from 'kysely';
import type { StaffRecoveryCodesTable } from '../../db/schema.js';
import { AppError } from '../../lib/errors.js';
import type { StaffRecoveryCodeRow } from '../../repositories/staff-totp.repository.js';
import type { StaffRow } from '../../repositories/staff.repository.js';
import { recordAudit, type SignInFailureReason } from '../audit/audit-log.js';
import { accountLocked, decideGuess, isLocked, type GuessOutcome } from '../auth/rate-limit.js';
import type { DomainDeps } from '../context.js';
import type { AuditActor, DirectoryActor } from '../actors.js';

const SEAL_PURPOSE = 'staff-totp/v1';
export const RECOVERY_CODE_COUNT = 10;
/** Crockford's base32 alphabet: no I, L, O or U to misread on paper. */
const RECOVERY_ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/** The key the console's lockout counts a username's wrong passwords and codes under. */
export function staffFailKey(username: string): string {
  return `staff:fail:${username}`;
}

export function sealTotpSecret(master: MasterKey, staffId: string, secret: Buffer): Buffer {
  return sealSecret(master, SEAL_PURPOSE, staffId, secret);
}

export function openTotpSecret(master: MasterKey, staffId: string, sealed: Uint8Array): Buffer {
  return openSecret(master, SEAL_PURPOSE, staffId, sealed);
}

export function staffActor(user: StaffRow): DirectoryActor {
  return user.role === 'operator' ? { kind: 'operator', staffId: user.id } : { kind: 'issuer', issuerId: user.issuer_id!, via: 'staff', principalId: user.id };
}

/** What a person typed as a recovery code, reduced to its 10 characters (case, dashes, look-alikes). */
export function normaliseRecoveryCode(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^0-9a-z]/g, '')
    .replace(/o/g, '0')
    .replace(/[il]/g, '1');
}

/** Ten fresh recovery codes (50 bits each), and the rows that store them only as scrypt hashes. */
export async function newRecoveryCodes(deps: DomainDeps, staffId: string): Promise<{ codes: string[]; rows: Insertable<StaffRecoveryCodesTable>[] }> {
  const now = deps.clock.now();
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const raw = [...deps.random.bytes(10)].map((b) => RECOVERY_ALPHABET[b & 31]).join('');
    return `${raw.slice(0, 5)}-${raw.slice(5)}`;
  });
  const rows = await Promise.all(
    codes.map(async (code) => ({
      id: deps.ids.uuid(),
      staff_id: staffId,
      code_hash: await deps.secrets.hash(normaliseRecoveryCode(code)),
      used_at: null,
      created_at: now,
    })),
  );
  return { codes, rows };
}

export type SecondFactorInput = { code: string; recoveryCode?: undefined } | { recoveryCode: string; code?: undefined };

/** A failed try at the console's sign-in (also a wrong code when turning the factor off). */
export async function recordFailedSignIn(
  deps: DomainDeps,
  actor: AuditActor,
  input: { username: string; ip: string; user: StaffRow | undefined; reason: SignInFailureReason },
): Promise<void> {
  await recordAudit(deps, actor, 'staff.sign_in_failed', {
    issuerId: input.user?.issuer_id ?? null,
    target: input.username.slice(0, 100),
    details: { ip: input.ip, account: input.user?.id ?? null, reason: input.reason },
  });
}

/**
 * Checks a code from the authenticator app (one step either side of now, never a step already
 * used) or a recovery code (each works once), then runs `then`, the action the code proves.
 * Every try is a guess against the console's lockout for the username: the guess, the spent
 * code or step, the failure's audit entry or the action with its own entry commit in one
 * transaction. A right answer clears the count; `then` throwing undoes it all, the code stays
 * unspent. (The recovery codes' scrypt runs before the transaction: only the spend is in it.)
 */
export async function checkSecondFactor<T>(
  deps: DomainDeps,
  user: StaffRow,
  input: SecondFactorInput,
  ip: string,
  then: (tx: DomainDeps) => Promise<T>,
): Promise<T> {
  const failKey = staffFailKey(user.username);
  const failed = (tx: DomainDeps, reason: SignInFailureReason) => recordFailedSignIn(tx, staffActor(user), { username: user.username, ip, user, reason });
  if (await isLocked(deps, failKey)) {
    await failed(deps, 'locked');
    throw accountLocked();
  }
  if (!(await deps.repos.staffTotp.isConfirmed(user.id))) throw new AppError('totp_not_enrolled', 'This account has no second factor set up.');
  const recovery = input.recoveryCode !== undefined ? await findRecoveryCode(deps, user.id, input.recoveryCode) : undefined;

  return decideGuess(deps, failKey, async (tx, counted): Promise<GuessOutcome<T>> => {
    if (!counted) {
      await failed(tx, 'locked');
      return { refuse: accountLocked() };
    }
    const now = deps.clock.now();
    const factor = await tx.repos.staffTotp.find(user.id);
    if (!factor || factor.confirmed_at === null) return { refuse: new AppError('totp_not_enrolled', 'This account has no second factor set up.') };
    if (input.code !== undefined) {
      const step = matchTotp(openTotpSecret(deps.masterKey, user.id, factor.secret_sealed), input.code, now);
      if (step === undefined) {
        await failed(tx, 'totp_wrong');
        return { refuse: new AppError('totp_wrong', 'That code is not right. Enter the code your authenticator app shows now.') };
      }
      if (!(await tx.repos.staffTotp.useStep(user.id, step))) {
        await failed(tx, 'totp_used');
        return { refuse: new AppError('totp_used', 'That code was used already. Wait for the next code in your authenticator app.') };
      }
    } else {
      if (!recovery?.hit || !(await tx.repos.staffTotp.useRecoveryCode(recovery.hit.id, now))) {
        await failed(tx, 'recovery_code_wrong');
        return { refuse: new AppError('recovery_code_wrong', 'That recovery code is not right, or it was used already.') };
      }
      await recordAudit(tx, staffActor(user), 'staff.recovery_code_used', {
        issuerId: user.issuer_id,
        target: user.username,
        details: { ip, left: recovery.unused - 1 },
      });
    }
    await tx.repos.rateLimits.reset(failKey);
    return { ok: await then(tx) };
  });
}

/** The unused recovery code a person typed, if it is one; scrypt runs on libuv's pool, the few codes side by side. */
async function findRecoveryCode(deps: DomainDeps, staffId: string, typed: string): Promise<{ hit: StaffRecoveryCodeRow | undefined; unused: number }> {
  const wanted = normaliseRecoveryCode(typed);
  const unused = await deps.repos.staffTotp.unusedRecoveryCodes(staffId);
  const matches = await Promise.all(unused.map((row) => (wanted.length === 10 ? deps.secrets.verify(wanted, row.code_hash) : Promise.resolve(false))));
  return { hit: unused[matches.indexOf(true)], unused: unused.length };
}
