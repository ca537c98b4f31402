import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityViolations, freshMobile, phone, signUp, startServerAndBrowser, type Server, type StorageState } from './support.js';

describe('accessibility (axe-core, WCAG 2.1 AA) and keyboard use', () => {
  let server: Server;
  let browser: Browser;
  let signedIn: StorageState;
  beforeAll(async () => {
    [server, browser] = await startServerAndBrowser();
    const { context, page } = await phone(browser, 'en');
    await signUp(page, context, server.baseUrl, new Set());
    signedIn = await context.storageState();
    await context.close();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  for (const lang of ['en', 'hi', 'gu'] as const) {
    it(`has no serious violations on the public pages and the signed-in shell [${lang}]`, async () => {
      const { context, page } = await phone(browser, lang);
      const found: string[] = [];
      for (const path of ['/', '/sign-up', '/sign-in', '/dev/outbox', '/verify', '/console']) {
        await page.goto(`${server.baseUrl}${path}`);
        await page.locator('main').waitFor();
        found.push(...(await accessibilityViolations(page)).map((v) => `${path}: ${v}`));
      }
      await context.close();
      // Signed in (a resident signed up once, in a context of its own per language): dashboard,
      // profile, sessions, activity.
      const shell = await phone(browser, lang, signedIn);
      for (const path of ['/app', '/app/profile', '/app/sessions', '/app/activity', '/app/aadhaar']) {
        await shell.page.goto(`${server.baseUrl}${path}`);
        await shell.page.locator('main').waitFor();
        await shell.page.waitForLoadState('networkidle');
        found.push(...(await accessibilityViolations(shell.page)).map((v) => `${path}: ${v}`));
      }
      expect(found).toEqual([]);
      await shell.context.close();
    });
  }

  it('can be used with the keyboard alone: tab to sign up, type, submit with Enter, focus visible', async () => {
    const { context, page } = await phone(browser, 'en');
    await page.goto(`${server.baseUrl}/`);
    await page.getByTestId('landing-sign-up').waitFor();
    let reached = false;
    for (let i = 0; i < 15 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => document.activeElement?.getAttribute('data-testid') === 'landing-sign-up');
    }
    expect(reached).toBe(true);
    const outline = await page.evaluate(() => {
      const s = getComputedStyle(document.activeElement!);
      return `${s.outlineStyle} ${s.outlineWidth} ${s.boxShadow}`;
    });
    expect(outline).not.toMatch(/^none 0px none$/);
    await page.keyboard.press('Enter');
    await page.locator('#sign-up-mobile').waitFor();
    await page.locator('#sign-up-mobile').focus();
    await page.keyboard.type(freshMobile());
    await page.keyboard.press('Enter');
    await page.getByTestId('sign-up-step-otp').waitFor();
    await context.close();
  });
});
