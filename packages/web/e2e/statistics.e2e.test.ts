import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  accessibilityViolations,
  consoleSignIn,
  DEMO_OPERATOR,
  DEMO_STAFF_PASSWORD,
  freshMobile,
  phone,
  screenshots,
  startServerAndBrowser,
  type Server,
} from './support.js';

const DEVANAGARI = /[\u0900-\u097F]/;

/** Activity through the API, as residents and verifiers would make it: a sign-up and two verifications. */
async function seedActivity(baseUrl: string): Promise<void> {
  const post = (url: string, body: unknown) =>
    fetch(`${baseUrl}${url}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const mobile = freshMobile();
  const start = await post('/api/v1/auth/sign-up', { mobile });
  expect(start.status).toBe(202);
  const { challengeId } = (await start.json()) as { challengeId: string };
  const outbox = (await (await fetch(`${baseUrl}/api/v1/dev/sms-outbox?to=${mobile}`)).json()) as { messages: { body: string }[] };
  const otp = /\b(\d{6})\b/.exec(outbox.messages[0]!.body)![1];
  const verified = await post('/api/v1/auth/sign-up/verify', { challengeId, otp });
  expect(verified.status).toBe(200);
  const { signupTicket } = (await verified.json()) as { signupTicket: string };
  expect((await post('/api/v1/auth/sign-up/complete', { signupTicket, pin: '482916' })).status).toBe(201);
  for (let i = 0; i < 2; i++) expect((await post('/api/v1/verify', { uri: 'in.gov.cbse-HSCER-000000000000', code: 'ZZZZZZZZZZ' })).status).toBe(200);
}

describe('the operator’s statistics dashboard in Chromium', () => {
  let server: Server;
  let browser: Browser;
  beforeAll(async () => {
    [server, browser] = await startServerAndBrowser();
    await seedActivity(server.baseUrl);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows today’s sign-ups, issuance and verifications as charts and numbers, in Hindi [hi]', async () => {
    const shot = screenshots('statistics-hi');
    const { page, errors } = await phone(browser, 'hi');
    await consoleSignIn(page, server.baseUrl, DEMO_OPERATOR.username, DEMO_OPERATOR.password);
    await page.getByTestId('console-nav-statistics').click();
    await page.locator('[data-testid=statistics-page][data-loaded=true]').waitFor();
    expect(await page.locator('h1').textContent()).toBe('प्लेटफ़ॉर्म के आँकड़े');

    const stat = (key: string) => page.locator(`[data-testid=statistics-totals] [data-stat=${key}]`);
    expect(Number(await stat('signedUp').getAttribute('data-value'))).toBe(1);
    expect(Number(await stat('verifications').getAttribute('data-value'))).toBe(2);
    // The demo directory's seed issued documents today: shown with Indian grouping.
    const issued = Number(await stat('issued').getAttribute('data-value'));
    expect(issued).toBeGreaterThan(0);
    expect(await stat('issued').locator('dd').textContent()).toBe(new Intl.NumberFormat('hi').format(issued));
    expect(await stat('signedUp').locator('dt').textContent()).toBe('साइन अप करने वाले नागरिक');
    // When the figures were read (an answer is shared for a few seconds), said in Hindi.
    expect(await page.getByTestId('statistics-as-of').textContent()).toMatch(/^आँकड़े .+ तक के हैं/);

    // Charts are images with a Hindi text alternative; today's bar carries the day's total.
    const residents = page.locator('[data-testid=chart-residents] svg[role=img]');
    expect(await residents.getAttribute('aria-label')).toMatch(DEVANAGARI);
    expect(await page.locator('[data-testid=chart-residents] g[data-day]').count()).toBe(30);
    expect(await page.locator('[data-testid=chart-residents] g[data-day]').last().getAttribute('data-total')).toBe('1');
    expect(await page.locator('[data-testid=chart-verifications] g[data-day]').last().getAttribute('data-total')).toBe('2');
    expect(await page.locator('[data-testid=chart-verifications] figcaption').textContent()).toContain('अज्ञात');
    expect(await page.locator('[data-testid=chart-by-type] g[data-key]').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-testid=table-by-type] tbody tr').count()).toBeGreaterThan(0);
    await shot(page, 'dashboard');
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.locator('#statistics-days').selectOption('7');
    await expect.poll(() => page.locator('[data-testid=chart-residents] g[data-day]').count()).toBe(7);
    expect(await page.locator('#statistics-days option:checked').textContent()).toBe('पिछले 7 दिन');
    expect(errors).toEqual([]);
  });

  it('is not offered to an issuer’s staff, and refuses them when they go there anyway', async () => {
    const { page, errors } = await phone(browser, 'en');
    await consoleSignIn(page, server.baseUrl, 'cbse', DEMO_STAFF_PASSWORD);
    expect(await page.getByTestId('console-nav-statistics').count()).toBe(0);
    await page.goto(`${server.baseUrl}/console/statistics`);
    await page.locator('[data-testid=statistics-error]').waitFor();
    expect(await page.getByTestId('statistics-error').textContent()).toContain('Only platform operators');
    expect(await page.locator('[data-testid=chart-residents]').count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
