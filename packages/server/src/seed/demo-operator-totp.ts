import type { MasterKey } from '../crypto/master-key.js';
import type { DomainDeps } from '../domain/context.js';
import { openTotpSecret, sealTotpSecret } from '../domain/staff/second-factor.js';

/**
 * DEVELOPMENT ONLY. Operators must have a second factor, so the demo operator gets one when the
 * demo is seeded (never in production mode): a secret derived from this installation's master
 * key, whose current code the development tools show (/dev/outbox) beside the SMS outbox.
 */
export function demoOperatorTotpSecret(master: MasterKey): Buffer {
  return master.derive('demo-operator-totp/v1').subarray(0, 20);
}

/**
 * Gives the demo operator the demo second factor: only the account that still has the published
 * demo password, and only if it has none (it may have set up its own).
 */
export async function enrolDemoOperatorTotp(deps: DomainDeps, demo: { username: string; password: string }): Promise<void> {
  const user = await deps.repos.staff.findByUsername(demo.username);
  if (!user || user.role !== 'operator' || (await deps.repos.staffTotp.find(user.id))) return;
  if (!(await deps.secrets.verify(demo.password, user.password_hash))) return;
  const now = deps.clock.now();
  await deps.repos.staffTotp.putPending({
    staff_id: user.id,
    secret_sealed: sealTotpSecret(deps.masterKey, user.id, demoOperatorTotpSecret(deps.masterKey)),
    confirmed_at: now,
    last_step: null,
    created_at: now,
  });
}

/** The demo operator's secret, while the account still uses the demo one (else undefined). */
export async function demoOperatorTotp(deps: DomainDeps, username: string): Promise<Buffer | undefined> {
  const user = await deps.repos.staff.findByUsername(username);
  const factor = user && user.role === 'operator' ? await deps.repos.staffTotp.find(user.id) : undefined;
  if (!user || !factor || factor.confirmed_at === null) return undefined;
  const secret = openTotpSecret(deps.masterKey, user.id, factor.secret_sealed);
  return secret.equals(demoOperatorTotpSecret(deps.masterKey)) ? secret : undefined;
}
