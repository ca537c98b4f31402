import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshMobile, otpFromOutbox, startServerAndBrowser, type Server } from './support.js';

/** Every language in the switcher in its own script; each fits a 320 px phone; SMS in the portal's language. */
const OWN_NAMES = ['English', 'हिन्दी', 'ગુજરાતી', 'मराठी', 'বাংলা', 'தமிழ்', 'తెలుగు', 'ಕನ್ನಡ'];
const TITLES: Record<string, string> = {
  mr: 'तुमचे दस्तऐवज, एकाच सुरक्षित ठिकाणी',
  bn: 'আপনার নথি, এক নিরাপদ জায়গায়',
  ta: 'உங்கள் ஆவணங்கள், ஒரே இடத்தில் பாதுகாப்பாக',
  te: 'మీ పత్రాలు, ఒకే చోట సురక్షితంగా',
  kn: 'ನಿಮ್ಮ ದಾಖಲೆಗಳು, ಒಂದೇ ಕಡೆ ಸುರಕ್ಷಿತವಾಗಿ',
};

describe('the portal in Marathi, Bengali, Tamil, Telugu and Kannada', () => {
  let server: Server;
  let browser: Browser;
  beforeAll(async () => {
    [server, browser] = await startServerAndBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('offers every language in its own script, and each one fits a 320 px wide phone', async () => {
    const context = await browser.newContext({ viewport: { width: 320, height: 640 }, locale: 'en-IN' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.baseUrl}/`);
    const select = page.getByTestId('language-select');
    expect(await select.locator('option').allTextContents()).toEqual(OWN_NAMES);
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth);
    for (const code of Object.keys(TITLES)) {
      await select.selectOption(code);
      await page.getByRole('heading', { level: 1, name: TITLES[code] }).waitFor();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(code);
      for (const path of ['/', '/sign-up', '/sign-in', '/verify']) {
        await page.goto(`${server.baseUrl}${path}`);
        await page.locator('main').waitFor();
        expect(await overflow(), `${code} ${path}`).toBeLessThanOrEqual(320);
      }
      await page.goto(`${server.baseUrl}/`);
    }
    expect(errors).toEqual([]);
    await context.close();
  });

  it('signs up a Bengali reader whose OTP SMS is in Bengali', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 640 }, locale: 'en-IN' });
    await context.addInitScript(() => window.localStorage.setItem('tijori.language', 'bn'));
    const page = await context.newPage();
    await page.goto(`${server.baseUrl}/sign-up`);
    const mobile = freshMobile();
    await page.locator('#sign-up-mobile').fill(mobile);
    await page.getByTestId('sign-up-send-otp').click();
    const seen = new Set<string>();
    const otp = await otpFromOutbox(context, server.baseUrl, mobile, seen);
    expect([...seen]).toEqual([`${otp} হল তিজোরিতে সাইন আপের জন্য আপনার OTP। এটি 10 মিনিটে শেষ হয়ে যাবে। এটি কখনও কাউকে বলবেন না।`]);
    await context.close();
  });
});
