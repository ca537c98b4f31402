import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { residentWithMarksheet } from './demo-data.js';
import { linkAadhaar, phone, screenshots, signUp, startServerAndBrowser, type Server } from './support.js';

const DEVANAGARI = /[\u0900-\u097F]/;

describe('pulling a document in Hindi', () => {
  let server: Server;
  let browser: Browser;
  beforeAll(async () => {
    [server, browser] = await startServerAndBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('finds CBSE by its Hindi name, pulls the class XII marksheet and verifies it [hi]', async () => {
    const shot = screenshots('documents-hi');
    const { resident, marksheet } = await residentWithMarksheet(server.baseUrl, 1);
    const { context, page, errors } = await phone(browser, 'hi');
    const seen = new Set<string>();

    await signUp(page, context, server.baseUrl, seen);
    await linkAadhaar(page, context, server.baseUrl, resident, seen);
    await page.getByRole('navigation').getByTestId('nav-issued').click();
    await page.locator('[data-testid=document][data-doc-type=PANCR]').waitFor();
    expect(await page.locator('[data-testid=document][data-doc-type=PANCR] [data-testid=document-link]').textContent()).toBe('पैन कार्ड');
    expect(await page.locator('[data-testid=document][data-doc-type=PANCR] [data-testid=document-status]').textContent()).toBe('मान्य');
    await shot(page, 'issued');

    await page.getByTestId('pull-cta').click();
    expect(await page.locator('h1').textContent()).toMatch(DEVANAGARI);
    await page.locator('#pull-search').fill('माध्यमिक');
    await expect.poll(() => page.getByTestId('pull-issuer').count()).toBe(1);
    expect(await page.getByTestId('pull-issuer').textContent()).toContain('केंद्रीय माध्यमिक शिक्षा बोर्ड');
    await shot(page, 'pull-search');
    await page.getByTestId('pull-issuer').click();
    await page.locator('[data-testid=pull-doctype][data-code=HSCER]').waitFor();
    expect(await page.locator('[data-testid=pull-doctype][data-code=HSCER]').textContent()).toContain('कक्षा XII अंकपत्र');
    await shot(page, 'pull-type');
    await page.locator('[data-testid=pull-doctype][data-code=HSCER]').click();
    await page.getByTestId('pull-step-3').waitFor();
    expect(await page.locator('label[for=pull-param-RollNo]').textContent()).toBe('अनुक्रमांक');
    expect(await page.locator('label[for=pull-consent]').textContent()).toContain('अधिकृत');
    // Digits typed in Devanagari count.
    const devanagari = marksheet.parameters.RollNo!.replace(/\d/g, (d) => String.fromCharCode(0x0966 + Number(d)));
    await page.locator('#pull-param-RollNo').fill(devanagari);
    await page.locator('#pull-param-Year').fill(marksheet.parameters.Year!);
    await page.getByTestId('pull-submit').click();
    await page.getByTestId('pull-consent-error').waitFor();
    expect(await page.getByTestId('pull-consent-error').textContent()).toMatch(DEVANAGARI);
    await shot(page, 'pull-consent-missing');
    await page.locator('#pull-consent').check();
    await page.getByTestId('pull-submit').click();

    const uri = `in.gov.cbse-HSCER-${marksheet.docId}`;
    await page.locator(`[data-testid=document-page][data-uri="${uri}"]`).waitFor();
    await expect.poll(() => page.getByTestId('document-verification').getAttribute('data-verdict')).toBe('genuine');
    expect(await page.locator('h1').textContent()).toBe('कक्षा XII अंकपत्र');
    expect(await page.locator('[data-field=rollNo] dt').textContent()).toBe('अनुक्रमांक');
    expect(await page.getByTestId('pull-success').textContent()).toMatch(DEVANAGARI);
    await shot(page, 'document');

    // The verify page in Hindi, signed out, from the QR code.
    const qr = await page.evaluate(
      async (u) => ((await (await fetch(`/api/v1/me/documents/${encodeURIComponent(u)}`)).json()) as { qrPayload: string }).qrPayload,
      uri,
    );
    const verifier = await phone(browser, 'hi');
    await verifier.page.goto(qr);
    await verifier.page.locator('[data-testid=verify-result][data-verdict=genuine]').waitFor();
    expect(await verifier.page.getByTestId('verify-verdict').textContent()).toBe('असली दस्तावेज़');
    expect(await verifier.page.getByTestId('verify-doc-type').textContent()).toContain('कक्षा XII अंकपत्र');
    await shot(verifier.page, 'verify');
    // The language switcher works here too, and asks again for names in that language.
    await verifier.page.getByTestId('language-select').selectOption('gu');
    await expect.poll(() => verifier.page.getByTestId('verify-doc-type').textContent()).toContain('ધોરણ XII ગુણપત્રક');
    expect(await verifier.page.getByTestId('verify-verdict').textContent()).toBe('અસલી દસ્તાવેજ');
    await shot(verifier.page, 'verify-gu');

    // With the URI and the code printed beside the QR, the page shows what the paper should say.
    const printed = await page.evaluate(
      async (u) => (await (await fetch(`/api/v1/me/documents/${encodeURIComponent(u)}`)).json()) as { verificationCode: string; holder: { name: string } },
      uri,
    );
    const checker = await phone(browser, 'hi');
    await checker.page.goto(`${server.baseUrl}/verify`);
    await checker.page.locator('#verify-uri').fill(uri);
    await checker.page.locator('#verify-code').fill('ZZZZZZZZZZ');
    await checker.page.getByTestId('verify-code-submit').click();
    await checker.page.locator('[data-testid=verify-result][data-verdict=unknown]').waitFor();
    expect(await checker.page.getByTestId('verify-verdict').textContent()).toMatch(DEVANAGARI);
    expect(await checker.page.getByTestId('verify-contents').count()).toBe(0);
    await checker.page.locator('#verify-code').fill(printed.verificationCode.toLowerCase());
    await checker.page.getByTestId('verify-code-submit').click();
    await checker.page.getByTestId('verify-contents').waitFor();
    expect(await checker.page.getByTestId('verify-verdict').textContent()).toBe('असली दस्तावेज़');
    expect(await checker.page.locator('#verify-contents-heading').textContent()).toBe('दस्तावेज़ पर जैसा छपा है');
    expect(await checker.page.getByTestId('verify-holder-name').textContent()).toBe(printed.holder.name);
    expect(await checker.page.locator('[data-testid=verify-contents] [data-field=rollNo] dt').textContent()).toBe('अनुक्रमांक');
    expect(await checker.page.locator('[data-testid=verify-contents] [data-field=rollNo] dd').textContent()).toBe(marksheet.parameters.RollNo);
    await shot(checker.page, 'verify-by-code');

    expect([...errors, ...verifier.errors, ...checker.errors]).toEqual([]);
    await Promise.all([context.close(), verifier.context.close(), checker.context.close()]);
  });
});
