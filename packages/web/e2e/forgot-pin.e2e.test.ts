import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkAadhaar, otpFromOutbox, phone, sandboxResidents, screenshots, signUp, startServerAndBrowser, type Server } from './support.js';

describe('Forgot PIN in Chromium', () => {
  let server: Server;
  let browser: Browser;
  beforeAll(async () => {
    [server, browser] = await startServerAndBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('resets the PIN with the mobile OTP and the Aadhaar OTP, then signs in with the new PIN [hi]', async () => {
    const shot = screenshots('forgot-pin-hi');
    const resident = (await sandboxResidents(server.baseUrl))[4]!;
    const { context, page, errors } = await phone(browser, 'hi');
    const seen = new Set<string>();
    const mobile = await signUp(page, context, server.baseUrl, seen);
    await linkAadhaar(page, context, server.baseUrl, resident, seen);
    await page.getByTestId('sign-out').click();
    await page.getByTestId('sign-in-notice').waitFor();

    await page.getByTestId('forgot-pin-link').click();
    await page.getByTestId('forgot-pin-step-mobile').waitFor();
    expect(await page.locator('h1').textContent()).toMatch(/[\u0900-\u097F]/);
    await page.locator('#forgot-pin-mobile').fill(mobile);
    await page.getByTestId('forgot-pin-send-otp').click();
    await page.getByTestId('forgot-pin-step-otp').waitFor();
    await shot(page, 'mobile-otp');
    await page.locator('#forgot-pin-otp').fill(await otpFromOutbox(context, server.baseUrl, mobile, seen));
    await page.getByTestId('otp-submit').click();

    await page.getByTestId('forgot-pin-step-factor').waitFor();
    await page.getByTestId('forgot-pin-aadhaar').click();
    await page.locator('#forgot-pin-aadhaar-otp').waitFor();
    await shot(page, 'aadhaar-otp');
    await page.locator('#forgot-pin-aadhaar-otp').fill(await otpFromOutbox(context, server.baseUrl, resident.mobile, seen));
    await page.getByTestId('otp-submit').click();

    await page.getByTestId('forgot-pin-step-pin').waitFor();
    await page.locator('#forgot-pin-new').fill('639184');
    await page.locator('#forgot-pin-confirm').fill('639184');
    await page.getByTestId('forgot-pin-set').click();
    await page.getByTestId('forgot-pin-done').waitFor();
    await shot(page, 'done');

    await page.getByTestId('forgot-pin-step-done').getByRole('link').click();
    await page.locator('#sign-in-login').fill(mobile);
    await page.locator('#sign-in-pin').fill('639184');
    await page.getByTestId('sign-in-continue').click();
    await page.getByTestId('sign-in-step-otp').waitFor();
    await page.locator('#sign-in-otp').fill(await otpFromOutbox(context, server.baseUrl, mobile, seen));
    await page.getByTestId('otp-submit').click();
    await page.getByTestId('nav-activity').click();
    await page.getByTestId('activity-list').waitFor();
    const types = await page.getByTestId('activity-event').evaluateAll((els) => els.map((e) => e.getAttribute('data-type')));
    expect(types).toContain('pin_reset');
    expect(await page.getByTestId('activity-list').textContent()).toContain('सुरक्षा PIN दोबारा सेट किया गया');
    expect(errors).toEqual([]);
    await context.close();
  });
});
