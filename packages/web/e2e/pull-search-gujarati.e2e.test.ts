import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { phone, screenshots, signUp, startServerAndBrowser, type Server } from './support.js';

const GUJARATI = /[\u0A80-\u0AFF]/;

describe('"Get a document" searched in Gujarati', () => {
  let server: Server;
  let browser: Browser;
  beforeAll(async () => {
    [server, browser] = await startServerAndBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('finds documents and issuers by Gujarati names, other names and Hindi, and helps when nothing matches [gu]', async () => {
    const shot = screenshots('pull-search-gu');
    const { context, page, errors } = await phone(browser, 'gu');
    await signUp(page, context, server.baseUrl, new Set());
    await page.goto(`${server.baseUrl}/app/pull`);
    const search = page.locator('#pull-search');
    await search.waitFor();
    expect(await page.locator('label[for=pull-search]').textContent()).toMatch(GUJARATI);

    // The income certificate by its Gujarati name: the document itself comes first, ready to ask for.
    await search.fill('આવકનો દાખલો');
    await expect.poll(() => page.getByTestId('pull-doctype-hit').first().getAttribute('data-code')).toBe('INCER');
    expect(await page.getByTestId('pull-doctype-hit').first().getAttribute('data-match')).toBe('exact');
    expect(await page.getByTestId('pull-doctype-hit').first().textContent()).toContain('ઈ-ડિસ્ટ્રિક્ટ');
    await shot(page, 'income-certificate');

    // "પાન": the PAN card, by the start of its Gujarati name.
    await search.fill('પાન');
    await expect.poll(() => page.getByTestId('pull-doctype-hit').first().getAttribute('data-code')).toBe('PANCR');
    expect(await page.getByTestId('pull-doctype-hit').first().textContent()).toContain('પાન કાર્ડ');

    // "CBSE" typed in Gujarati script appears in no name: the board is found as another name for it.
    await search.fill('સીબીએસઈ');
    await expect.poll(() => page.getByTestId('pull-issuer').first().getAttribute('data-org-id')).toBe('in.gov.cbse');
    expect(await page.getByTestId('pull-issuer').first().textContent()).toContain('કેન્દ્રીય માધ્યમિક શિક્ષણ બોર્ડ');

    // "Marksheet" in Gujarati script: both CBSE marksheets, named in Gujarati.
    await search.fill('માર્કશીટ');
    await expect.poll(() => page.getByTestId('pull-doctype-hit').count()).toBe(2);
    expect(await page.getByTestId('pull-doctype-hit').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('ગુણપત્રક')]));
    await shot(page, 'marksheet');

    // Nothing found: said in Gujarati, with what to try, and a way back.
    await search.fill('ઝઝઝ');
    await page.getByTestId('pull-search-empty').waitFor();
    expect(await page.getByTestId('pull-search-empty').textContent()).toContain('“ઝઝઝ”');
    expect(await page.getByTestId('pull-search-empty').textContent()).toMatch(GUJARATI);
    await shot(page, 'empty');
    await page.getByTestId('pull-search-clear').click();
    await expect.poll(() => page.getByTestId('pull-issuer').count()).toBeGreaterThan(1);

    // A hit leads straight to the document's form.
    await search.fill('આવકનો દાખલો');
    await page.locator('[data-testid=pull-doctype-hit][data-code=INCER]').click();
    await page.getByTestId('pull-step-3').waitFor();
    expect(await page.locator('label[for=pull-param-CertificateNo]').textContent()).toBe('દાખલા નંબર');

    expect(errors).toEqual([]);
    await context.close();
  });
});
