/* global window, document -- the callbacks passed to page.evaluate run in the browser */
// Drives the portal like a person on a 360×640 phone, in every language, and saves a
// screenshot of each step. Not a test suite (the Playwright suite comes later); a way to
// look at the pages. Needs a running Tijori server in development mode that serves the
// built portal (or `vite preview` proxying to one):
//
//   BASE_URL=http://localhost:3000 node packages/web/scripts/screenshots.mjs [out-dir]
//
// It signs up fresh residents (random mobiles), links sandbox Aadhaar numbers, and checks
// that five wrong OTPs lock a challenge.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium } from 'playwright-core';

const BASE = process.env.BASE_URL ?? 'http://localhost:3000';
const OUT = path.resolve(process.argv[2] ?? 'artifacts/web-screenshots');
const LANGS = (process.env.LANGS ?? 'en,hi,gu').split(',');
const PIN = '482916';
const NEW_PIN = '730514';
const PASSWORD = 'correct horse battery';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const randomMobile = () => `9${String(Math.floor(Math.random() * 1e9)).padStart(9, '0')}`;

async function json(url) {
  const res = await fetch(`${BASE}${url}`);
  if (!res.ok) throw new Error(`${url}: ${res.status}`);
  return res.json();
}

/** The newest OTP sent to `mobile` after `since` (ISO), read from the development outbox. */
async function otpFor(mobile, since) {
  for (let i = 0; i < 40; i++) {
    const { messages } = await json(`/api/v1/dev/sms-outbox?to=${mobile}`);
    const fresh = messages.find((m) => m.sentAt >= since && /\b\d{6}\b/.test(m.body));
    if (fresh) return /\b(\d{6})\b/.exec(fresh.body)[1];
    await sleep(250);
  }
  throw new Error(`no OTP for ${mobile}`);
}

async function shot(page, name) {
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: path.join(OUT, `${name}.png`), fullPage: true });
  process.stdout.write(`  ${name}.png\n`);
}

async function run(browser, lang, resident) {
  process.stdout.write(`[${lang}]\n`);
  const context = await browser.newContext({ viewport: { width: 360, height: 640 }, deviceScaleFactor: 1, locale: 'en-IN' });
  await context.addInitScript((l) => window.localStorage.setItem('tijori.language', l), lang);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  try {
    await steps(browser, page, lang, resident);
  } catch (err) {
    await shot(page, `${lang}-FAILED`).catch(() => undefined);
    throw err;
  } finally {
    if (errors.length) process.stdout.write(`  page errors: ${errors.join(' | ')}\n`);
    await context.close();
  }
}

