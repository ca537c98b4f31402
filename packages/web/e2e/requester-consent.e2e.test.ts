import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type http from 'node:http';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBankServer } from '../../example-bank/src/bank-server.js';
import { createTijoriClient } from '../../example-bank/src/tijori-client.js';
import { DEMO_RECORDS } from '../../server/src/seed/demo-records.js';
import { EICAR } from '../../server/src/adapters/antivirus/eicar-scanner.js';
import { pdfFile, pngFile } from '../../server/test/support/upload-fixtures.js';
import {
  accessibilityViolations,
  completeSignUp,
  consoleSignIn,
  DEMO_OPERATOR,
  freePort,
  operatorApiToken,
  otpFromOutbox,
  phone,
  screenshots,
  signUp,
  startServerAndBrowser,
  type Server,
} from './support.js';

const DEVANAGARI = /[\u0900-\u097F]/;
const CALLBACK = 'http://127.0.0.1:9/callback';
const PIN = '482916';

describe('a requester fetches a document with the resident’s consent', () => {
  let server: Server;
  let browser: Browser;
  let bank: http.Server;
  let bankUrl: string;
  let token: string;

  beforeAll(async () => {
    [server, browser] = await startServerAndBrowser();
    token = await operatorApiToken(server.baseUrl);
    const bankPort = await freePort();
    bankUrl = `http://127.0.0.1:${bankPort}`;
    const res = await fetch(`${server.baseUrl}/api/v1/requesters`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        names: { en: 'Example Bank', hi: 'उदाहरण बैंक', gu: 'ઉદાહરણ બેંક' },
        purpose: { en: 'Open a savings account (KYC)', hi: 'बचत खाता खोलना (केवाईसी)' },
        redirectUris: [`${bankUrl}/callback`],
        scopes: ['openid', 'userdetails', 'files.issueddocs'],
        docTypes: [],
        consentDays: 30,
      }),
    });
    const { clientId, clientSecret } = (await res.json()) as { clientId: string; clientSecret: string };
    const logo = await fetch(`${server.baseUrl}/api/v1/requesters/${clientId}/logo`, {
      method: 'POST',
      headers: { 'content-type': 'image/png', authorization: `Bearer ${token}` },
      body: new Uint8Array(pngFile(96, 64)),
    });
    expect(logo.status).toBe(200);
    bank = createBankServer(await createTijoriClient({ issuer: server.baseUrl, clientId, clientSecret, redirectUri: `${bankUrl}/callback` }));
    await new Promise<void>((resolve) => bank.listen(bankPort, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await new Promise((resolve) => bank?.close(resolve));
    await browser?.close();
    await server?.stop();
  });

  it('from the bank’s button through consent in Hindi to the bank holding the marksheet; withdrawn in the portal, refused next time [hi]', async () => {
    const shot = screenshots('requester-consent-hi');
    const { context, page, errors } = await phone(browser, 'hi');
    const seen = new Set<string>();
    const mobile = await signUp(page, context, server.baseUrl, seen, PIN);
    const record = DEMO_RECORDS.find((r) => r.orgId === 'in.gov.cbse' && r.docType === 'HSCER')!;
    const issued = await fetch(`${server.baseUrl}/api/v1/issuers/in.gov.cbse/documents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        docType: 'HSCER',
        docId: `E2E${mobile}`,
        holder: { mobile, name: record.holder.name, dob: record.holder.dob },
        fields: record.fields,
        issuedOn: record.issuedOn,
      }),
    });
    const { uri } = (await issued.json()) as { uri: string };

    await page.goto(bankUrl);
    await shot(page, 'bank');
    await page.locator('#fetch').click();
    await page.getByTestId('consent-page').waitFor();
    expect(await page.getByTestId('consent-requester').textContent()).toBe('उदाहरण बैंक');
    // The registered logo, loaded, named by the requester's name.
    const logo = page.getByTestId('consent-logo');
    expect(await logo.getAttribute('alt')).toBe('उदाहरण बैंक');
    await page.waitForFunction(() => (document.querySelector('[data-testid="consent-logo"]') as HTMLImageElement | null)?.naturalWidth === 96);
    expect(await page.getByTestId('consent-purpose').textContent()).toBe('बचत खाता खोलना (केवाईसी)');
    expect(await page.locator('h1').textContent()).toMatch(DEVANAGARI);
    expect(await page.getByTestId('consent-document').count()).toBe(1);
    expect(await page.getByTestId('consent-document').isChecked()).toBe(true);
    await shot(page, 'consent');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.locator('#consent-pin').fill(PIN);
    await page.getByTestId('consent-allow').click();
    await page.locator('#consent-otp').waitFor();
    const sms = await otpFromOutbox(context, server.baseUrl, mobile, seen);
    await page.locator('#consent-otp').fill(sms);
    await shot(page, 'consent-otp');
    await page.getByTestId('consent-save').click();

    await page.waitForURL(`${bankUrl}/account`);
    await page.locator(`#documents li[data-uri="${uri}"]`).waitFor();
    await shot(page, 'bank-holds-document');

    await page.goto(`${server.baseUrl}/app/consents`);
    await page.locator('[data-testid=consent][data-status=active]').waitFor();
    expect(await page.getByTestId('consent-accesses').textContent()).toBe('1');
    await shot(page, 'consents');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByTestId('withdraw-consent').click();
    await page.locator('[data-testid=consent][data-status=withdrawn]').waitFor();
    expect(await page.getByTestId('consents-status').textContent()).toMatch(DEVANAGARI);
    // The export button's file: this consent, withdrawn, with its grant, access and withdrawal.
    const download = page.waitForEvent('download');
    await page.getByTestId('export-consents').click();
    const exported = JSON.parse(await readFile((await (await download).path())!, 'utf8'));
    expect(exported.consents[0]).toMatchObject({ status: 'withdrawn', documents: [uri] });
    expect(exported.consents[0].events.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining(['consent_granted', 'requester_accessed', 'consent_withdrawn']),
    );

    await page.goto(`${bankUrl}/account`);
    expect(await page.locator('#refused').textContent()).toContain('invalid_token');
    await shot(page, 'bank-refused');
    expect(errors).toEqual([]);
  });

  it('names the uploaded drive, writing to it and pulling for the resident on the consent screen [hi]', async () => {
    const res = await fetch(`${server.baseUrl}/api/v1/requesters`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        names: { en: 'Drive Bank' },
        purpose: { en: 'Statements' },
        redirectUris: ['http://127.0.0.1:9/callback'],
        scopes: ['files.uploadeddocs', 'files.upload', 'pull'],
        docTypes: [],
        consentDays: 30,
      }),
    });
    const { clientId } = (await res.json()) as { clientId: string };
    const { context, page, errors } = await phone(browser, 'hi');
    await signUp(page, context, server.baseUrl, new Set<string>(), PIN);
    const q = new URLSearchParams({
      response_type: 'code',
      client_id: clientId,
      redirect_uri: 'http://127.0.0.1:9/callback',
      state: 's',
      scope: 'files.uploadeddocs files.upload pull',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
    });
    await page.goto(`${server.baseUrl}/public/oauth2/1/authorize?${q}`);
    await page.getByTestId('consent-page').waitFor();
    for (const id of ['consent-drive-read', 'consent-drive-write', 'consent-pull']) expect(await page.getByTestId(id).textContent()).toMatch(DEVANAGARI);
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });

  /** On the consent screen: the PIN, then the consent OTP from the outbox. */
  async function allowConsent(page: Page, context: BrowserContext, mobile: string, seen: Set<string>): Promise<void> {
    await page.locator('#consent-pin').fill(PIN);
    await page.getByTestId('consent-allow').click();
    await page.locator('#consent-otp').waitFor();
    await page.locator('#consent-otp').fill(await otpFromOutbox(context, server.baseUrl, mobile, seen));
    await page.getByTestId('consent-save').click();
  }

  /** Registers a requester through the API; its client id and secret. */
  async function requester(body: Record<string, unknown>): Promise<{ clientId: string; clientSecret: string }> {
    const res = await fetch(`${server.baseUrl}/api/v1/requesters`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ purpose: { en: 'KYC' }, redirectUris: [CALLBACK], docTypes: [], consentDays: 30, ...body }),
    });
    expect(res.status).toBe(201);
    return (await res.json()) as { clientId: string; clientSecret: string };
  }
  function authorizeUrl(clientId: string, challenge: string, extra: Record<string, string>): string {
    const q = new URLSearchParams({
      response_type: 'code',
      client_id: clientId,
      redirect_uri: CALLBACK,
      state: 's',
      code_challenge: challenge,
      code_challenge_method: 'S256',
      ...extra,
    });
    return `${server.baseUrl}/public/oauth2/1/authorize?${q}`;
  }

  it('a marksheet the resident lacks is uploaded on the consent screen, scanned, and only that file is shared [en]', async () => {
    const shot = screenshots('requester-consent-upload');
    const client = await requester({ names: { en: 'Scholarship Board' }, scopes: ['files.issueddocs'], docTypes: ['in.gov.cbse-HSCER'] });
    const { context, page, errors } = await phone(browser);
    const seen = new Set<string>();
    const mobile = await signUp(page, context, server.baseUrl, seen, PIN);
    // A file already in the drive, which the board does not get.
    const before = await context.request.post(`${server.baseUrl}/api/v1/me/files?name=Salary.pdf`, {
      headers: { 'content-type': 'application/pdf' },
      data: pdfFile(2),
    });
    expect(before.status()).toBe(201);
    const unrelated = ((await before.json()) as { id: string }).id;
    // The requester's redirect URI answers in the test itself.
    await context.route(`${CALLBACK}*`, (route) => route.fulfill({ status: 200, contentType: 'text/plain', body: 'back at the requester' }));

    const verifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    await page.goto(authorizeUrl(client.clientId, challenge, { req_doctype: 'in.gov.cbse-HSCER' }));
    await page.getByTestId('consent-page').waitFor();
    const missing = page.getByTestId('consent-missing');
    expect(await missing.getAttribute('data-doctype')).toBe('in.gov.cbse-HSCER');
    expect(await missing.locator('h3').textContent()).toContain('Class XII Marksheet');
    expect(await accessibilityViolations(page)).toEqual([]);
    await shot(page, 'asked-for-missing');

    // A file with a virus is refused by the scan and not shared; a clean one is.
    await page.getByTestId('consent-upload-input').setInputFiles({ name: 'marksheet.pdf', mimeType: 'application/pdf', buffer: pdfFile(1, `% ${EICAR}\n`) });
    await page.getByTestId('consent-upload-error').waitFor();
    expect(await page.getByTestId('consent-upload-error').textContent()).toContain('virus');
    await page.getByTestId('consent-upload-input').setInputFiles({ name: 'Class XII marksheet.pdf', mimeType: 'application/pdf', buffer: pdfFile(3) });
    await page.getByTestId('consent-uploaded').waitFor();
    expect(await page.getByTestId('consent-uploaded').textContent()).toContain('Class XII marksheet.pdf');
    await shot(page, 'uploaded');
    expect(await accessibilityViolations(page)).toEqual([]);

    await allowConsent(page, context, mobile, seen);
    await page.waitForURL(`${CALLBACK}?*`);
    const code = new URL(page.url()).searchParams.get('code')!;

    const tokens = await fetch(`${server.baseUrl}/public/oauth2/1/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: CALLBACK,
        code_verifier: verifier,
        client_id: client.clientId,
        client_secret: client.clientSecret,
      }),
    });
    expect(tokens.status).toBe(200);
    const { access_token } = (await tokens.json()) as { access_token: string };
    const bearerGet = (path: string) => fetch(`${server.baseUrl}${path}`, { headers: { authorization: `Bearer ${access_token}` } });
    const listing = (await (await bearerGet('/public/oauth2/1/files/')).json()) as { items: { name: string; uri: string }[] };
    expect(listing.items.map((i) => i.name)).toEqual(['Class XII marksheet.pdf']);
    const file = await bearerGet(`/public/oauth2/1/file/${listing.items[0]!.uri}`);
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer()).equals(pdfFile(3))).toBe(true);
    const outside = await bearerGet(`/public/oauth2/1/file/in.tijori.drive-UPLD-${unrelated.replaceAll('-', '')}`);
    expect(outside.status).toBe(404);
    expect(await outside.json()).toEqual({ error: 'invalid_uri', error_description: 'No file found for given URI.' });
    expect(errors).toEqual([]);
  });

  it('picks a drive folder and a file for a requester of the drive, and the Consents section names them with when [gu]', async () => {
    const client = await requester({ names: { en: 'Drive Reader' }, scopes: ['files.uploadeddocs'] });
    const { context, page, errors } = await phone(browser, 'gu');
    const seen = new Set<string>();
    const mobile = await signUp(page, context, server.baseUrl, seen, PIN);
    for (const name of ['Lease.pdf', 'Payslip.pdf'])
      expect(
        (
          await context.request.post(`${server.baseUrl}/api/v1/me/files?name=${name}`, { headers: { 'content-type': 'application/pdf' }, data: pdfFile() })
        ).status(),
      ).toBe(201);
    expect((await context.request.post(`${server.baseUrl}/api/v1/me/folders`, { data: { name: 'KYC' } })).status()).toBe(201);
    await context.route(`${CALLBACK}*`, (route) => route.fulfill({ status: 200, contentType: 'text/plain', body: 'back at the requester' }));
    await page.goto(authorizeUrl(client.clientId, 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', {}));
    await page.getByTestId('consent-drive').waitFor();
    const files = page.getByTestId('consent-drive-file');
    expect(await files.count()).toBe(2);
    for (let i = 0; i < 2; i++) expect(await files.nth(i).isChecked()).toBe(false);
    await page.getByLabel('Lease.pdf').check();
    await page.getByTestId('consent-drive-folder').check();
    expect(await accessibilityViolations(page)).toEqual([]);
    await allowConsent(page, context, mobile, seen);
    await page.waitForURL(`${CALLBACK}?*`);

    await page.goto(`${server.baseUrl}/app/consents`);
    await page.getByTestId('consent-drive-items').waitFor();
    const items = page.getByTestId('consent-drive-item');
    expect(await items.count()).toBe(2);
    expect(await items.nth(0).getAttribute('data-kind')).toBe('folder');
    expect(await items.nth(0).textContent()).toContain('KYC (ફોલ્ડર');
    expect(await items.nth(1).getAttribute('data-kind')).toBe('file');
    expect(await items.nth(1).textContent()).toContain('Lease.pdf (ફાઇલ)');
    expect(await items.nth(1).textContent()).not.toContain('Payslip');
    // When each was shared, in the resident's language, as a machine-readable time too.
    expect(await items.nth(1).locator('time').getAttribute('datetime')).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(await items.nth(1).locator('time').textContent()).toContain('શેર કર્યું');
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('a requester the operator trusts for verified_mobile fixes the sign-in form to that number; the OTP is still asked [en]', async () => {
    const { context: first, page: signUpPage } = await phone(browser);
    const mobile = await signUp(signUpPage, first, server.baseUrl, new Set<string>(), PIN);
    const trusted = await requester({ names: { en: 'Trusted Bank' }, scopes: ['userdetails'] });
    const untrusted = await requester({ names: { en: 'Other Bank' }, scopes: ['userdetails'] });
    const { page, errors } = await phone(browser);
    await page.goto(authorizeUrl(untrusted.clientId, 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', { verified_mobile: mobile }));
    await page.locator('#sign-in-login').waitFor();
    expect(await page.locator('#sign-in-login').inputValue()).toBe('');
    expect(await page.locator('#sign-in-login').getAttribute('readonly')).toBeNull();

    // The operator trusts the requester in the console.
    const consolePage = (await phone(browser)).page;
    await consoleSignIn(consolePage, server.baseUrl, DEMO_OPERATOR.username, DEMO_OPERATOR.password);
    await consolePage.getByTestId('console-nav-requesters').click();
    const row = consolePage.locator('[data-testid=requester]', { hasText: 'Trusted Bank' });
    // Controlled: it shows the new state once the directory answers.
    await row.getByTestId('requester-trust-mobile').click();
    await consolePage.locator('[data-testid=requester]', { hasText: 'Trusted Bank' }).locator('[data-testid=requester-trust-mobile]:checked').waitFor();

    await page.goto(authorizeUrl(trusted.clientId, 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', { verified_mobile: mobile }));
    await page.locator('#sign-in-login[data-fixed=true]').waitFor();
    expect(await page.locator('#sign-in-login').inputValue()).toBe(mobile);
    expect(await page.locator('#sign-in-login').getAttribute('readonly')).not.toBeNull();
    expect(await page.locator('#sign-in-login-hint').textContent()).toContain('OTP');
    await page.locator('#sign-in-pin').fill(PIN);
    await page.getByTestId('sign-in-continue').click();
    await page.getByTestId('sign-in-step-otp').waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('the operator registers a requester in the console, sees its secret once, and suspends it', async () => {
    const { page, errors } = await phone(browser);
    await consoleSignIn(page, server.baseUrl, DEMO_OPERATOR.username, DEMO_OPERATOR.password);
    await page.getByTestId('console-nav-requesters').click();
    await page.getByTestId('requester-list').waitFor();
    await page.locator('#requester-name-en').fill('Co-op Credit Society');
    await page.locator('#requester-purpose-en').fill('Membership KYC');
    await page.locator('#requester-redirects').fill('https://coop.example.in/callback');
    await page.getByTestId('requester-register-submit').click();
    await page.getByTestId('requester-secret').waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    const clientId = await page.getByTestId('requester-client-id').textContent();
    expect(await page.getByTestId('requester-client-secret').textContent()).toMatch(/^[0-9a-f]{48}$/);
    const row = page.locator('[data-testid=requester]', { hasText: 'Co-op Credit Society' });
    await row.getByTestId('requester-toggle').click();
    await page.locator('[data-testid=requester][data-status=suspended]', { hasText: 'Co-op Credit Society' }).waitFor();
    const listed = (await (await fetch(`${server.baseUrl}/api/v1/requesters`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
      requesters: { clientId: string; status: string }[];
    };
    expect(listed.requesters.find((r) => r.clientId === clientId)?.status).toBe('suspended');
    expect(errors).toEqual([]);
  });

  it('the operator registers a requester with a public key (private_key_jwt): no secret is shown and none can be rotated', async () => {
    const { page, errors } = await phone(browser);
    await consoleSignIn(page, server.baseUrl, DEMO_OPERATOR.username, DEMO_OPERATOR.password);
    await page.getByTestId('console-nav-requesters').click();
    await page.getByTestId('requester-list').waitFor();
    await page.locator('#requester-name-en').fill('Keyed Insurance');
    await page.locator('#requester-purpose-en').fill('Policy KYC');
    await page.locator('#requester-redirects').fill('https://keyed.example.in/callback');
    await page.getByTestId('requester-auth-key').check();
    await page.locator('#requester-jwk').fill('{not json');
    await page.getByTestId('requester-register-submit').click();
    expect(await page.getByTestId('requester-register-error').textContent()).toContain('JSON');
    const jwk = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'jwk' });
    await page.locator('#requester-jwk').fill(JSON.stringify(jwk));
    await page.getByTestId('requester-register-submit').click();
    await page.getByTestId('requester-secret').waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    const clientId = await page.getByTestId('requester-client-id').textContent();
    expect(await page.getByTestId('requester-client-secret').count()).toBe(0);
    const row = page.locator('[data-testid=requester]', { hasText: 'Keyed Insurance' });
    expect(await row.textContent()).toContain('private_key_jwt');
    expect(await row.getByTestId('requester-rotate').count()).toBe(0);
    const listed = (await (await fetch(`${server.baseUrl}/api/v1/requesters`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
      requesters: { clientId: string; authMethod: string; publicJwk?: { x: string } }[];
    };
    expect(listed.requesters.find((r) => r.clientId === clientId)).toMatchObject({ authMethod: 'private_key_jwt', publicJwk: { x: jwk.x } });
    expect(errors).toEqual([]);
  });

  it('dl_flow=signup: a new mobile signs up from the requester’s link, lands on its consent screen, grants, and the requester gets its code', async () => {
    const callback = 'https://signup-bank.example.in/callback';
    const res = await fetch(`${server.baseUrl}/api/v1/requesters`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        names: { en: 'Sign-up Bank' },
        purpose: { en: 'Open an account' },
        redirectUris: [callback],
        scopes: ['openid', 'userdetails'],
        docTypes: [],
        consentDays: 30,
      }),
    });
    const client = (await res.json()) as { clientId: string; clientSecret: string };
    const verifier = randomBytes(32).toString('base64url');
    const q = new URLSearchParams({
      response_type: 'code',
      client_id: client.clientId,
      redirect_uri: callback,
      state: 'signup-state',
      scope: 'openid userdetails',
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
      dl_flow: 'signup',
    });
    const { context, page, errors } = await phone(browser);
    // The requester's callback answers in the browser; the test reads the code it was sent.
    await context.route(`${callback}**`, (route) =>
      route.fulfill({ status: 200, contentType: 'text/html', body: '<title>Bank</title><p>Back at the bank</p>' }),
    );
    await page.goto(`${server.baseUrl}/public/oauth2/1/authorize?${q}`);
    await page.getByTestId('sign-up-step-mobile').waitFor();
    const seen = new Set<string>();
    const mobile = await completeSignUp(page, context, server.baseUrl, seen, PIN);
    await page.getByTestId('consent-page').waitFor();
    expect(await page.getByTestId('consent-requester').textContent()).toBe('Sign-up Bank');
    expect(await accessibilityViolations(page)).toEqual([]);
    await allowConsent(page, context, mobile, seen);
    await page.waitForURL(`${callback}**`);
    const back = new URL(page.url());
    expect(back.searchParams.get('state')).toBe('signup-state');
    const exchanged = await fetch(`${server.baseUrl}/public/oauth2/1/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: back.searchParams.get('code')!,
        redirect_uri: callback,
        code_verifier: verifier,
        client_id: client.clientId,
        client_secret: client.clientSecret,
      }),
    });
    expect(exchanged.status).toBe(200);
    expect(((await exchanged.json()) as { access_token: string }).access_token).toBeTruthy();
    expect(errors).toEqual([]);
  });
});
