import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityViolations, consoleSignIn, nextTotpCode, phone, totpAt, screenshots, startServerAndBrowser, type Server } from './support.js';

const REPO = path.resolve(import.meta.dirname, '../../..');

/** `create-operator` on the running server's data folder, as an administrator bootstraps one; answers the password it prints once. */
async function createOperator(server: Server, username: string): Promise<string> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    // The built CLI, as `npm run create-operator` runs it (the journeys' global setup builds the server when stale).
    ['packages/server/dist/cli/create-operator.js', '--username', username, '--name', 'E2E operator'],
    {
      cwd: REPO,
      env: { ...server.env, LOG_LEVEL: 'warn' },
    },
  );
  return /password \(shown once\): (\S+)/.exec(stdout)![1]!;
}

describe('the console’s second factor in Chromium', () => {
  let server: Server;
  let browser: Browser;
  beforeAll(async () => {
    [server, browser] = await startServerAndBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('a new operator must enrol (QR, first code, recovery codes) before anything else, then signs in with a code [hi]', async () => {
    const shot = screenshots('console-totp-hi');
    const username = 'ops.e2e';
    const password = await createOperator(server, username);
    const { page, context, errors } = await phone(browser, 'hi');
    const enterPassword = async () => {
      await page.locator('#console-username').fill(username);
      await page.locator('#console-password').fill(password);
      await page.getByTestId('console-sign-in-submit').click();
    };

    await page.goto(`${server.baseUrl}/console`);
    await enterPassword();
    await page.getByTestId('console-enrol-required').waitFor();
    expect(await page.locator('h1').textContent()).toBe('दूसरा चरण सेट करें');
    // Nothing else is open: no console navigation, and another console page still shows the set-up.
    expect(await page.getByTestId('console-nav-register').count()).toBe(0);
    await shot(page, 'enrolment-required');
    await page.goto(`${server.baseUrl}/console/issuers/new`);
    await page.getByTestId('console-enrol-required').waitFor();

    await page.getByTestId('totp-enrol-start').click();
    await page.getByTestId('totp-qr').waitFor();
    expect(await page.getByTestId('totp-qr').getAttribute('aria-label')).toBe('अपने कंसोल खाते को ऑथेंटिकेटर ऐप में जोड़ने का QR कोड');
    const secret = (await page.getByTestId('totp-secret').getAttribute('data-secret'))!;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(await accessibilityViolations(page)).toEqual([]);
    await shot(page, 'scan');

    const step = Math.floor(Date.now() / 30_000);
    const near = [-1, 0, 1, 2].map((d) => totpAt(secret, step + d));
    await page.locator('#totp-enrol-code').fill(['000000', '111111', '222222'].find((c) => !near.includes(c))!);
    await page.getByTestId('totp-enrol-confirm').click();
    await page.locator('#totp-enrol-code-error').waitFor();
    expect(await page.locator('#totp-enrol-code-error').getAttribute('data-error-code')).toBe('totp_wrong');
    expect(await page.locator('#totp-enrol-code-error').textContent()).toBe('यह कोड सही नहीं है। ऐप में अभी दिख रहा कोड दर्ज करें।');

    await page.locator('#totp-enrol-code').fill(await nextTotpCode(server.baseUrl, username, secret));
    await page.getByTestId('totp-enrol-confirm').click();
    await page.getByTestId('recovery-codes').waitFor();
    const codes = await page.locator('[data-testid=recovery-codes] li').allTextContents();
    expect(codes).toHaveLength(10);
    expect(await accessibilityViolations(page)).toEqual([]);
    await shot(page, 'recovery-codes');
    await page.getByTestId('recovery-codes-saved').click();
    await page.getByTestId('console-role').waitFor();
    expect(await page.getByTestId('console-role').getAttribute('data-role')).toBe('operator');
    await shot(page, 'signed-in');

    // Next time: password, then the app's code.
    await page.getByTestId('console-sign-out').click();
    await page.getByTestId('console-sign-in').waitFor();
    await enterPassword();
    await page.getByTestId('console-totp-step').waitFor();
    expect(await page.locator('h1').textContent()).toBe('अपने ऑथेंटिकेटर ऐप का कोड दर्ज करें');
    await shot(page, 'code-step');
    await page.locator('#console-totp-code').fill(await nextTotpCode(server.baseUrl, username, secret));
    await page.getByTestId('console-totp-submit').click();
    await page.getByTestId('console-role').waitFor();

    // A recovery code instead of the app: works once.
    await page.getByTestId('console-sign-out').click();
    await page.getByTestId('console-sign-in').waitFor();
    await enterPassword();
    await page.getByTestId('console-totp-switch').click();
    await page.locator('#console-totp-recovery').fill(codes[0]!);
    await page.getByTestId('console-totp-submit').click();
    await page.getByTestId('console-role').waitFor();
    await page.getByTestId('console-security-link').click();
    await page.locator('[data-testid=totp-status][data-enrolled=true]').waitFor();
    expect(await page.getByTestId('totp-status').textContent()).toContain('बचे हुए रिकवरी कोड: 9');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('the demo operator signs in with the code the development tools compute from its demo secret', async () => {
    const { page, context, errors } = await phone(browser, 'en');
    await consoleSignIn(page, server.baseUrl, 'operator', 'tijori-operator-demo');
    expect(await page.getByTestId('console-role').getAttribute('data-role')).toBe('operator');
    await page.goto(`${server.baseUrl}/dev/outbox`);
    await page.getByTestId('demo-operator-code').waitFor();
    expect(await page.getByTestId('demo-operator-code').textContent()).toMatch(/^\d{6}$/);
    expect(errors).toEqual([]);
    await context.close();
  });
});
