import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleSignIn, DEMO_STAFF_PASSWORD, phone, screenshots, signUp, startServerAndBrowser, type Server } from './support.js';

const ORG = 'in.gov.transport';

describe('issuer staff find a document and revoke it after confirming, in Gujarati', () => {
  let server: Server;
  let browser: Browser;
  beforeAll(async () => {
    [server, browser] = await startServerAndBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('searches by name, shows whose document it is, goes back without change, then revokes with a reason; the verify page by URI and code says so', async () => {
    const shot = screenshots('console-search-revoke-gu');
    const seen = new Set<string>();

    // A resident with a locker, and a driving licence the transport department issues to them.
    const holder = await phone(browser, 'gu');
    const mobile = await signUp(holder.page, holder.context, server.baseUrl, seen);
    const signIn = await fetch(`${server.baseUrl}/api/v1/staff/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'transport', password: DEMO_STAFF_PASSWORD, sessionType: 'bearer' }),
    });
    const token = ((await signIn.json()) as { token: string }).token;
    const docId = `GJ01E2E${String(Date.now()).slice(-8)}`;
    const uri = `${ORG}-DRVLC-${docId}`;
    const issued = await fetch(`${server.baseUrl}/api/v1/issuers/${ORG}/documents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ docType: 'DRVLC', docId, holder: { mobile, name: 'Kiran Desai' }, fields: { licenceNo: docId }, issuedOn: '2026-01-10' }),
    });
    expect(issued.status).toBe(201);
    const detail = (await (await holder.context.request.get(`${server.baseUrl}/api/v1/me/documents/${uri}`)).json()) as { verificationCode: string };
    const searchStatus = async () => {
      const res = await fetch(`${server.baseUrl}/api/v1/issuers/${ORG}/documents/search`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ q: uri }),
      });
      return ((await res.json()) as { documents: { status: string }[] }).documents[0]?.status;
    };

    // Staff search in Gujarati by part of the holder's name, in any case.
    const staff = await phone(browser, 'gu');
    await consoleSignIn(staff.page, server.baseUrl, 'transport', DEMO_STAFF_PASSWORD);
    await staff.page.getByTestId('console-nav-status').click();
    expect(await staff.page.locator('#doc-search-heading').textContent()).toBe('દસ્તાવેજ શોધો');
    await staff.page.locator('#doc-search-q').fill('desai');
    await staff.page.getByTestId('doc-search-submit').click();
    const result = staff.page.locator(`[data-testid=doc-search-result][data-uri="${uri}"]`);
    await result.waitFor();
    expect(await staff.page.getByTestId('doc-search-result').count()).toBe(1);
    expect(await result.getByTestId('doc-search-holder').textContent()).toBe('Kiran Desai');
    expect(await staff.page.getByTestId('doc-search-summary').textContent()).toBe('મળેલા દસ્તાવેજ: 1');
    await shot(staff.page, 'search');

    // Choosing it fills the form; the reversible action is the default; revoking needs a reason.
    await result.getByTestId('doc-search-choose').click();
    expect(await staff.page.locator('#status-uri').inputValue()).toBe(uri);
    expect(await staff.page.locator('#status-action-suspended').isChecked()).toBe(true);
    await staff.page.locator('#status-action-revoked').check();
    await staff.page.getByTestId('status-submit').click();
    expect(await staff.page.getByTestId('status-reason-error').textContent()).toBe('કારણ લખો: ધારક અને ચકાસનાર તે જોશે.');
    await staff.page.locator('#status-reason').fill('ભૂલથી જારી કરાયો');
    await staff.page.getByTestId('status-submit').click();

    // The summary shows whose document it is and what will happen, and nothing has happened yet.
    await staff.page.locator('[data-testid=status-confirm][data-action=revoked]').waitFor();
    // Focus moves to the summary's heading once it has rendered (an effect after the paint).
    await expect.poll(() => staff.page.evaluate(() => document.activeElement?.id)).toBe('status-confirm-heading');
    expect(await staff.page.getByTestId('status-confirm-holder').textContent()).toBe('Kiran Desai');
    expect(await staff.page.getByTestId('status-confirm-uri').textContent()).toBe(uri);
    expect(await staff.page.getByTestId('status-confirm-reason').textContent()).toBe('ભૂલથી જારી કરાયો');
    expect(await staff.page.getByTestId('status-confirm-warning').textContent()).toContain('ફરી ક્યારેય માન્ય નહીં થાય');
    expect(await staff.page.getByTestId('status-confirm-submit').textContent()).toBe('હા, કાયમ માટે રદ કરો');
    expect(await searchStatus()).toBe('active');
    await shot(staff.page, 'confirm');
    await staff.page.getByTestId('status-confirm-back').click();
    await staff.page.getByTestId('status-form').waitFor();
    expect(await searchStatus()).toBe('active');

    // Confirmed this time.
    await staff.page.getByTestId('status-submit').click();
    await staff.page.getByTestId('status-confirm-submit').click();
    await staff.page.locator('[data-testid=status-result-uri][data-status=revoked]').waitFor();
    expect(await searchStatus()).toBe('revoked');
    await shot(staff.page, 'revoked');

    // Filtering by status finds it, with the reason.
    await staff.page.locator('#doc-search-q').fill('');
    await staff.page.locator('#doc-search-status').selectOption('revoked');
    await staff.page.getByTestId('doc-search-submit').click();
    await staff.page.locator(`[data-testid=doc-search-result][data-uri="${uri}"][data-status=revoked]`).waitFor();
    expect(await staff.page.locator(`[data-testid=doc-search-result][data-uri="${uri}"]`).textContent()).toContain('ભૂલથી જારી કરાયો');

    // Anyone with the paper copy types its URI and code by hand: not valid, with the reason, in Gujarati.
    const verifier = await phone(browser, 'gu');
    await verifier.page.goto(`${server.baseUrl}/verify`);
    await verifier.page.locator('#verify-uri').fill(uri);
    await verifier.page.locator('#verify-code').fill(detail.verificationCode.toLowerCase());
    await verifier.page.getByTestId('verify-code-submit').click();
    await verifier.page.locator('[data-testid=verify-result][data-status=revoked]').waitFor();
    expect(await verifier.page.getByTestId('verify-verdict').textContent()).toBe('માન્ય નથી: જારીકર્તાએ રદ કર્યું');
    expect(await verifier.page.getByTestId('verify-status-reason').textContent()).toBe('આપેલું કારણ: ભૂલથી જારી કરાયો');
    await shot(verifier.page, 'verify-by-code');

    expect([...holder.errors, ...staff.errors, ...verifier.errors]).toEqual([]);
    await Promise.all([holder.context.close(), staff.context.close(), verifier.context.close()]);
  });
});
