import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** A context's cookies and local storage (a signed-in session), to open the next context with. */
export type StorageState = Awaited<ReturnType<BrowserContext['storageState']>>;

const REPO = path.resolve(import.meta.dirname, '../../..');
/** Screenshots of every step land here; CI keeps the folder as an artifact. */
export const SCREENSHOT_DIR = path.join(REPO, 'artifacts', 'screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface Server {
  baseUrl: string;
  /** The server's data folder (its master key, blobs, and on SQLite its database), for the command-line tools. */
  dataDir: string;
  /** What a command-line tool needs to reach the same installation: the data folder and, on PostgreSQL, the database. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

/**
 * The database the browser tests' servers use: TEST_DIALECTS=postgres runs every journey on a
 * fresh PostgreSQL schema (TEST_DATABASE_URL, default the local `test` database), anything else
 * on the embedded SQLite default. One database per run: CI runs the suite once for each.
 */
export function e2eDialect(): 'sqlite' | 'postgres' {
  const dialects = (process.env.TEST_DIALECTS ?? 'sqlite')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (dialects.length !== 1 || (dialects[0] !== 'sqlite' && dialects[0] !== 'postgres')) {
    throw new Error(`TEST_DIALECTS="${process.env.TEST_DIALECTS}": the browser tests run on one database per run (sqlite or postgres).`);
  }
  return dialects[0];
}

const POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A schema dropped after the server stops (the server creates it on start). */
async function dropSchema(schema: string): Promise<void> {
  const pg = createRequire(path.join(REPO, 'packages/server/package.json'))('pg') as {
    Client: new (o: { connectionString: string }) => { connect(): Promise<void>; query(q: string): Promise<unknown>; end(): Promise<void> };
  };
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    await client.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await client.end();
  }
}

/** A TCP port nobody listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * The real Tijori server in its own process, in development mode, on a fresh data folder.
 * Its public URL is the address the browser uses, so the links it signs into QR codes
 * (…/verify#t=…) open this server.
 */
export async function startServer(): Promise<Server> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'tijori-e2e-'));
  const schema = e2eDialect() === 'postgres' ? `e2e_${process.pid}_${path.basename(dataDir).replace(/[^a-zA-Z0-9]/g, '')}`.toLowerCase() : null;
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    TIJORI_DATA_DIR: dataDir,
    NODE_ENV: 'development',
    // scrypt at a sixteenth of the default work for the journeys' PINs and passwords (the same code;
    // docs/configuration.md, TIJORI_SECRET_HASH_COST): every sign-up and sign-in hashes one.
    TIJORI_SECRET_HASH_COST: '10',
    ...(schema ? { DATABASE_URL: POSTGRES_URL, DATABASE_SCHEMA: schema } : {}),
  };
  const chosen = await freePort();
  // The built server, as `npm start` runs it (`npm test` builds it when stale): starting it costs
  // about half the CPU of compiling src/ through tsx, and every journey file starts one.
  const child: ChildProcess = spawn(process.execPath, ['packages/server/dist/main.js'], {
    cwd: REPO,
    env: {
      ...env,
      PORT: String(chosen),
      TIJORI_PUBLIC_URL: `http://127.0.0.1:${chosen}`,
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000);
    const onData = (d: Buffer) => {
      output += d.toString();
      const m = /Server listening at http:\/\/[^:]+:(\d+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
    // E2E_SERVER_LOGS=<folder>: each server's log kept there, for reading after a failed journey.
    if (process.env.E2E_SERVER_LOGS) {
      const file = createWriteStream(path.join(process.env.E2E_SERVER_LOGS, `${path.basename(dataDir)}.log`));
      child.stdout!.pipe(file);
      child.stderr!.pipe(file);
    }
  });
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    dataDir,
    env,
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      await fs.rm(dataDir, { recursive: true, force: true });
      if (schema) await dropSchema(schema);
    },
  };
}

/** Debian's Chromium, headless; `extraArgs` add switches (a fake camera, say). */
export async function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  try {
    await fs.access(CHROMIUM);
  } catch {
    throw new Error(`Chromium is not at ${CHROMIUM}. Install it (apt-get install -y chromium) or set CHROMIUM_PATH.`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      ...extraArgs,
    ],
  });
}

/**
 * The server and the browser, started side by side. When one of them fails (Chromium missing,
 * say), the other is stopped before the error is thrown: a test file's afterAll never sees
 * half of a failed setup, and a server left behind would outlive the test run.
 */
export async function startServerAndBrowser(): Promise<[Server, Browser]> {
  const [server, browser] = await Promise.allSettled([startServer(), launchBrowser()]);
  if (server.status === 'fulfilled' && browser.status === 'fulfilled') return [server.value, browser.value];
  if (server.status === 'fulfilled') await server.value.stop();
  if (browser.status === 'fulfilled') await browser.value.close();
  throw server.status === 'rejected' ? server.reason : (browser as PromiseRejectedResult).reason;
}

