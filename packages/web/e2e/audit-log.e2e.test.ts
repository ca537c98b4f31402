import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  accessibilityViolations,
  consoleSignIn,
  DEMO_OPERATOR,
  DEMO_STAFF_PASSWORD,
  operatorApiToken,
  phone,
  screenshots,
  startServerAndBrowser,
  type Server,
} from './support.js';

const GUJARATI = /[\u0A80-\u0AFF]/;

describe('the operators’ audit log in Chromium', () => {
  let server: Server;
  let browser: Browser;
  let keyId: string;

  beforeAll(async () => {
    [server, browser] = await startServerAndBrowser();
    const post = (url: string, body: unknown, token?: string, method = 'POST') =>
      fetch(`${server.baseUrl}${url}`, {
        method,
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(body),
      });
    // A failed console sign-in, then an operator creates an API key for an issuer: both audited.
    expect((await post('/api/v1/staff/sign-in', { username: 'cbse', password: 'not-the-password', sessionType: 'bearer' })).status).toBe(401);
    const token = await operatorApiToken(server.baseUrl);
    const key = await post('/api/v1/issuers/in.gov.cbse/credentials', { kind: 'api_key', label: 'audit e2e' }, token);
    expect(key.status).toBe(201);
    keyId = ((await key.json()) as { id: string }).id;
    // And changes the issuer's directory entry: audited too, labelled like every other action.
    expect((await post('/api/v1/issuers/in.gov.cbse', { contactEmail: 'audit@cbse.example' }, token, 'PATCH')).status).toBe(200);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('lists who did what and checks the hash chain, in Gujarati [gu]', async () => {
    const shot = screenshots('audit-gu');
    const { page, errors } = await phone(browser, 'gu');
    await consoleSignIn(page, server.baseUrl, DEMO_OPERATOR.username, DEMO_OPERATOR.password);
    await page.getByTestId('console-nav-audit').click();
    await page.locator('[data-testid=audit-page][data-loaded=true]').waitFor();
    expect(await page.locator('h1').textContent()).toBe('ઑડિટ લૉગ');

    const failed = page.locator('[data-testid=audit-entries] tr[data-action="staff.sign_in_failed"]').last();
    expect(await failed.getAttribute('data-actor-kind')).toBe('anonymous');
    expect(await failed.textContent()).toContain('કન્સોલમાં નિષ્ફળ સાઇન-ઇન');
    // Why it failed, in words: a wrong password for an account that exists.
    const reason = failed.getByTestId('audit-reason');
    expect(await reason.getAttribute('data-reason')).toBe('password_wrong');
    expect(await reason.textContent()).toBe('કારણ: ખોટો પાસવર્ડ');
    const changed = page.locator('[data-testid=audit-entries] tr[data-action="issuer.updated"]').last();
    expect(await changed.textContent()).toContain('જારીકર્તાની વિગતો બદલી');
    const created = page.locator('[data-testid=audit-entries] tr[data-action="credential.created"]').last();
    expect(await created.getAttribute('data-actor-kind')).toBe('staff');
    const createdText = (await created.textContent()) ?? '';
    expect(createdText).toContain('ક્રેડેન્શિયલ બનાવ્યું');
    // Who, by name; which issuer, by org id; which credential, by id.
    expect(createdText).toContain('operator');
    expect(createdText).toContain('in.gov.cbse');
    expect(createdText).toContain(keyId);
    // The later entry has the higher number: oldest first.
    expect(Number(await created.getAttribute('data-seq'))).toBeGreaterThan(Number(await failed.getAttribute('data-seq')));

    await page.getByTestId('audit-verify').click();
    const result = page.getByTestId('audit-chain-result');
    await result.waitFor();
    expect(await result.getAttribute('data-valid')).toBe('true');
    expect(await result.textContent()).toMatch(GUJARATI);
    await shot(page, 'audit-log');
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('is not offered to an issuer’s staff, and refuses them when they go there anyway', async () => {
    const { page, errors } = await phone(browser, 'en');
    await consoleSignIn(page, server.baseUrl, 'cbse', DEMO_STAFF_PASSWORD);
    expect(await page.getByTestId('console-nav-audit').count()).toBe(0);
    await page.goto(`${server.baseUrl}/console/audit`);
    await page.locator('[data-testid=audit-error]').waitFor();
    expect(await page.getByTestId('audit-error').textContent()).toContain('Only platform operators');
    expect(await page.locator('[data-testid=audit-entries]').count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
