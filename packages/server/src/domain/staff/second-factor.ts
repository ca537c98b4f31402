import type { MasterKey } from '../../crypto/master-key.js';
import { openSecret, sealSecret } from '../../crypto/sealed-secret.js';
import { hashSecret, verifySecret } from '../../crypto/secrets.js';
import { matchTotp } from '../../crypto/totp.js';
import { AppError } from '../../lib/errors.js';
import type { StaffRow } from '../../repositories/staff.repository.js';
import { recordAudit } from '../audit/audit-log.js';
import { takeGuess } from '../auth/rate-limit.js';
import type { DomainDeps } from '../context.js';
import type { DirectoryActor } from '../actors.js';

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

/** Ten fresh recovery codes (50 bits each), stored only as scrypt hashes; the old ones stop working. */
export async function renewRecoveryCodes(deps: DomainDeps, staffId: string): Promise<string[]> {
  const now = deps.clock.now();
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const raw = [...deps.random.bytes(10)].map((b) => RECOVERY_ALPHABET[b & 31]).join('');
    return `${raw.slice(0, 5)}-${raw.slice(5)}`;
  });
  const rows = await Promise.all(
    codes.map(async (code) => ({
      id: deps.ids.uuid(),
      staff_id: staffId,
      code_hash: await hashSecret(normaliseRecoveryCode(code)),
      used_at: null,
      created_at: now,
    })),
  );
  await deps.repos.staffTotp.replaceRecoveryCodes(staffId, rows);
  return codes;
}

export type SecondFactorInput = { code: string; recoveryCode?: undefined } | { recoveryCode: string; code?: undefined };

/**
 * Checks a code from the authenticator app (one step either side of now, never a step already
 * used) or a recovery code (each works once). Every try is a guess against the console's
 * lockout for the username, taken before the check; a right answer clears the count.
 */
export async function checkSecondFactor(deps: DomainDeps, user: StaffRow, input: SecondFactorInput, ip: string): Promise<void> {
  const failKey = staffFailKey(user.username);
  await takeGuess(deps, failKey);
  const factor = await deps.repos.staffTotp.find(user.id);
  if (!factor || factor.confirmed_at === null) throw new AppError('totp_not_enrolled', 'This account has no second factor set up.');
  const failed = async (reason: string) => {
    await recordAudit(deps, staffActor(user), 'staff.sign_in_failed', {
      issuerId: user.issuer_id,
      target: user.username,
      details: { ip, account: user.id, reason },
    });
  };

  if (input.code !== undefined) {
    const step = matchTotp(openTotpSecret(deps.masterKey, user.id, factor.secret_sealed), input.code, deps.clock.now());
    if (step === undefined) {
      await failed('totp_wrong');
      throw new AppError('totp_wrong', 'That code is not right. Enter the code your authenticator app shows now.');
    }
    if (!(await deps.repos.staffTotp.useStep(user.id, step))) {
      await failed('totp_used');
      throw new AppError('totp_used', 'That code was used already. Wait for the next code in your authenticator app.');
    }
  } else {
    const wanted = normaliseRecoveryCode(input.recoveryCode);
    const unused = await deps.repos.staffTotp.unusedRecoveryCodes(user.id);
    // scrypt runs on libuv's pool: the few unused codes are checked side by side.
    const matches = await Promise.all(unused.map((row) => (wanted.length === 10 ? verifySecret(wanted, row.code_hash) : Promise.resolve(false))));
    const hit = unused[matches.indexOf(true)];
    const used =
      hit !== undefined &&
      (await deps.transaction(async (repos) => {
        if (!(await repos.staffTotp.useRecoveryCode(hit.id, deps.clock.now()))) return false;
        await recordAudit({ ...deps, repos }, staffActor(user), 'staff.recovery_code_used', {
          issuerId: user.issuer_id,
          target: user.username,
          details: { ip, left: unused.length - 1 },
        });
        return true;
      }));
    if (!used) {
      await failed('recovery_code_wrong');
      throw new AppError('recovery_code_wrong', 'That recovery code is not right, or it was used already.');
    }
  }
  await deps.repos.rateLimits.reset(failKey);
}
