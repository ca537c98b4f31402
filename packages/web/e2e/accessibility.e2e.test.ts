import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityViolations, freshMobile, otpFromOutbox, phone, startServerAndBrowser, type Server } from './support.js';

describe('accessibility (axe-core, WCAG 2.1 AA) and keyboard use', () => {
  let server: Server;
  let browser: Browser;
  beforeAll(async () => {
    [server, browser] = await startServerAndBrowser();
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
      // Signed in: dashboard, profile, sessions, activity.
      const mobile = freshMobile();
      await page.goto(`${server.baseUrl}/sign-up`);
      await page.locator('#sign-up-mobile').fill(mobile);
      await page.getByTestId('sign-up-send-otp').click();
      await page.locator('#sign-up-otp').fill(await otpFromOutbox(context, server.baseUrl, mobile, new Set()));
      await page.getByTestId('otp-submit').click();
      await page.locator('#sign-up-pin').fill('482916');
      await page.locator('#sign-up-pin-confirm').fill('482916');
      await page.getByTestId('sign-up-create').click();
      await page.getByTestId('issued-empty').waitFor();
      for (const path of ['/app', '/app/profile', '/app/sessions', '/app/activity', '/app/aadhaar']) {
        await page.goto(`${server.baseUrl}${path}`);
        await page.locator('main').waitFor();
        await page.waitForLoadState('networkidle');
        found.push(...(await accessibilityViolations(page)).map((v) => `${path}: ${v}`));
      }
      expect(found).toEqual([]);
      await context.close();
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
