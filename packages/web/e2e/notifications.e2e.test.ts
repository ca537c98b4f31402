import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkAadhaar, phone, sandboxResidents, screenshots, signUp, startServerAndBrowser, type Server } from './support.js';

describe('notifications in Chromium', () => {
  let server: Server;
  let browser: Browser;
  beforeAll(async () => {
    [server, browser] = await startServerAndBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('tells a Hindi reader by SMS and in the inbox that their PAN card arrived [hi]', async () => {
    const shot = screenshots('notifications-hi');
    const resident = (await sandboxResidents(server.baseUrl))[2]!;
    const { context, page, errors } = await phone(browser, 'hi');
    const seen = new Set<string>();
    const mobile = await signUp(page, context, server.baseUrl, seen);
    await linkAadhaar(page, context, server.baseUrl, resident, seen);

    // The SMS, as the developer outbox shows it, is in Hindi.
    const outbox = await (await fetch(`${server.baseUrl}/api/v1/dev/sms-outbox?to=${mobile}`)).json();
    expect(outbox.messages[0].body).toBe('तिजोरी: पहले आपके लिए जारी 1 दस्तावेज़ अब आपकी तिजोरी में हैं।');

    await page.getByTestId('nav-inbox').click();
    await page.getByTestId('inbox-list').waitFor();
    expect(await page.locator('h1').textContent()).toBe('सूचनाएँ');
    const item = page.getByTestId('inbox-item').first();
    expect(await item.getAttribute('data-kind')).toBe('documents_received');
    expect(await item.textContent()).toContain('दस्तावेज़ अब आपकी तिजोरी में हैं');
    await shot(page, 'inbox');
    expect(errors).toEqual([]);
    await context.close();
  });
});
