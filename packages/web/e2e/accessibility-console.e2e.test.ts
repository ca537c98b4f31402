import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkSettledPage, consoleSignIn, DEMO_OPERATOR, DEMO_STAFF_PASSWORD, phone, screenshots, startServerAndBrowser, type Server } from './support.js';

describe('accessibility (axe-core, WCAG 2.1 AA) of the console', () => {
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
    it(`has no serious violations on the issuer's and the operator's console pages [${lang}]`, async () => {
      const { context, page } = await phone(browser, lang);
      const found: string[] = [];
      const shot = screenshots(`pages-console-${lang}`);
      await page.goto(`${server.baseUrl}/console`);
      await page.locator('#console-password').fill('x');
      await page.getByTestId('console-sign-in-submit').click();
      await page.locator('#console-username-error').waitFor();
      await checkSettledPage(page, found, '/console (sign-in errors)', shot);

      await consoleSignIn(page, server.baseUrl, 'cbse', DEMO_STAFF_PASSWORD);
      for (const path of ['/console', '/console/issue', '/console/status', '/console/bulk']) {
        await page.goto(`${server.baseUrl}${path}`);
        await checkSettledPage(page, found, `${path} (issuer)`, shot);
      }
      await page.goto(`${server.baseUrl}/console/issue`);
      await page.getByTestId('issue-submit').click();
      await page.locator('#issue-doc-id-error').waitFor();
      await checkSettledPage(page, found, '/console/issue (errors)', shot);

      await page.getByTestId('console-sign-out').click();
      await consoleSignIn(page, server.baseUrl, DEMO_OPERATOR.username, DEMO_OPERATOR.password);
      for (const path of ['/console', '/console/issuers/new', '/console/issuers/in%2Egov%2Ecbse', '/console/issuers/in%2Egov%2Ecbse/document-types/new']) {
        await page.goto(`${server.baseUrl}${path}`);
        await checkSettledPage(page, found, `${path} (operator)`, shot);
      }
      expect(found).toEqual([]);
      await context.close();
    });
  }
});
