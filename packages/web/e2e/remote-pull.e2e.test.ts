import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  consoleSignIn,
  DEMO_OPERATOR,
  freePort,
  linkAadhaar,
  phone,
  sandboxResidents,
  screenshots,
  signUp,
  startServerAndBrowser,
  type Server,
} from './support.js';

const REPO = path.resolve(import.meta.dirname, '../../..');
const ORG_ID = 'in.ac.demo-univ';

/**
 * The demo issuer's Pull URI endpoint (packages/demo-issuer) in its own process, on `port`, sharing
 * `apiKey` with the platform — as a university running its own Pull URI service would.
 */
async function startDemoIssuer(port: number, apiKey: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'packages/demo-issuer/src/main.ts', '--port', String(port), '--api-key', apiKey, '--quiet'], {
    cwd: REPO,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`demo issuer did not start:\n${output}`)), 60_000);
    const onData = (d: Buffer) => {
      output += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`demo issuer exited with ${code}:\n${output}`));
    });
  });
  return { url, child };
}

describe('pulling from an issuer’s own endpoint in Chromium', () => {
  let server: Server;
  let browser: Browser;
  let demo: { url: string; child: ChildProcess } | undefined;
  beforeAll(async () => {
    [server, browser] = await startServerAndBrowser();
  });
  afterAll(async () => {
    if (demo && demo.child.exitCode === null) {
      const exited = new Promise((r) => demo!.child.once('exit', r));
      demo.child.kill('SIGTERM');
      await exited;
    }
    await browser?.close();
    await server?.stop();
  });

  it('lets an operator connect a university’s Pull URI endpoint, and a resident pull a degree from it', async () => {
    const shot = screenshots('remote-pull');
    const endpointPort = await freePort();
    const endpointUrl = `http://127.0.0.1:${endpointPort}/pull-uri`;

    // The operator registers the university with its own Pull URI endpoint …
    const operator = await phone(browser, 'en');
    const op = operator.page;
    await consoleSignIn(op, server.baseUrl, DEMO_OPERATOR.username, DEMO_OPERATOR.password);
    expect(await op.getByTestId('console-role').getAttribute('data-role')).toBe('operator');
    await op.getByTestId('console-nav-register').click();
    await op.locator('#issuer-org-id').fill(ORG_ID);
    await op.locator('#issuer-name-en').fill('Demo University');
    await op.locator('#issuer-name-hi').fill('डेमो विश्वविद्यालय');
    await op.locator('#issuer-name-gu').fill('ડેમો યુનિવર્સિટી');
    await op.locator('#issuer-category').fill('Education');
    await op.locator('#issuer-state').fill('Gujarat');
    expect(await op.locator('#issuer-endpoint').count()).toBe(0);
    await op.locator('#issuer-pull-mode').selectOption('remote');
    await op.locator('#issuer-endpoint').fill(endpointUrl);
    await shot(op, 'console-register-remote');
    await op.getByTestId('register-issuer-submit').click();
    await op.locator(`[data-testid=issuer-admin][data-org-id="${ORG_ID}"]`).waitFor();
    expect(await op.getByTestId('issuer-admin-status').textContent()).toBe('The issuer has been registered.');
    expect(await op.locator('#issuer-details + dl').textContent()).toContain('Pull from the issuer’s own endpoint');
    // The address is not in the public directory entry; the operator still sees it.
    expect(await op.getByTestId('issuer-endpoint-current').textContent()).toBe(endpointUrl);
    // The key the university signs its certificate XML with: a private key is refused in the
    // form, a public one is registered and shown, and removed again (this endpoint is unsigned).
    expect(await op.getByTestId('issuer-certificate-key-state').getAttribute('data-registered')).toBe('no');
    const universityKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
    await op.locator('#issuer-certificate-key').fill(universityKey.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    await op.getByTestId('issuer-certificate-key-save').click();
    expect(await op.getByTestId('issuer-certificate-key-error').getAttribute('data-error-code')).toBe('private_key');
    const publicPem = universityKey.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    await op.locator('#issuer-certificate-key').fill(publicPem);
    await op.getByTestId('issuer-certificate-key-save').click();
    await op.locator('[data-testid=issuer-certificate-key-state][data-registered=yes]').waitFor();
    expect(await op.getByTestId('issuer-settings-done').textContent()).toBe('The signing key is registered.');
    expect((await op.getByTestId('issuer-certificate-key-current').textContent())?.trim()).toBe(publicPem.trim());
    // A PEM's 64-character lines wrap inside the card instead of widening a phone's page.
    expect(await op.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await shot(op, 'console-certificate-key');
    await op.getByTestId('issuer-certificate-key-remove').click();
    await op.locator('[data-testid=issuer-certificate-key-state][data-registered=no]').waitFor();
    await shot(op, 'console-registered');

    // … defines the degree certificate, searched by roll number and year …
    await op.getByTestId('add-doctype').click();
    await op.locator('#dt-code').fill('DGCER');
    await op.locator('#dt-name-en').fill('Degree Certificate');
    await op.locator('#dt-name-hi').fill('उपाधि प्रमाणपत्र');
    await op.locator('#dt-name-gu').fill('પદવી પ્રમાણપત્ર');
    await op.locator('#dt-param-0-name').fill('RollNo');
    await op.locator('#dt-param-0-label-en').fill('Roll number');
    await op.locator('#dt-param-0-example').fill('AR17230');
    await op.getByTestId('dt-add-param').click();
    await op.locator('#dt-param-1-name').fill('Year');
    await op.locator('#dt-param-1-label-en').fill('Year of passing');
    await op.locator('#dt-param-1-example').fill('2017');
    await op.locator('#dt-param-1-pattern').fill('[0-9]{4}');
    // The university's endpoint sends the whole document: no fields are kept here.
    await op.getByRole('button', { name: 'Remove field 1' }).click();
    expect(await op.getByTestId('dt-field').count()).toBe(0);
    await shot(op, 'console-doctype');
    await op.getByTestId('dt-submit').click();
    await op.locator('[data-testid=console-doctypes] [data-code=DGCER]').waitFor();
    expect(await op.getByTestId('issuer-admin-status').textContent()).toBe('Document type DGCER added.');

    // … and creates the DigiLocker-style client whose secret the endpoint checks.
    await op.locator('#credential-kind-digilocker').check();
    await op.locator('#credential-label').fill('university endpoint');
    await op.getByTestId('credential-submit').click();
    const created = op.locator('[data-testid=credential-created][data-kind=digilocker]');
    await created.waitFor();
    const secret = (await op.getByTestId('credential-secret').textContent())!.trim();
    expect(secret.length).toBeGreaterThan(15);
    expect((await op.getByTestId('credential-client-id').textContent())!.trim()).not.toBe('');
    await shot(op, 'console-credential');

    // The university starts its endpoint with that secret, on the address registered above.
    demo = await startDemoIssuer(endpointPort, secret);
    expect(`${demo.url}/pull-uri`).toBe(endpointUrl);

    // Anjali Mishra signs up, links her Aadhaar and pulls her degree.
    const anjali = (await sandboxResidents(server.baseUrl)).find((r) => r.name === 'Anjali Mishra')!;
    expect(anjali).toBeDefined();
    const { context, page, errors } = await phone(browser, 'en');
    const seen = new Set<string>();
    await signUp(page, context, server.baseUrl, seen);
    await linkAadhaar(page, context, server.baseUrl, anjali, seen);
    await shot(page, 'aadhaar-linked');
    await page.getByRole('navigation').getByTestId('nav-issued').click();
    await page.getByTestId('pull-cta').click();
    await page.getByTestId('pull-step-1').waitFor();
    await page.locator('#pull-search').fill('demo univ');
    await expect.poll(() => page.getByTestId('pull-issuer').count()).toBe(1);
    const university = page.locator(`[data-testid=pull-issuer][data-org-id="${ORG_ID}"]`);
    expect(await university.locator('.choice-title').textContent()).toBe('Demo University');
    await shot(page, 'pull-search');
    await university.click();
    await page.getByTestId('pull-step-2').waitFor();
    const degree = page.locator('[data-testid=pull-doctype][data-code=DGCER]');
    expect(await degree.locator('.choice-title').textContent()).toBe('Degree Certificate');
    await shot(page, 'pull-doctypes');
    await degree.click();
    await page.getByTestId('pull-step-3').waitFor();
    expect(await page.locator('label[for=pull-param-RollNo]').textContent()).toContain('Roll number');
    expect(await page.locator('label[for=pull-param-Year]').textContent()).toContain('Year of passing');

    // Someone else's degree (Hetal Patel's): the university's answer does not match her Aadhaar.
    await page.locator('#pull-param-RollNo').fill('CE09017');
    await page.locator('#pull-param-Year').fill('2009');
    await page.locator('#pull-consent').check();
    await page.getByTestId('pull-submit').click();
    await page.locator('[data-testid=form-error][data-error-code=record_not_found]').waitFor();
    await shot(page, 'pull-not-hers');

    // Her own roll number, typed in small letters as people do.
    await page.locator('#pull-param-RollNo').fill('ar17230');
    await page.locator('#pull-param-Year').fill('2017');
    await shot(page, 'pull-form');
    await page.getByTestId('pull-submit').click();
    const uri = `${ORG_ID}-DGCER-DU2017AR17230`;
    await page.locator(`[data-testid=document-page][data-uri="${uri}"]`).waitFor();
    expect(await page.getByTestId('pull-success').textContent()).toBeTruthy();
    expect(await page.locator('h1').textContent()).toBe('Degree Certificate');
    expect(await page.locator('.document-issuer').textContent()).toBe('Demo University');
    expect(await page.getByTestId('document-holder-name').textContent()).toBe(anjali.name);
    await expect.poll(() => page.getByTestId('document-verification').getAttribute('data-verdict')).toBe('genuine');
    const pdfHref = await page.getByTestId('open-pdf').getAttribute('href');
    expect(pdfHref).toBe(`/api/v1/me/documents/${uri}/pdf`);
    await shot(page, 'document');

    // The university's PDF opens.
    const pdf = await context.request.get(`${server.baseUrl}${pdfHref}`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');

    // It is listed under Issued documents, and opens from there.
    await page.getByRole('navigation').getByTestId('nav-issued').click();
    const listed = page.locator(`[data-testid=document][data-uri="${uri}"]`);
    await listed.waitFor();
    expect(await listed.getAttribute('data-doc-type')).toBe('DGCER');
    // Plain words on the resident's card: no URI (it is kept for verifiers, under the document).
    expect(await listed.textContent()).not.toContain(uri);
    expect(await listed.getByTestId('document-link').textContent()).toContain('Degree Certificate');
    await shot(page, 'issued');
    await listed.getByTestId('document-link').click();
    await page.locator(`[data-testid=document-page][data-uri="${uri}"]`).waitFor();
    expect(await page.locator('h1').textContent()).toBe('Degree Certificate');

    // A result the university has not published yet: the request waits with the issuer.
    await page.goto(`${server.baseUrl}/app/pull?issuer=${encodeURIComponent(ORG_ID)}&type=DGCER`);
    await page.getByTestId('pull-step-3').waitFor();
    await page.locator('#pull-param-RollNo').fill('PENDING');
    await page.locator('#pull-param-Year').fill('2020');
    await page.locator('#pull-consent').check();
    await page.getByTestId('pull-submit').click();
    const pending = page.getByTestId('pull-pending');
    await pending.waitFor();
    expect(await pending.getAttribute('role')).toBe('status');
    expect(await pending.textContent()).toContain('Your request has reached the issuer.');
    expect(await pending.textContent()).toContain('The issuer has not answered yet.');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('pull-pending');
    await shot(page, 'pull-pending');

    // The pending request added nothing to the locker.
    await page.getByRole('link', { name: 'Back to issued documents' }).click();
    await page.locator(`[data-testid=document][data-uri="${uri}"]`).waitFor();
    expect(await page.locator('[data-testid=document][data-doc-type=DGCER]').count()).toBe(1);

    expect([...errors, ...operator.errors]).toEqual([]);
    await Promise.all([context.close(), operator.context.close()]);
  });
});
