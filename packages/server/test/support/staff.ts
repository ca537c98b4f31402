import { expect } from 'vitest';
import { createDomainDeps } from '../../src/app.js';
import { totpCode, totpStep, TOTP_PERIOD_SECONDS } from '../../src/crypto/totp.js';
import { openTotpSecret } from '../../src/domain/staff/second-factor.js';
import { DEMO_ISSUER_STAFF_PASSWORD, DEMO_OPERATOR } from '../../src/seed/demo-directory.js';
import type { TestApp } from './test-app.js';

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** Console sessions already made per app: operators' sign-ins each spend a TOTP step. */
const sessions = new WeakMap<TestApp, Map<string, string>>();

/**
 * A console bearer token for the demo operator, or for a demo issuer's staff (e.g. "cbse"),
 * signed in through the API with the second factor where the account has one. A session made
 * earlier in the same app is reused while it still works.
 */
export async function staffToken(t: TestApp, username = DEMO_OPERATOR.username): Promise<string> {
  const cached = sessions.get(t)?.get(username);
  if (cached && (await t.app.inject({ method: 'GET', url: '/api/v1/staff/me', headers: bearer(cached) })).statusCode === 200) return cached;
  const password = username === DEMO_OPERATOR.username ? DEMO_OPERATOR.password : DEMO_ISSUER_STAFF_PASSWORD;
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/staff/sign-in', payload: { username, password, sessionType: 'bearer' } });
  expect(res.statusCode, res.body).toBe(200);
  let token = res.json().token as string;
  if (res.json().next === 'totp') {
    const step2 = await t.app.inject({
      method: 'POST',
      url: '/api/v1/staff/sign-in/totp',
      headers: bearer(res.json().pendingToken),
      payload: { code: await nextTotpCode(t, username) },
    });
    expect(step2.statusCode, step2.body).toBe(200);
    token = step2.json().token as string;
  }
  if (!sessions.has(t)) sessions.set(t, new Map());
  sessions.get(t)!.set(username, token);
  return token;
}

/**
 * The code the user's authenticator app shows, computed from the stored secret as the app
 * would, for the earliest step no code was accepted for yet (the server refuses a used step):
 * waits for the next step when the current and the next one are used up.
 */
export async function nextTotpCode(t: TestApp, username: string): Promise<string> {
  const deps = createDomainDeps(t.runtime);
  const user = await deps.repos.staff.findByUsername(username);
  for (;;) {
    const factor = user && (await deps.repos.staffTotp.find(user.id));
    if (!user || !factor) throw new Error(`${username} has no TOTP secret`);
    const now = t.runtime.clock.now();
    const step = Math.max(totpStep(now), (factor.last_step ?? -1) + 1);
    if (step <= totpStep(now) + 1) return totpCode(openTotpSecret(t.runtime.masterKey, user.id, factor.secret_sealed), step);
    await new Promise((resolve) => setTimeout(resolve, (step - 1) * TOTP_PERIOD_SECONDS * 1000 - now + 20));
    if (t.runtime.clock.now() === now)
      throw new Error(`the test's clock stands still and ${username}'s codes for it are used up: advance it ${TOTP_PERIOD_SECONDS} s`);
  }
}