async function steps(browser, page, lang, resident) {
  await page.goto(`${BASE}/`);
  await page.getByTestId('landing-sign-up').waitFor();
  const htmlLang = await page.getAttribute('html', 'lang');
  if (htmlLang !== lang) throw new Error(`html lang is ${htmlLang}, expected ${lang}`);
  await shot(page, `${lang}-01-landing`);

  // Sign up: mobile → OTP → PIN
  await page.getByTestId('landing-sign-up').click();
  const mobile = randomMobile();
  await page.locator('#sign-up-mobile').fill('9');
  await page.getByTestId('sign-up-send-otp').click();
  await page.getByTestId('sign-up-mobile-error').waitFor();
  await shot(page, `${lang}-02-sign-up-mobile-error`);
  let since = new Date().toISOString();
  await page.locator('#sign-up-mobile').fill(`+91 ${mobile.slice(0, 5)} ${mobile.slice(5)}`);
  await page.getByTestId('sign-up-send-otp').click();
  await page.getByTestId('sign-up-step-otp').waitFor();
  await shot(page, `${lang}-03-sign-up-otp`);
  await page.locator('#sign-up-otp').fill('000000' === (await otpFor(mobile, since)) ? '111111' : '000000');
  await page.getByTestId('otp-submit').click();
  await page.getByTestId('sign-up-otp-error').waitFor();
  await shot(page, `${lang}-04-sign-up-otp-wrong`);
  await page.locator('#sign-up-otp').fill(await otpFor(mobile, since));
  await page.getByTestId('otp-submit').click();
  await page.getByTestId('sign-up-step-pin').waitFor();
  await page.locator('#sign-up-pin').fill('123456');
  await page.locator('#sign-up-pin-confirm').fill('123456');
  await page.getByTestId('sign-up-create').click();
  await page.getByTestId('sign-up-pin-error').waitFor();
  await shot(page, `${lang}-05-sign-up-pin-weak`);
  await page.locator('#sign-up-pin').fill(PIN);
  await page.locator('#sign-up-pin-confirm').fill(PIN);
  await page.locator('#sign-up-username').fill(`u${mobile}${lang}`);
  await page.locator('#sign-up-password').fill(PASSWORD);
  await page.getByTestId('sign-up-create').click();
  await page.getByTestId('issued-empty').waitFor();
  await shot(page, `${lang}-06-dashboard`);

  // Link Aadhaar
  await page.getByTestId('link-aadhaar-prompt').getByRole('link').click();
  await page.locator('#aadhaar-number').fill('234567890123');
  await page.getByTestId('aadhaar-send-otp').click();
  await page.getByTestId('aadhaar-number-error').waitFor();
  await shot(page, `${lang}-07-aadhaar-checksum`);
  await page.locator('#aadhaar-number').fill(resident.aadhaarNumber);
  await page.getByTestId('aadhaar-send-otp').click();
  await page.getByTestId('aadhaar-consent-error').waitFor();
  await page.locator('#aadhaar-consent').check();
  since = new Date().toISOString();
  await page.getByTestId('aadhaar-send-otp').click();
  await page.getByTestId('aadhaar-step-otp').waitFor();
  await shot(page, `${lang}-08-aadhaar-otp`);
  await page.locator('#aadhaar-otp').fill(await otpFor(resident.mobile, since));
  await page.getByTestId('otp-submit').click();
  await page.getByTestId('aadhaar-linked').waitFor();
  await page.getByTestId('view-profile').click();
  await page.getByTestId('profile-details').waitFor();
  await page.waitForFunction(() => {
    const img = document.querySelector('[data-testid=profile-photo]');
    return !img || (img.complete && img.naturalWidth > 0);
  });
  await shot(page, `${lang}-09-profile`);

  // Activity and its chain check
  await page.getByTestId('nav-activity').click();
  await page.getByTestId('activity-list').waitFor();
  await page.getByTestId('verify-activity').click();
  await page.getByTestId('chain-result').waitFor();
  await shot(page, `${lang}-10-activity`);

  await page.getByTestId('nav-sessions').click();
  await page.getByTestId('session-list').waitFor();
  await shot(page, `${lang}-11-sessions`);
  await page.getByTestId('nav-uploaded').click();
  await shot(page, `${lang}-12-uploaded`);

  // Sign out, then sign in with the username and PIN
  await page.getByTestId('sign-out').click();
  await page.getByTestId('sign-in-notice').waitFor();
  await shot(page, `${lang}-13-signed-out`);
  await page.locator('#sign-in-login').fill(`u${mobile}${lang}`);
  if (lang === LANGS[0]) {
    await page.locator('#sign-in-pin').fill(PIN);
  } else {
    await page.getByTestId('sign-in-toggle-method').click();
    await page.locator('#sign-in-password').fill(PASSWORD);
  }
  since = new Date().toISOString();
  await page.getByTestId('sign-in-continue').click();
  await page.getByTestId('sign-in-step-otp').waitFor();
  await shot(page, `${lang}-14-sign-in-otp`);
  await page.locator('#sign-in-otp').fill(await otpFor(mobile, since));
  await page.getByTestId('otp-submit').click();
  // Aadhaar is linked by now, so the locker may already hold documents pushed to it.
  await page.locator('[data-testid=issued-empty], [data-testid=document-list]').first().waitFor();

  // Five wrong OTPs lock the challenge (sign in again in a second browser)
  if (lang === LANGS[0]) {
    const other = await browser.newContext({ viewport: { width: 360, height: 640 } });
    await other.addInitScript((l) => window.localStorage.setItem('tijori.language', l), lang);
    const p2 = await other.newPage();
    await p2.goto(`${BASE}/sign-in`);
    await p2.locator('#sign-in-login').fill(mobile);
    await p2.locator('#sign-in-pin').fill(PIN);
    await p2.getByTestId('sign-in-continue').click();
    await p2.getByTestId('sign-in-step-otp').waitFor();
    for (let i = 0; i < 5; i++) {
      await p2.locator('#sign-in-otp').fill(i % 2 ? '000001' : '999998');
      await Promise.all([p2.waitForResponse((r) => r.url().endsWith('/api/v1/auth/sign-in/verify')), p2.getByTestId('otp-submit').click()]);
      if (i === 3) await shot(p2, `${lang}-15-otp-wrong-4`);
    }
    await p2.locator('[data-testid=form-error][data-error-code=otp_locked]').waitFor();
    await shot(p2, `${lang}-16-otp-locked`);
    await other.close();
  }

  await page.goto(`${BASE}/dev/outbox`);
  await page.getByTestId('sms-list').waitFor();
  await page.getByTestId('sandbox-table').waitFor();
  await shot(page, `${lang}-17-dev-outbox`);
}

async function signUpFresh(page) {
  const mobile = randomMobile();
  await page.goto(`${BASE}/sign-up`);
  const since = new Date().toISOString();
  await page.locator('#sign-up-mobile').fill(mobile);
  await page.getByTestId('sign-up-send-otp').click();
  await page.locator('#sign-up-otp').fill(await otpFor(mobile, since));
  await page.getByTestId('otp-submit').click();
  await page.locator('#sign-up-pin').fill(PIN);
  await page.locator('#sign-up-pin-confirm').fill(PIN);
  await page.getByTestId('sign-up-create').click();
  await page.getByTestId('issued-empty').waitFor();
  return mobile;
}

