import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { residentWithMarksheet } from './demo-data.js';
import { accessibilityViolations, linkAadhaar, phone, screenshots, signUp, startServerAndBrowser, type Server } from './support.js';

const DEVANAGARI = /[\u0900-\u097F]/;

describe('sharing a document by link', () => {
  let server: Server;
  let browser: Browser;
  beforeAll(async () => {
    [server, browser] = await startServerAndBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shares an issued document with a PIN; a phone opens it in Hindi with the footer in print; revoking kills the link at once [hi]', async () => {
    const shot = screenshots('sharing-hi');
    const { resident } = await residentWithMarksheet(server.baseUrl, 0);
    const owner = await phone(browser, 'en');
    const seen = new Set<string>();
    await signUp(owner.page, owner.context, server.baseUrl, seen);
    await linkAadhaar(owner.page, owner.context, server.baseUrl, resident, seen);

    // From the document's own page: Share, then (with a PIN) Create link.
    await owner.page.getByRole('navigation').getByTestId('nav-issued').click();
    const pan = owner.page.locator('[data-testid=document][data-doc-type=PANCR] [data-testid=document-link]');
    await pan.click();
    await owner.page.getByTestId('document-page').waitFor();
    await owner.page.getByTestId('share-open').click();
    await owner.page.locator('#share-pin').fill('975310');
    await owner.page.getByTestId('share-create').click();
    await owner.page.getByTestId('share-created').waitFor();
    const url = (await owner.page.getByTestId('share-url').textContent())!.trim();
    expect(url).toMatch(new RegExp(`^${server.baseUrl}/s/[A-Za-z0-9_-]{43}$`));
    await owner.page.getByTestId('share-qr').waitFor();
    expect(await accessibilityViolations(owner.page)).toEqual([]);
    await shot(owner.page, 'created');

    // A stranger's phone, no account, in Hindi.
    const receiver = await phone(browser, 'hi');
    const response = await receiver.page.goto(url);
    expect(response!.headers()['x-robots-tag']).toBe('noindex, nofollow');
    expect(response!.headers()['referrer-policy']).toBe('no-referrer');
    await receiver.page.getByTestId('receiver-pin-form').waitFor();
    expect(await receiver.page.locator('h1').textContent()).toMatch(DEVANAGARI);
    await receiver.page.locator('#receiver-pin').fill('975310');
    await receiver.page.getByTestId('receiver-open').click();
    await receiver.page.getByTestId('shared-document').waitFor();
    expect(await receiver.page.getByTestId('shared-verification').getAttribute('data-verdict')).toBe('genuine');
    expect(await receiver.page.locator('h1').textContent()).toBe('पैन कार्ड');
    expect(await receiver.page.locator('meta[name=robots]').getAttribute('content')).toBe('noindex, nofollow');
    const footer = receiver.page.getByTestId('share-footer');
    const footerText = (await footer.textContent())!;
    expect(footerText).toMatch(DEVANAGARI);
    expect(footerText).toContain(maskedFirstWord(resident.name));
    expect(footerText).not.toContain(resident.name);
    expect(await receiver.page.getByTestId('shared-download').count()).toBe(0);
    await shot(receiver.page, 'receiver');
    expect(await accessibilityViolations(receiver.page)).toEqual([]);

    // Print: the site's own header goes, the footer is pinned to the foot of every page.
    await receiver.page.emulateMedia({ media: 'print' });
    expect(await footer.isVisible()).toBe(true);
    expect(await footer.evaluate((el) => getComputedStyle(el).position)).toBe('fixed');
    expect(await receiver.page.locator('.site-header').isVisible()).toBe(false);
    expect(await receiver.page.getByTestId('shared-print').isVisible()).toBe(false);
    await shot(receiver.page, 'print');
    await receiver.page.emulateMedia({ media: 'screen' });

    // The owner sees the view in Shared, then revokes the link.
    await owner.page.goto(`${server.baseUrl}/app/shared`);
    const item = owner.page.locator('[data-testid=share-item][data-state=live]');
    await item.waitFor();
    expect(await item.getByTestId('share-view-count').textContent()).toContain('1');
    expect(await item.getByTestId('share-views').textContent()).toContain('Chrome');
    await shot(owner.page, 'shared-list');
    expect(await accessibilityViolations(owner.page)).toEqual([]);
    await item.getByTestId('share-revoke').click();
    await item.getByTestId('share-revoke-confirm').click();
    await owner.page.locator('[data-testid=share-item][data-state=revoked]').waitFor();
    await shot(owner.page, 'revoked');

    // The link is dead at once, said in Hindi, without a PIN prompt.
    await receiver.page.reload();
    await receiver.page.locator('[data-testid=receiver-error][data-error-code=share_revoked]').waitFor();
    expect(await receiver.page.getByTestId('receiver-error').textContent()).toMatch(DEVANAGARI);
    expect(await receiver.page.getByTestId('receiver-pin-form').count()).toBe(0);
    expect(await receiver.page.getByTestId('shared-document').count()).toBe(0);
    await shot(receiver.page, 'dead');

    // The activity log names the document for each step.
    await owner.page.goto(`${server.baseUrl}/app/activity`);
    await owner.page.locator('[data-testid=activity-event][data-type=share_revoked]').waitFor();
    for (const type of ['share_created', 'share_opened', 'share_revoked']) {
      expect(await owner.page.locator(`[data-testid=activity-event][data-type=${type}] [data-testid=activity-share-details]`).first().textContent()).toContain(
        'PAN',
      );
    }
    expect([...owner.errors, ...receiver.errors]).toEqual([]);
  });
});

/** "Anjali Mishra" → "A*****": the start of what the receiver's footer shows by default. */
function maskedFirstWord(name: string): string {
  const first = [...name.split(/\s+/)[0]!];
  return first[0] + '*'.repeat(first.length - 1);
}
