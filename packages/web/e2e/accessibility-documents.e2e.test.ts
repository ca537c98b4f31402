import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lockerWithPan } from './demo-data.js';
import { checkSettledPage, phone, screenshots, startServerAndBrowser, type Server, type StorageState } from './support.js';

describe('accessibility (axe-core, WCAG 2.1 AA) of issued documents, pull and verification', () => {
  let server: Server;
  let browser: Browser;
  // One resident with a linked Aadhaar (a PAN card pushed to it, a marksheet to pull), signed up
  // once: each language opens the locker in a context of its own with that session.
  let signedIn: StorageState;
  beforeAll(async () => {
    [server, browser] = await startServerAndBrowser();
    const { context, page } = await phone(browser, 'en');
    await lockerWithPan(page, context, server.baseUrl, new Set());
    signedIn = await context.storageState();
    await context.close();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  for (const lang of ['en', 'hi', 'gu'] as const) {
    it(`has no serious violations on issued documents, pull and verification [${lang}]`, async () => {
      const { context, page } = await phone(browser, lang, signedIn);
      const found: string[] = [];
      const shot = screenshots(`pages-documents-${lang}`);
      await page.goto(`${server.baseUrl}/app`);
      await page.locator('[data-testid=document][data-doc-type=PANCR]').waitFor();
      await checkSettledPage(page, found, '/app (documents)', shot);
      for (const path of ['/app/pull', '/app/pull?issuer=in.gov.cbse', '/app/pull?issuer=in.gov.cbse&type=HSCER']) {
        await page.goto(`${server.baseUrl}${path}`);
        await checkSettledPage(page, found, path, shot);
      }
      // The pull form showing its errors.
      await page.getByTestId('pull-submit').click();
      await page.getByTestId('pull-consent-error').waitFor();
      await checkSettledPage(page, found, '/app/pull (errors)', shot);

      const pan = (await page.evaluate(async () => (await (await fetch('/api/v1/me/documents')).json()) as { documents: { uri: string }[] })).documents[0]!.uri;
      const detail = await page.evaluate(
        async (u) => (await (await fetch(`/api/v1/me/documents/${encodeURIComponent(u)}`)).json()) as { qrPayload: string },
        pan,
      );
      // Dots written as %2E, as the portal writes its own links (see lib/path-segment.ts).
      await page.goto(`${server.baseUrl}/app/documents/${encodeURIComponent(pan).replace(/\./g, '%2E')}`);
      await page.locator('[data-testid=document-verification][data-verdict=genuine]').waitFor();
      await checkSettledPage(page, found, '/app/documents/:uri', shot);
      await page.goto(detail.qrPayload);
      await page.getByTestId('verify-result').waitFor();
      await checkSettledPage(page, found, '/verify#t=… (genuine)', shot);
      await page.locator('#verify-uri').fill('not a uri');
      await page.getByTestId('verify-code-submit').click();
      await page.getByTestId('verify-uri-error').waitFor();
      await checkSettledPage(page, found, '/verify (errors)', shot);
      expect(found).toEqual([]);
      await context.close();
    });
  }
});
