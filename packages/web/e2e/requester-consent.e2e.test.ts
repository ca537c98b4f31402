import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type http from 'node:http';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBankServer } from '../../example-bank/src/bank-server.js';
import { createTijoriClient } from '../../example-bank/src/tijori-client.js';
import { DEMO_RECORDS } from '../../server/src/seed/demo-records.js';
import { pngFile } from '../../server/test/support/upload-fixtures.js';
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
    await page.locator('#consent-pin').fill(PIN);
    await page.getByTestId('consent-allow').click();
    await page.locator('#consent-otp').waitFor();
    await page.locator('#consent-otp').fill(await otpFromOutbox(context, server.baseUrl, mobile, seen));
    await page.getByTestId('consent-save').click();
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
