import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfFile, pngFile } from '../../server/test/support/upload-fixtures.js';
import { accessibilityViolations, phone, screenshots, signUp, startServerAndBrowser, type Server } from './support.js';

const GUJARATI = /[\u0A80-\u0AFF]/;

describe('sharing an uploaded file by link', () => {
  let server: Server;
  let browser: Browser;
  beforeAll(async () => {
    [server, browser] = await startServerAndBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shares an uploaded PDF and a photo from the Uploaded section; a phone sees the preview, marked as not verified [gu]', async () => {
    const shot = screenshots('share-upload-gu');
    const owner = await phone(browser, 'en');
    await signUp(owner.page, owner.context, server.baseUrl, new Set());
    await owner.page.getByRole('navigation').getByTestId('nav-uploaded').click();
    await owner.page.getByTestId('uploaded-empty').waitFor();
    await owner.page.getByTestId('upload-input').setInputFiles([
      { name: 'Rent agreement.pdf', mimeType: 'application/pdf', buffer: pdfFile(2) },
      { name: 'photo.png', mimeType: 'image/png', buffer: pngFile(60, 40) },
    ]);
    await expect.poll(() => owner.page.locator('[data-testid=file][data-status=clean]').count(), { timeout: 20_000 }).toBe(2);

    const share = async (name: string, allowDownload: boolean) => {
      const card = owner.page.locator(`[data-testid=file][data-name="${name}"]`);
      await card.getByTestId('share-open').click();
      if (allowDownload) await card.getByRole('checkbox', { name: 'Allow downloading the file' }).check();
      await card.getByTestId('share-create').click();
      await card.getByTestId('share-created').waitFor();
      return (await card.getByTestId('share-url').textContent())!.trim();
    };
    const pdfUrl = await share('Rent agreement.pdf', true);
    const photoUrl = await share('photo.png', false);
    expect(pdfUrl).toMatch(new RegExp(`^${server.baseUrl}/s/[A-Za-z0-9_-]{43}$`));
    expect(await accessibilityViolations(owner.page)).toEqual([]);

    // A stranger's phone, no account, in Gujarati.
    const receiver = await phone(browser, 'gu');
    await receiver.page.goto(pdfUrl);
    const shared = receiver.page.getByTestId('shared-upload');
    await shared.waitFor();
    expect(await shared.getAttribute('data-media-type')).toBe('application/pdf');
    expect(await receiver.page.locator('h1').textContent()).toBe('Rent agreement.pdf');
    expect(await receiver.page.getByTestId('shared-not-verified').textContent()).toMatch(GUJARATI);
    expect(await receiver.page.getByTestId('shared-verification').count()).toBe(0);
    const frame = receiver.page.locator('[data-testid=shared-preview] iframe');
    await frame.waitFor();
    expect(await frame.getAttribute('sandbox')).toBe('');
    expect(await frame.getAttribute('src')).toMatch(/^blob:/);
    expect(await receiver.page.getByTestId('share-footer').textContent()).toMatch(GUJARATI);
    const [download] = await Promise.all([receiver.page.waitForEvent('download'), receiver.page.getByTestId('shared-download').click()]);
    expect(download.suggestedFilename()).toBe('Rent agreement.pdf');
    expect(await accessibilityViolations(receiver.page)).toEqual([]);
    await shot(receiver.page, 'pdf');

    // The photo: shown as an image; no download offered.
    await receiver.page.goto(photoUrl);
    await receiver.page.locator('[data-testid=shared-upload][data-media-type="image/png"]').waitFor();
    await expect
      .poll(() => receiver.page.locator('[data-testid=shared-preview] img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
      .toBe(60);
    expect(await receiver.page.getByTestId('shared-download').count()).toBe(0);
    await shot(receiver.page, 'photo');
    // The test's language init script also runs in the sandboxed preview frame, where storage is denied.
    expect([...owner.errors, ...receiver.errors].filter((e) => !e.includes("Failed to read the 'localStorage' property"))).toEqual([]);
  });
});