/** A phone-sized browser tab with the portal language preset, collecting page errors. */
export async function phone(browser: Browser, language?: string, signedIn?: StorageState): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 360, height: 640 }, locale: 'en-IN', ...(signedIn ? { storageState: signedIn } : {}) });
  if (language) await context.addInitScript((l) => window.localStorage.setItem('tijori.language', l), language);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return { context, page, errors };
}

/**
 * Screenshots of a journey's steps, numbered. CI's PostgreSQL pass runs the same journeys again
 * and would only overwrite the SQLite pass's pictures with the same pages: it takes none.
 */
export function screenshots(journey: string) {
  let n = 0;
  const taken = e2eDialect() === 'sqlite';
  return async (page: Page, step: string) => {
    n++;
    if (!taken) return;
    const dir = path.join(SCREENSHOT_DIR, journey);
    await fs.mkdir(dir, { recursive: true });
    await page.evaluate(() => document.fonts.ready);
    await page.screenshot({ path: path.join(dir, `${String(n).padStart(2, '0')}-${step}.png`), fullPage: true });
  };
}

/**
 * Reads the newest OTP for `mobile` the way a developer does: on the /dev/outbox page, in a
 * second tab. Waits for a message that was not there before (`seen`).
 */
export async function otpFromOutbox(context: BrowserContext, baseUrl: string, mobile: string, seen: Set<string>): Promise<string> {
  const page = await context.newPage();
  try {
    await page.goto(`${baseUrl}/dev/outbox`);
    await page.locator('#outbox-filter').fill(mobile);
    for (let i = 0; i < 50; i++) {
      const bodies = await page.getByTestId('sms-body').allTextContents();
      const fresh = bodies.find((b) => !seen.has(b) && /\b\d{6}\b/.test(b));
      if (fresh) {
        seen.add(fresh);
        return /\b(\d{6})\b/.exec(fresh)![1]!;
      }
      await page
        .getByRole('button', { name: /refresh now|अभी|હમણાં/i })
        .click()
        .catch(() => undefined);
      await page.waitForTimeout(200);
    }
    throw new Error(`no new OTP for ${mobile} in the outbox`);
  } finally {
    await page.close();
  }
}

let counter = 0;
export function freshMobile(): string {
  counter++;
  return `8${String(process.pid % 10000).padStart(4, '0')}${String(counter).padStart(5, '0')}`;
}

export async function sandboxResidents(baseUrl: string): Promise<{ aadhaarNumber: string; mobile: string; name: string; nameLocal?: string }[]> {
  const res = await fetch(`${baseUrl}/api/v1/dev/aadhaar-sandbox`);
  return ((await res.json()) as { residents: { aadhaarNumber: string; mobile: string; name: string; nameLocal?: string }[] }).residents;
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/**
 * Runs axe-core (WCAG 2.1 A/AA rules) on the page as it is now and returns the serious and
 * critical violations, each with the elements it found.
 */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  const source = await fs.readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(source);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: unknown): Promise<{ violations: AxeViolation[] }> } }).axe;
    // Only violations are read: axe then skips building the details of every passing node.
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] });
    return result.violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/**
 * Waits for the page to settle (its main landmark, no requests, no spinner left: a page may show
 * several at once, one per panel), runs axe-core on it and keeps a screenshot under `label`.
 */
export async function checkSettledPage(page: Page, found: string[], label: string, shot: (page: Page, step: string) => Promise<void>): Promise<void> {
  await page.locator('main').waitFor();
  await page.waitForLoadState('networkidle');
  await page.waitForFunction(() => document.querySelector('[data-testid="loading"]') === null);
  found.push(...(await accessibilityViolations(page)).map((v) => `${label}: ${v}`));
  await shot(page, label.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, ''));
}

export type Language = 'en' | 'hi' | 'gu';

/** Signs up a fresh resident on `page` (mobile → OTP → PIN) and waits for the locker. */
export async function signUp(page: Page, context: BrowserContext, baseUrl: string, seen: Set<string>, pin = '482916'): Promise<string> {
  await page.goto(`${baseUrl}/sign-up`);
  const mobile = await completeSignUp(page, context, baseUrl, seen, pin);
  await page.getByTestId('issued-empty').waitFor();
  return mobile;
}

/** Fills the sign-up page already open on `page` with a fresh mobile, its OTP and `pin`; the mobile. */
export async function completeSignUp(page: Page, context: BrowserContext, baseUrl: string, seen: Set<string>, pin: string): Promise<string> {
  const mobile = freshMobile();
  await page.locator('#sign-up-mobile').fill(mobile);
  await page.getByTestId('sign-up-send-otp').click();
  await page.getByTestId('sign-up-step-otp').waitFor();
  await page.locator('#sign-up-otp').fill(await otpFromOutbox(context, baseUrl, mobile, seen));
  await page.getByTestId('otp-submit').click();
  await page.getByTestId('sign-up-step-pin').waitFor();
  await page.locator('#sign-up-pin').fill(pin);
  await page.locator('#sign-up-pin-confirm').fill(pin);
  await page.getByTestId('sign-up-create').click();
  return mobile;
}

