import fs from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkAadhaar, otpFromOutbox, phone, sandboxResidents, screenshots, signUp, startServerAndBrowser, type Server } from './support.js';

const FIXTURE = new URL('../../server/test/signatures/fixtures/two-page-letter.pdf', import.meta.url);

describe('eSign of an uploaded PDF in the portal', () => {
  let server: Server;
  let browser: Browser;
  beforeAll(async () => {
    [server, browser] = await startServerAndBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('signs a PDF with the OTP; the signed copy sits beside it and verifies as the resident’s signature [gu]', async () => {
    const shot = screenshots('esign-gu');
    const seen = new Set<string>();
    const { context, page, errors } = await phone(browser, 'gu');
    const mobile = await signUp(page, context, server.baseUrl, seen);
    const [aadhaar] = await sandboxResidents(server.baseUrl);
    await linkAadhaar(page, context, server.baseUrl, aadhaar!, seen);

    await page.getByRole('navigation').getByTestId('nav-uploaded').click();
    await page.getByTestId('uploaded-empty').waitFor();
    await page.getByTestId('upload-input').setInputFiles([{ name: 'letter.pdf', mimeType: 'application/pdf', buffer: await fs.readFile(FIXTURE) }]);
    const original = page.locator('[data-testid=file][data-name="letter.pdf"]');
    await expect.poll(() => original.getAttribute('data-status'), { timeout: 20_000 }).toBe('clean');

    await original.getByRole('button', { name: 'સહી કરો (ઈ-સાઇન)' }).click();
    const panel = original.getByTestId('esign');
    // The stamp goes on the last page unless chosen: here page 1, top left. (This PDF keeps its
    // pages in object streams, so their number is not known before signing: a typed page.)
    expect(await panel.getByTestId('esign-page').getAttribute('placeholder')).toBe('છેલ્લું પાનું');
    await panel.getByLabel('સિક્કો કયા પાના પર').fill('1');
    await panel.getByLabel('સિક્કાની જગ્યા').selectOption({ label: 'ઉપર ડાબે' });
    await shot(page, 'placement');
    await original.getByTestId('esign-start').click();
    await panel.getByTestId('otp-sent-to').waitFor();
    expect(await panel.getByTestId('otp-sent-to').textContent()).toContain('પાના 1 પર');
    await panel
      .locator('input')
      .first()
      .fill(await otpFromOutbox(context, server.baseUrl, mobile, seen));
    await shot(page, 'otp');
    await panel.getByTestId('otp-submit').click();

    const signed = page.locator('[data-testid=file][data-name="letter (eSigned).pdf"]');
    await signed.waitFor({ timeout: 30_000 });
    expect(await signed.getAttribute('data-status')).toBe('clean');
    expect(await original.count()).toBe(1);
    await shot(page, 'signed');

    // The signed copy, downloaded with the resident's session, verifies as signed in their Aadhaar name.
    const listing = await (await context.request.get(`${server.baseUrl}/api/v1/me/files`)).json();
    const file = (listing.files as { id: string; name: string }[]).find((f) => f.name === 'letter (eSigned).pdf')!;
    const bytes = await (await context.request.get(`${server.baseUrl}/api/v1/me/files/${file.id}/content`)).body();
    const report = await (
      await context.request.post(`${server.baseUrl}/api/v1/verify/pdf`, { headers: { 'content-type': 'application/pdf' }, data: bytes })
    ).json();
    expect(report.signatures.signatures[0]).toMatchObject({ valid: true, signer: { name: aadhaar!.name }, certificate: { chainsToTijori: true } });
    expect(errors).toEqual([]);
  });
});