async function signIn(page, login, pin) {
  const since = new Date().toISOString();
  await page.locator('#sign-in-login').fill(login);
  await page.locator('#sign-in-pin').fill(pin);
  await page.getByTestId('sign-in-continue').click();
  await page.locator('#sign-in-otp').fill(await otpFor(login, since));
  await page.getByTestId('otp-submit').click();
}

/**
 * Language sync, ending another session, change PIN, sign out everywhere, delete the account,
 * on a fresh account (the server allows 5 OTPs per mobile per hour).
 */
async function accountChores(browser, lang) {
  process.stdout.write(`[${lang}: account chores]\n`);
  const first = await browser.newContext({ viewport: { width: 360, height: 640 } });
  await first.addInitScript((l) => window.localStorage.setItem('tijori.language', l), lang);
  const page = await first.newPage();
  const mobile = await signUpFresh(page);

  const other = lang === 'hi' ? 'gu' : 'hi';
  await page.getByTestId('language-select').selectOption(other);
  await page.waitForFunction(async (l) => (await (await fetch('/api/v1/me')).json()).language === l, other);
  if ((await page.getAttribute('html', 'lang')) !== other) throw new Error('html lang did not follow the switcher');
  await page.getByTestId('language-select').selectOption(lang);
  await page.waitForFunction(async (l) => (await (await fetch('/api/v1/me')).json()).language === l, lang);

  // A second device signs in; the first ends that session.
  const second = await browser.newContext({ viewport: { width: 360, height: 640 } });
  const p2 = await second.newPage();
  await p2.goto(`${BASE}/sign-in`);
  await signIn(p2, mobile, PIN);
  await p2.getByTestId('issued-empty').waitFor();
  await page.getByTestId('nav-sessions').click();
  await page.locator('[data-testid=session][data-current=false]').waitFor();
  await shot(page, `${lang}-18-two-sessions`);
  await page.locator('[data-testid=session][data-current=false]').getByTestId('end-session').click();
  await page.getByTestId('sessions-status').waitFor();
  await p2.getByTestId('nav-activity').click();
  await p2.getByTestId('sign-in-notice').waitFor();
  await shot(p2, `${lang}-19-other-device-expired`);
  await second.close();

  // Change PIN.
  await page.getByTestId('nav-profile').click();
  await page.getByTestId('change-pin').getByRole('button').first().click();
  await page.locator('#change-pin-current').fill(PIN);
  let since = new Date().toISOString();
  await page.getByTestId('change-pin-send-otp').click();
  await page.locator('#change-pin-otp').waitFor();
  await page.locator('#change-pin-otp').fill(await otpFor(mobile, since));
  await page.locator('#change-pin-new').fill(NEW_PIN);
  await page.locator('#change-pin-confirm').fill(NEW_PIN);
  await page.getByTestId('change-pin-save').click();
  await page.getByTestId('change-pin-done').waitFor();
  await shot(page, `${lang}-20-pin-changed`);

  // Sign out everywhere, back in with the new PIN, then delete the account.
  await page.getByTestId('nav-sessions').click();
  await page.getByTestId('sign-out-everywhere').click();
  await page.getByTestId('sign-out-everywhere-confirm').click();
  await page.getByTestId('sign-in-notice').waitFor();
  await signIn(page, mobile, NEW_PIN);
  await page.getByTestId('issued-empty').waitFor();
  await page.getByTestId('nav-profile').click();
  await page.getByTestId('delete-account').getByRole('button').click();
  await page.locator('#delete-pin').fill(NEW_PIN);
  since = new Date().toISOString();
  await page.getByTestId('delete-send-otp').click();
  await page.locator('#delete-otp').fill(await otpFor(mobile, since));
  await shot(page, `${lang}-21-delete-otp`);
  await page.getByTestId('otp-submit').click();
  await page.getByTestId('sign-in-notice').waitFor();
  await shot(page, `${lang}-22-deleted`);
  await first.close();
}

await mkdir(OUT, { recursive: true });
const { residents } = await json('/api/v1/dev/aadhaar-sandbox');
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium' });
try {
  const script = { en: null, hi: 'Deva', gu: 'Gujr' };
  const used = new Set();
  for (const lang of LANGS) {
    // One locker per Aadhaar: a random demo resident (reruns against one server may collide).
    const pick = (list) => list[Math.floor(Math.random() * list.length)];
    const free = residents.filter((r) => !used.has(r.aadhaarNumber));
    const matching = free.filter((r) => (script[lang] ? r.localScript === script[lang] : true));
    const resident = pick(matching.length ? matching : free);
    used.add(resident.aadhaarNumber);
    await run(browser, lang, resident);
  }
  await accountChores(browser, LANGS[LANGS.length - 1]);
} finally {
  await browser.close();
}
