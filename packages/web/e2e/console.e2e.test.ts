import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  consoleSignIn,
  DEMO_OPERATOR,
  DEMO_STAFF_PASSWORD,
  freshMobile,
  otpFromOutbox,
  phone,
  screenshots,
  startServerAndBrowser,
  type Server,
} from './support.js';

describe('the console in Chromium', () => {
  let server: Server;
  let browser: Browser;
  beforeAll(async () => {
    [server, browser] = await startServerAndBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('lets an operator register an issuer, define a document type, create an API key and rotate keys', async () => {
    const shot = screenshots('console-operator');
    const { page, context, errors } = await phone(browser, 'en');
    await page.goto(`${server.baseUrl}/console`);
    await page.getByTestId('console-sign-in').waitFor();
    await page.locator('#console-username').fill(DEMO_OPERATOR.username);
    await page.locator('#console-password').fill('not the password');
    await page.getByTestId('console-sign-in-submit').click();
    await page.locator('[data-error-code=invalid_credentials]').waitFor();
    await shot(page, 'sign-in-wrong');
    await consoleSignIn(page, server.baseUrl, DEMO_OPERATOR.username, DEMO_OPERATOR.password);
    expect(await page.getByTestId('console-role').getAttribute('data-role')).toBe('operator');
    await page.locator('[data-testid=directory-issuer][data-org-id="in.gov.cbse"]').waitFor();
    await shot(page, 'directory');

    await page.getByTestId('console-nav-register').click();
    await page.locator('#issuer-org-id').fill('in.ac.example');
    await page.locator('#issuer-name-en').fill('Example University');
    await page.locator('#issuer-name-hi').fill('उदाहरण विश्वविद्यालय');
    await page.locator('#issuer-name-gu').fill('ઉદાહરણ યુનિવર્સિટી');
    await page.locator('#issuer-category').fill('Education');
    await page.locator('#issuer-state').fill('Gujarat');
    await shot(page, 'register');
    await page.getByTestId('register-issuer-submit').click();
    await page.locator('[data-testid=issuer-admin][data-org-id="in.ac.example"]').waitFor();
    await page.getByTestId('issuer-admin-status').waitFor();

    await page.getByTestId('add-doctype').click();
    await page.locator('#dt-code').fill('degre');
    expect(await page.locator('#dt-code').inputValue()).toBe('DEGRE');
    await page.locator('#dt-name-en').fill('Degree Certificate');
    await page.locator('#dt-name-hi').fill('उपाधि प्रमाणपत्र');
    await page.locator('#dt-param-0-name').fill('EnrolmentNo');
    await page.locator('#dt-param-0-label-en').fill('Enrolment number');
    await page.locator('#dt-param-0-example').fill('123456');
    await page.locator('#dt-param-0-pattern').fill('[0-9]{6}');
    await page.locator('#dt-field-0-key').fill('degree');
    await page.locator('#dt-field-0-label-en').fill('Degree');
    await page.locator('#dt-field-0-required').check();
    await page.getByTestId('dt-add-field').click();
    await page.locator('#dt-field-1-key').fill('degree');
    await page.locator('#dt-field-1-label-en').fill('Class');
    await page.getByTestId('dt-submit').click();
    await page.getByTestId('dt-field-1-key-error').waitFor();
    await shot(page, 'doctype-duplicate-key');
    await page.locator('#dt-field-1-key').fill('division');
    await page.getByTestId('dt-submit').click();
    await page.locator('[data-testid=console-doctypes] [data-code=DEGRE]').waitFor();

    await page.locator('#credential-label').fill('results server');
    await page.getByTestId('credential-submit').click();
    await page.getByTestId('credential-created').waitFor();
    const apiKey = (await page.getByTestId('credential-secret').textContent())!;
    expect(apiKey).toMatch(/^tjk_/);
    await shot(page, 'credential-created');

    await page.getByTestId('keys-rotate').click();
    await page.getByTestId('keys-rotate-confirm').click();
    await page.getByTestId('keys-rotated').waitFor();
    const jwks = await page.evaluate(
      async (href) => (await (await fetch(href)).json()) as { keys: unknown[] },
      (await page.getByTestId('console-jwks').getAttribute('href'))!,
    );
    expect(jwks.keys.length).toBe(2);
    await shot(page, 'keys-rotated');

    // Suspending the issuer stops its API key at once; reinstating it restores it.
    const statsWithKey = async () =>
      (await page.request.get(`${server.baseUrl}/api/v1/issuers/in.ac.example/stats`, { headers: { authorization: `Bearer ${apiKey}` } })).status();
    expect(await statsWithKey()).toBe(200);
    expect(await page.getByTestId('issuer-status').textContent()).toBe('Active');
    await page.getByTestId('issuer-suspend').click();
    await shot(page, 'suspend-confirm');
    await page.getByTestId('issuer-suspend-confirm').click();
    await page.locator('[data-testid=issuer-settings][data-status=suspended]').waitFor();
    expect(await page.getByTestId('issuer-settings-done').textContent()).toContain('The issuer is suspended.');
    expect(await page.getByTestId('issuer-status').textContent()).toBe('Suspended');
    await shot(page, 'suspended');
    expect(await statsWithKey()).toBe(403);
    await page.getByTestId('issuer-reinstate').click();
    await page.locator('[data-testid=issuer-settings][data-status=active]').waitFor();
    expect(await statsWithKey()).toBe(200);

    // Issuer-only pages say so to an operator.
    await page.goto(`${server.baseUrl}/console/bulk`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(await page.locator('h1').textContent()).toBe('Not available to you');

    await page.getByTestId('console-sign-out').click();
    await page.getByTestId('console-sign-in').waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('lets issuer staff issue one document and bulk-issue a CSV with progress and rejections [gu]', async () => {
    const shot = screenshots('console-issuer-gu');
    const { page, context, errors } = await phone(browser, 'gu');
    await consoleSignIn(page, server.baseUrl, 'cbse', DEMO_STAFF_PASSWORD);
    await page.getByTestId('console-stats').waitFor();
    await shot(page, 'overview');

    await page.getByTestId('console-nav-issue').click();
    await page.getByTestId('issue-form').waitFor();
    await page.locator('#issue-doctype').selectOption('HSCER');
    await page.locator('#issue-doc-id').fill('2025E2E0001');
    await page.locator('#issue-holder-by-mobile').check();
    await page.locator('#issue-holder-mobile').fill('9123456780');
    await page.locator('#issue-holder-name').fill('Asha Verma');
    await page.getByTestId('issue-submit').click();
    await page.locator('#issue-field-examination-error').waitFor();
    await shot(page, 'issue-missing-fields');
    await page.locator('#issue-field-examination').fill('Senior School Certificate Examination 2025');
    await page.locator('#issue-field-rollNo').fill('99887766');
    await page.locator('#issue-field-result').fill('PASS');
    await page.getByTestId('issue-submit').click();
    await page.locator('[data-testid=issue-result-uri][data-outcome=held]').waitFor();
    await shot(page, 'issued');

    await page.getByTestId('console-nav-bulk').click();
    const csv = [
      'docType,docId,mobile,name,issuedOn,examination,rollNo,result',
      'HSCER,2025E2E0002,9123456781,Ravi Shah,2025-05-13,SSCE 2025,99887701,PASS',
      'HSCER,2025E2E0003,9123456782,Meena Rao,2025-05-13,SSCE 2025,99887702,PASS',
      'HSCER,not valid,9123456783,Bad Row,2025-05-13,SSCE 2025,99887703,PASS',
    ].join('\n');
    await page.locator('#bulk-file').setInputFiles({ name: 'results.csv', mimeType: 'text/csv', buffer: Buffer.from(`${csv}\n`) });
    await page.getByTestId('bulk-submit').click();
    await page.locator('[data-testid=bulk-job][data-status=done]').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('bulk-rows-ok').textContent()).toBe('2');
    expect(await page.getByTestId('bulk-rows-failed').textContent()).toBe('1');
    expect(await page.getByTestId('bulk-progress').getAttribute('value')).toBe('100');
    await page.getByTestId('bulk-rejection').first().waitFor();
    expect(await page.getByTestId('bulk-rejection').first().locator('td').first().textContent()).toBe('3');
    // Why, in the viewer's language (not the server's English message).
    const why = page.getByTestId('bulk-rejection').first().locator('td').nth(2);
    expect(await why.textContent()).toBe('દસ્તાવેજ નંબરમાં 1 થી 64 અક્ષરો અથવા અંકો હોવા જોઈએ.');
    expect(await why.getAttribute('lang')).toBeNull();
    await shot(page, 'bulk-done');

    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows a bulk revocation’s rejected rows with their reasons in the viewer’s language [hi]', async () => {
    const shot = screenshots('console-revocation-hi');
    // The issuer's system revokes through the API: a list, narrowed by a type and date filter.
    const api = async (url: string, body: unknown, token?: string) => {
      const res = await fetch(`${server.baseUrl}${url}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(body),
      });
      expect(res.status, url).toBeLessThan(300);
      return res.json();
    };
    const { token } = await api('/api/v1/staff/sign-in', { username: 'cbse', password: DEMO_STAFF_PASSWORD, sessionType: 'bearer' });
    const issue = async (docId: string, issuedOn: string) =>
      (
        await api(
          '/api/v1/issuers/in.gov.cbse/documents',
          {
            docType: 'HSCER',
            docId,
            holder: { mobile: '9123456790', name: 'Kiran Joshi' },
            fields: { examination: 'SSCE', rollNo: `9988${docId.slice(-4)}`, result: 'PASS' },
            issuedOn,
          },
          token,
        )
      ).uri as string;
    const old = await issue('2024E2E0101', '2024-05-13');
    const recent = await issue('2025E2E0102', '2025-05-13');
    const job = await api(
      '/api/v1/issuers/in.gov.cbse/status-jobs',
      {
        status: 'revoked',
        reason: 'Result withdrawn',
        uris: [old, recent, 'in.gov.cbse-HSCER-NOSUCH0001', 'in.gov.pan-PANCR-NOSUCH0002'],
        filter: { docType: 'HSCER', issuedBefore: '2025-01-01' },
      },
      token,
    );

    const { page, context, errors } = await phone(browser, 'hi');
    await consoleSignIn(page, server.baseUrl, 'cbse', DEMO_STAFF_PASSWORD);
    await page.goto(`${server.baseUrl}/console/bulk?job=${encodeURIComponent(job.id)}`);
    await page.locator('[data-testid=bulk-job][data-status=done]').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('bulk-rows-ok').textContent()).toBe('1');
    await page.getByTestId('bulk-rejection').first().waitFor();
    const rows = await page.getByTestId('bulk-rejection').evaluateAll((trs) =>
      trs.map((tr) => ({
        row: tr.children[0]!.textContent,
        code: tr.children[1]!.textContent,
        why: tr.children[2]!.textContent,
        lang: tr.children[2]!.getAttribute('lang'),
      })),
    );
    expect(rows).toEqual([
      {
        row: '2',
        code: 'not_matching_filter',
        why: `${recent} 2025-01-01 से पहले जारी किया गया HSCER दस्तावेज़ नहीं है, इसलिए जॉब के फ़िल्टर ने इसे नहीं बदला।`,
        lang: null,
      },
      { row: '3', code: 'unknown_uri', why: 'इस जारीकर्ता का URI in.gov.cbse-HSCER-NOSUCH0001 वाला कोई दस्तावेज़ नहीं है।', lang: null },
      { row: '4', code: 'not_issuer_document', why: 'in.gov.pan-PANCR-NOSUCH0002 इस जारीकर्ता का दस्तावेज़ नहीं है; इसे नहीं बदला गया।', lang: null },
    ]);
    await shot(page, 'revocation-rejections');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('delivers a bulk push to a mobile number at sign-up, and the locker pages through it with Load more', async () => {
    const shot = screenshots('console-push-pages');
    const staff = await phone(browser, 'en');
    await consoleSignIn(staff.page, server.baseUrl, 'cbse', DEMO_STAFF_PASSWORD);
    const mobile = freshMobile();
    const rows = Array.from(
      { length: 23 },
      (_, i) =>
        `SSCER,P${mobile}${String(i).padStart(2, '0')},${mobile},Kiran Desai,2024-05-${String(1 + i).padStart(2, '0')},SSE 2024,${String(10000000 + i)},PASS`,
    );
    await staff.page.goto(`${server.baseUrl}/console/bulk`);
    await staff.page.locator('#bulk-file').setInputFiles({
      name: 'push.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(['docType,docId,mobile,name,issuedOn,examination,rollNo,result', ...rows].join('\n')),
    });
    await staff.page.getByTestId('bulk-submit').click();
    await staff.page.locator('[data-testid=bulk-job][data-status=done]').waitFor({ timeout: 30_000 });
    expect(await staff.page.getByTestId('bulk-rows-ok').textContent()).toBe('23');
    await shot(staff.page, 'bulk-done');

    // The holder signs up with that mobile: the documents are waiting.
    const { context, page, errors } = await phone(browser, 'en');
    await page.goto(`${server.baseUrl}/sign-up`);
    await page.locator('#sign-up-mobile').fill(mobile);
    await page.getByTestId('sign-up-send-otp').click();
    await page.locator('#sign-up-otp').fill(await otpFromOutbox(context, server.baseUrl, mobile, new Set()));
    await page.getByTestId('otp-submit').click();
    await page.locator('#sign-up-pin').fill('482916');
    await page.locator('#sign-up-pin-confirm').fill('482916');
    await page.getByTestId('sign-up-create').click();
    await page.getByTestId('document-list').waitFor();
    expect(await page.getByTestId('document').count()).toBe(20);
    await shot(page, 'first-page');
    await page.getByTestId('documents-load-more').click();
    await expect.poll(() => page.getByTestId('document').count()).toBe(23);
    await expect.poll(() => page.getByTestId('documents-load-more').count()).toBe(0);
    // Newest first: the last one issued on 23 May comes first.
    expect(await page.getByTestId('document').first().getAttribute('data-uri')).toBe(`in.gov.cbse-SSCER-P${mobile}22`);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('document-link');

    expect([...errors, ...staff.errors]).toEqual([]);
    await Promise.all([context.close(), staff.context.close()]);
  });
});
