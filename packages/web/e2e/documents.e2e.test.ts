import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lockerWithPan } from './demo-data.js';
import { consoleSignIn, DEMO_STAFF_PASSWORD, phone, screenshots, startServerAndBrowser, type Server } from './support.js';

async function documentDetail(page: Page, uri: string): Promise<{ qrPayload: string; verificationCode: string; status: string }> {
  return page.evaluate(async (u) => (await fetch(`/api/v1/me/documents/${encodeURIComponent(u)}`)).json(), uri);
}

describe('issued documents, pull, verification and the console in Chromium', () => {
  let server: Server;
  let browser: Browser;
  beforeAll(async () => {
    [server, browser] = await startServerAndBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('pulls a CBSE marksheet, verifies its QR signed out, and shows it revoked after the issuer revokes it', async () => {
    const shot = screenshots('documents-en');
    const { context, page, errors } = await phone(browser, 'en');
    const seen = new Set<string>();

    // (a) Sign up, link Aadhaar: the PAN card pushed to that Aadhaar appears under Issued.
    const { resident, marksheet, pan } = await lockerWithPan(page, context, server.baseUrl, seen);
    expect(await pan.getByTestId('document-status').getAttribute('data-status')).toBe('active');
    expect(await pan.getAttribute('data-uri')).toMatch(/^in\.gov\.pan-PANCR-/);
    // Plain words: the card shows no URI and no type code.
    expect(await pan.textContent()).not.toMatch(/PANCR|in\.gov\.pan-|URI/);
    await shot(page, 'issued-with-pan');

    // Pull: search the directory → CBSE → Class XII marksheet → roll number and year.
    await page.getByTestId('pull-cta').click();
    await page.getByTestId('pull-step-1').waitFor();
    await page.locator('#pull-search').fill('secondary');
    await expect.poll(() => page.getByTestId('pull-issuer').count()).toBe(1);
    await page.locator('[data-testid=pull-issuer][data-org-id="in.gov.cbse"]').waitFor();
    await shot(page, 'pull-search');
    await page.locator('[data-testid=pull-issuer][data-org-id="in.gov.cbse"]').click();
    await page.getByTestId('pull-step-2').waitFor();
    await page.locator('[data-testid=pull-doctype][data-code=HSCER]').click();
    await page.getByTestId('pull-step-3').waitFor();
    expect(await page.locator('#pull-param-RollNo-hint').textContent()).toContain('12345678');

    // Client-side checks first: a malformed roll number, and no consent.
    await page.locator('#pull-param-RollNo').fill('12AB');
    await page.locator('#pull-param-Year').fill(marksheet.parameters.Year!);
    await page.getByTestId('pull-submit').click();
    await page.locator('#pull-param-RollNo-error').waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('pull-param-RollNo');
    await page.locator('#pull-param-RollNo').fill(marksheet.parameters.RollNo!);
    await page.getByTestId('pull-submit').click();
    await page.getByTestId('pull-consent-error').waitFor();
    await shot(page, 'pull-consent-missing');

    // A roll number the issuer does not hold: record_not_found, in words.
    const wrong = String((Number(marksheet.parameters.RollNo) + 1) % 1e8).padStart(8, '0');
    await page.locator('#pull-param-RollNo').fill(wrong);
    await page.locator('#pull-consent').check();
    await page.getByTestId('pull-submit').click();
    await page.locator('[data-testid=form-error][data-error-code=record_not_found]').waitFor();
    await shot(page, 'pull-not-found');

    await page.locator('#pull-param-RollNo').fill(marksheet.parameters.RollNo!);
    await page.getByTestId('pull-submit').click();
    const uri = `in.gov.cbse-HSCER-${marksheet.docId}`;
    await page.locator(`[data-testid=document-page][data-uri="${uri}"]`).waitFor();
    await page.getByTestId('pull-success').waitFor();
    await expect.poll(() => page.getByTestId('document-verification').getAttribute('data-verdict')).toBe('genuine');
    expect(await page.locator('h1').textContent()).toBe('Class XII Marksheet');
    expect(await page.locator('[data-field=rollNo] dd').textContent()).toBe(marksheet.parameters.RollNo);
    expect(await page.getByTestId('document-holder-name').textContent()).toBe(resident.name);
    expect(await page.getByTestId('qr-code').locator('path').getAttribute('d')).toMatch(/^M\d/);
    // Download, print and share are on the page; the credential and XML wait under "For verifiers and apps".
    for (const id of ['download-pdf', 'print-document', 'share-open']) expect(await page.getByTestId(id).isVisible()).toBe(true);
    expect(await page.getByTestId('download-credential').isVisible()).toBe(false);
    await page.getByTestId('for-verifiers').locator('summary').click();
    expect(await page.getByTestId('download-credential').isVisible()).toBe(true);
    expect(await page.getByTestId('document-uri').textContent()).toBe(uri);
    expect(await page.getByTestId('download-credential').getAttribute('href')).toBe(`/api/v1/me/documents/${uri}/credential`);
    const xml = await context.request.get(`${server.baseUrl}${await page.getByTestId('download-xml').getAttribute('href')}`);
    expect(xml.status()).toBe(200);
    const pdfHref = await page.getByTestId('open-pdf').getAttribute('href');
    expect(pdfHref).toBe(`/api/v1/me/documents/${uri}/pdf`);
    await shot(page, 'document');

    // The document page survives a reload (deep link), and the locker lists both documents.
    await page.reload();
    await page.locator(`[data-testid=document-page][data-uri="${uri}"]`).waitFor();
    await page.getByRole('navigation').getByTestId('nav-issued').click();
    await page.locator(`[data-testid=document][data-uri="${uri}"]`).waitFor();
    expect(await page.getByTestId('document').count()).toBe(2);
    await shot(page, 'issued-two');

    // (b) The QR code's URL, opened by someone who is not signed in: genuine.
    const detail = await documentDetail(page, uri);
    expect(detail.qrPayload).toMatch(new RegExp(`^${server.baseUrl.replace(/[.]/g, '\\.')}/verify#t=`));
    const verifier = await phone(browser, 'en');
    await verifier.page.goto(detail.qrPayload);
    const result = verifier.page.getByTestId('verify-result');
    await result.waitFor();
    expect(await result.getAttribute('data-verdict')).toBe('genuine');
    expect(await result.getAttribute('data-status')).toBe('active');
    expect(await verifier.page.getByTestId('verify-holder').textContent()).not.toContain(resident.name);
    await shot(verifier.page, 'verify-genuine');

    // The PDF rendering opens, and the file itself verifies when dropped on the verify page.
    const pdf = await context.request.get(`${server.baseUrl}${pdfHref}`);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    const pdfBytes = await pdf.body();
    await verifier.page.goto(`${server.baseUrl}/verify`);
    await verifier.page.locator('#verify-pdf').setInputFiles({ name: 'marksheet.pdf', mimeType: 'application/pdf', buffer: pdfBytes });
    await verifier.page.locator('[data-testid=verify-result][data-verdict=genuine]').waitFor();
    expect(await verifier.page.evaluate(() => document.activeElement?.id)).toBe('verify-result-heading');
    await shot(verifier.page, 'verify-pdf-genuine');
    const altered = Buffer.from(pdfBytes);
    const middle = Math.floor(altered.length / 2);
    altered[middle] = altered[middle]! ^ 0x01;
    await verifier.page.locator('#verify-pdf').setInputFiles({ name: 'altered.pdf', mimeType: 'application/pdf', buffer: altered });
    await expect.poll(() => verifier.page.getByTestId('verify-result').getAttribute('data-verdict')).not.toBe('genuine');
    await shot(verifier.page, 'verify-pdf-altered');

    // The signed credential (vc+jwt) the holder downloads verifies when pasted.
    const credential = await context.request.get(`${server.baseUrl}/api/v1/me/documents/${uri}/credential`);
    expect(credential.headers()['content-type']).toContain('application/vc+jwt');
    await verifier.page.locator('#verify-credential').fill(await credential.text());
    await verifier.page.getByTestId('verify-credential-submit').click();
    await expect.poll(() => verifier.page.getByTestId('verify-result').getAttribute('data-verdict')).toBe('genuine');

    await verifier.page.goto(detail.qrPayload);
    await verifier.page.locator('[data-testid=verify-result][data-verdict=genuine]').waitFor();

    // (c) CBSE staff revoke it by URI in the console …
    const staff = await phone(browser, 'en');
    await consoleSignIn(staff.page, server.baseUrl, 'cbse', DEMO_STAFF_PASSWORD);
    await staff.page.getByTestId('console-stats').waitFor();
    await shot(staff.page, 'console-overview');
    await staff.page.getByTestId('console-nav-status').click();
    await staff.page.locator('#status-uri').fill(uri);
    await staff.page.locator('#status-action-revoked').check();
    await staff.page.locator('#status-reason').fill('Issued in error');
    await staff.page.getByTestId('status-submit').click();
    // … after a summary of whose document it is.
    await staff.page.locator('[data-testid=status-confirm][data-action=revoked]').waitFor();
    expect(await staff.page.getByTestId('status-confirm-uri').textContent()).toBe(uri);
    await staff.page.getByTestId('status-confirm-submit').click();
    await staff.page.locator('[data-testid=status-result-uri][data-status=revoked]').waitFor();
    await shot(staff.page, 'console-revoked');

    // … and the verify page, reloaded, says so.
    await verifier.page.reload();
    await verifier.page.locator('[data-testid=verify-result][data-status=revoked]').waitFor();
    expect(await verifier.page.getByTestId('verify-status-warning').textContent()).toMatch(/revoked/i);
    // Never headed "Genuine" with a tick: not valid, with the issuer's reason, read from its status list.
    expect(await verifier.page.getByTestId('verify-verdict').textContent()).toBe('Not valid: revoked by the issuer');
    expect(await verifier.page.locator('.verdict-icon path[d^="M14 25"]').count()).toBe(0);
    expect(await verifier.page.getByTestId('verify-status-reason').textContent()).toContain('Issued in error');
    await verifier.page.getByTestId('verify-status-source').waitFor();
    // The QR code itself still says what it said when made, and since when: an offline check relies on it.
    expect(await verifier.page.getByTestId('verify-qr-status').textContent()).toMatch(/“Valid” as of .*2\d/);
    await shot(verifier.page, 'verify-revoked');

    // The holder sees it too.
    await page.locator(`[data-testid=document][data-uri="${uri}"] [data-testid=document-link]`).click();
    await page.getByTestId('document-status-warning').waitFor();
    expect(await page.getByTestId('document-status').first().getAttribute('data-status')).toBe('revoked');

    // The URI and verification code work as well, signed out.
    await verifier.page.goto(`${server.baseUrl}/verify`);
    await verifier.page.locator('#verify-uri').fill(uri);
    await verifier.page.locator('#verify-code').fill(detail.verificationCode);
    await verifier.page.getByTestId('verify-code-submit').click();
    await verifier.page.locator('[data-testid=verify-result][data-status=revoked]').waitFor();
    await verifier.page.locator('#verify-code').fill('WRONGCODE1');
    await verifier.page.getByTestId('verify-code-submit').click();
    await verifier.page.locator('[data-testid=verify-result][data-verdict=unknown]').waitFor();
    await shot(verifier.page, 'verify-unknown');

    expect([...errors, ...verifier.errors, ...staff.errors]).toEqual([]);
    await Promise.all([context.close(), verifier.context.close(), staff.context.close()]);
  });
});