/** Links a sandbox Aadhaar to the signed-in resident on `page`. */
export async function linkAadhaar(
  page: Page,
  context: BrowserContext,
  baseUrl: string,
  resident: { aadhaarNumber: string; mobile: string },
  seen: Set<string>,
): Promise<void> {
  await page.goto(`${baseUrl}/app/aadhaar`);
  await page.locator('#aadhaar-number').fill(resident.aadhaarNumber);
  await page.locator('#aadhaar-consent').check();
  await page.getByTestId('aadhaar-send-otp').click();
  await page.getByTestId('aadhaar-step-otp').waitFor();
  await page.locator('#aadhaar-otp').fill(await otpFromOutbox(context, baseUrl, resident.mobile, seen));
  await page.getByTestId('otp-submit').click();
  await page.getByTestId('aadhaar-linked').waitFor();
}

/**
 * Signs in to /console as operator or issuer staff (demo accounts of the development seed).
 * Where the account has a second factor, the code is computed here from its secret (`secret`,
 * base32, or else the demo operator's, from the development tools) as an authenticator app would.
 */
export async function consoleSignIn(page: Page, baseUrl: string, username: string, password: string, secret?: string): Promise<void> {
  await page.goto(`${baseUrl}/console`);
  await page.locator('#console-username').fill(username);
  await page.locator('#console-password').fill(password);
  await page.getByTestId('console-sign-in-submit').click();
  await page.locator('[data-testid=console-role], [data-testid=console-totp-step]').first().waitFor();
  if (await page.getByTestId('console-totp-step').isVisible()) {
    await page.locator('#console-totp-code').fill(await nextTotpCode(baseUrl, username, secret ?? (await demoOperatorSecret(baseUrl))));
    await page.getByTestId('console-totp-submit').click();
    await page.getByTestId('console-role').waitFor();
  }
}

/** A console bearer token for the demo operator, through both steps of the API's sign-in. */
export async function operatorApiToken(baseUrl: string): Promise<string> {
  const post = async (url: string, body: unknown, token?: string) => {
    const res = await fetch(`${baseUrl}${url}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}: ${await res.text()}`);
    return (await res.json()) as { token?: string; pendingToken?: string };
  };
  const first = await post('/api/v1/staff/sign-in', { ...DEMO_OPERATOR, sessionType: 'bearer' });
  if (first.token) return first.token;
  const code = await nextTotpCode(baseUrl, DEMO_OPERATOR.username, await demoOperatorSecret(baseUrl));
  return (await post('/api/v1/staff/sign-in/totp', { code }, first.pendingToken))!.token!;
}

/** The demo operator's TOTP secret (base32), as the development tools show it. */
export async function demoOperatorSecret(baseUrl: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/v1/dev/demo-operator-totp`);
  if (res.status !== 200) throw new Error(`the demo operator's second factor is not available: ${res.status}`);
  return ((await res.json()) as { secret: string }).secret;
}

/** RFC 6238 with an authenticator app's defaults (HMAC-SHA-1, 6 digits, 30 s), written apart from the server's. */
export function totpAt(secretBase32: string, step: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const bits = [...secretBase32.replace(/\s/g, '').toUpperCase()].map((c) => alphabet.indexOf(c).toString(2).padStart(5, '0')).join('');
  const key = Buffer.from((bits.match(/.{8}/g) ?? []).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = mac[19]! & 15;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

/** The newest step each account used in this test process: the server accepts a step once. */
const usedSteps = new Map<string, number>();

/**
 * A code for the earliest 30-second step this account has not used yet that the server still
 * accepts: it takes one step either side of now, each step once and in order, so three sign-ins
 * fit in one step (the one before now only while 15 s of now remain, so the code is not stale by
 * the time it arrives); a fourth waits for the next step.
 */
export async function nextTotpCode(baseUrl: string, username: string, secretBase32: string): Promise<string> {
  const key = `${baseUrl}|${username}`;
  for (;;) {
    const nowMs = Date.now();
    const now = Math.floor(nowMs / 30_000);
    const earliest = (now + 1) * 30_000 - nowMs > 15_000 ? now - 1 : now;
    const step = Math.max(earliest, (usedSteps.get(key) ?? -1) + 1);
    if (step <= now + 1) {
      usedSteps.set(key, step);
      return totpAt(secretBase32, step);
    }
    await new Promise((resolve) => setTimeout(resolve, (step - 1) * 30_000 - Date.now() + 50));
  }
}

export const DEMO_STAFF_PASSWORD = 'tijori-issuer-demo';
export const DEMO_OPERATOR = { username: 'operator', password: 'tijori-operator-demo' };
