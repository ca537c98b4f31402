import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleSignIn, DEMO_STAFF_PASSWORD, freshMobile, phone, screenshots, startServerAndBrowser, type Server } from './support.js';

const ORG = 'in.gov.cbse';

describe('issuer staff find a marksheet by the holder’s name and by roll number, in Hindi', () => {
  let server: Server;
  let browser: Browser;
  beforeAll(async () => {
    [server, browser] = await startServerAndBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('searches by part of the name in either script, by the roll number as written, and opens the document', async () => {
    const shot = screenshots('console-search-hi');
    const signIn = await fetch(`${server.baseUrl}/api/v1/staff/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'cbse', password: DEMO_STAFF_PASSWORD, sessionType: 'bearer' }),
    });
    const token = ((await signIn.json()) as { token: string }).token;
    const roll = `4${String(Date.now()).slice(-7)}`;
    const mobile = freshMobile();
    const issue = async (rollNo: string, name: string, nameLocal: string) => {
      const docId = `2024${rollNo}`;
      const res = await fetch(`${server.baseUrl}/api/v1/issuers/${ORG}/documents`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({
          docType: 'HSCER',
          docId,
          holder: { mobile, name, nameLocal },
          fields: { examination: 'Senior School Certificate Examination 2024', rollNo, result: 'PASS' },
          issuedOn: '2024-05-14',
        }),
      });
      expect(res.status).toBe(201);
      return `${ORG}-HSCER-${docId}`;
    };
    const uri = await issue(roll, 'Priya Sharma', 'प्रिया शर्मा');
    // A second holder whose name begins alike, so the search has to tell them apart.
    await issue(String(Number(roll) + 1), 'Priyanka Verma', 'प्रियंका वर्मा');

    const staff = await phone(browser, 'hi');
    await consoleSignIn(staff.page, server.baseUrl, 'cbse', DEMO_STAFF_PASSWORD);
    await staff.page.getByTestId('console-nav-status').click();
    const box = staff.page.locator('#doc-search-q');
    expect(await staff.page.locator('label[for=doc-search-q]').textContent()).toContain('नाम, मोबाइल, रोल या पंजीकरण संख्या, या URI');
    const search = async (text: string) => {
      await box.fill(text);
      await staff.page.getByTestId('doc-search-submit').click();
    };

    // One letter is not enough to search by.
    await search('प');
    expect(await staff.page.getByTestId('doc-search-q-error').textContent()).toBe('कम से कम दो अक्षर या अंक लिखें।');

    // The beginnings of the words of the name, in any order, case and spacing; then in Devanagari.
    const result = staff.page.locator(`[data-testid=doc-search-result][data-uri="${uri}"]`);
    await search('  sharma   PRI ');
    await result.waitFor();
    expect(await staff.page.getByTestId('doc-search-result').count()).toBe(1);
    expect(await result.getByTestId('doc-search-holder').textContent()).toBe('Priya Sharma');
    expect(await staff.page.getByTestId('doc-search-summary').textContent()).toBe('मिले दस्तावेज़: 1');
    await search('प्रिया');
    await expect.poll(() => staff.page.getByTestId('doc-search-result').count()).toBe(1);
    expect(await result.getByTestId('doc-search-holder').textContent()).toBe('Priya Sharma');
    await search('pri');
    await expect.poll(() => staff.page.getByTestId('doc-search-result').count()).toBe(2);
    await shot(staff.page, 'by-name');

    // The roll number alone (the document number is year + roll), written with a space.
    await search(`${roll.slice(0, 4)} ${roll.slice(4)}`);
    await expect.poll(() => staff.page.getByTestId('doc-search-result').count()).toBe(1);
    await result.waitFor();
    // Found by the mobile, the document shows it masked; by name or number it is held, so no mobile shows.
    expect(await result.getByTestId('doc-search-mobile').count()).toBe(0);
    await search(mobile);
    await expect.poll(() => staff.page.getByTestId('doc-search-result').count()).toBe(2);
    expect(await result.getByTestId('doc-search-mobile').textContent()).toBe(`XXXXXX${mobile.slice(-4)}`);
    await shot(staff.page, 'by-mobile');

    // Opening it shows the document in the console's status view, whose it is first.
    await result.getByTestId('doc-search-choose').click();
    expect(await staff.page.locator('#status-uri').inputValue()).toBe(uri);
    await staff.page.locator('#status-reason').fill('अंकों की जाँच चल रही है');
    await staff.page.getByTestId('status-submit').click();
    await staff.page.locator('[data-testid=status-confirm][data-action=suspended]').waitFor();
    expect(await staff.page.getByTestId('status-confirm-holder').textContent()).toBe('Priya Sharma');
    expect(await staff.page.getByTestId('status-confirm-uri').textContent()).toBe(uri);
    await shot(staff.page, 'opened');
    expect(staff.errors).toEqual([]);
  });
});
