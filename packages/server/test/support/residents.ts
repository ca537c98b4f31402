import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { TestApp } from './test-app.js';

let nextMobile = 0;
/** A fresh, valid, unused mobile number per call (per process). */
export function freshMobile(): string {
  nextMobile++;
  return `9${String(process.pid % 1000).padStart(3, '0')}${String(nextMobile).padStart(6, '0')}`;
}

/** A distinct client address per sign-up, so per-IP limits do not couple unrelated tests. */
let nextIp = 0;
export function freshIp(): string {
  nextIp++;
  return `10.${(nextIp >> 8) & 255}.${nextIp & 255}.${(process.pid % 250) + 1}`;
}

export async function outbox(t: TestApp, to: string): Promise<{ body: string; sentAt: string }[]> {
  const res = await t.app.inject({ method: 'GET', url: `/api/v1/dev/sms-outbox?to=${to}` });
  expect(res.statusCode).toBe(200);
  return res.json().messages;
}

/** The code in the newest SMS to `to`. */
export async function latestOtp(t: TestApp, to: string): Promise<string> {
  const [message] = await outbox(t, to);
  const code = /\b(\d{6})\b/.exec(message?.body ?? '')?.[1];
  if (!code) throw new Error(`no OTP in the newest SMS to ${to}: ${message?.body}`);
  return code;
}

export function cookieOf(res: LightMyRequestResponse): string {
  const set = res.cookies.find((c) => c.name === 'tijori_session');
  if (!set) throw new Error(`no session cookie in response ${res.statusCode} ${res.body}`);
  return `tijori_session=${set.value}`;
}

export interface SignedUp {
  mobile: string;
  pin: string;
  cookie: string;
  id: string;
}

export async function signUp(t: TestApp, options: { mobile?: string; pin?: string; username?: string; password?: string } = {}): Promise<SignedUp> {
  const mobile = options.mobile ?? freshMobile();
  const pin = options.pin ?? '482913';
  const remoteAddress = freshIp();
  const start = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-up', payload: { mobile }, remoteAddress });
  expect(start.statusCode, start.body).toBe(202);
  const { challengeId } = start.json();
  const verify = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-up/verify', payload: { challengeId, otp: await latestOtp(t, mobile) } });
  expect(verify.statusCode, verify.body).toBe(200);
  const complete = await t.app.inject({
    method: 'POST',
    remoteAddress,
    url: '/api/v1/auth/sign-up/complete',
    payload: {
      signupTicket: verify.json().signupTicket,
      pin,
      ...(options.username ? { username: options.username } : {}),
      ...(options.password ? { password: options.password } : {}),
    },
  });
  expect(complete.statusCode, complete.body).toBe(201);
  return { mobile, pin, cookie: cookieOf(complete), id: complete.json().resident.id };
}

export async function signIn(t: TestApp, login: string, pin: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  const start = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { login, pin }, headers });
  expect(start.statusCode, start.body).toBe(202);
  const mobile = /^\d{10}$/.test(login) ? login : undefined;
  const otp = await latestOtp(t, mobile ?? (await whoseMobile(t, start.json().maskedMobile)));
  return t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in/verify', payload: { challengeId: start.json().challengeId, otp }, headers });
}

async function whoseMobile(t: TestApp, masked: string): Promise<string> {
  const res = await t.app.inject({ method: 'GET', url: '/api/v1/dev/sms-outbox?limit=200' });
  const hit = (res.json().messages as { to: string }[]).find((m) => m.to.endsWith(masked.slice(-4)));
  if (!hit) throw new Error(`no outbox message to ${masked}`);
  return hit.to;
}

/** A demo resident of the Aadhaar sandbox who is not linked yet in this test file. */
export async function sandboxResident(t: TestApp, index: number): Promise<{ aadhaarNumber: string; mobile: string; name: string }> {
  const res = await t.app.inject({ method: 'GET', url: '/api/v1/dev/aadhaar-sandbox' });
  const residents = res.json().residents as { aadhaarNumber: string; mobile: string; name: string }[];
  return residents[index]!;
}

export async function linkAadhaar(t: TestApp, cookie: string, aadhaarNumber: string, aadhaarMobile: string): Promise<LightMyRequestResponse> {
  const start = await t.app.inject({ method: 'POST', url: '/api/v1/me/aadhaar', headers: { cookie }, payload: { aadhaarNumber, consent: true } });
  expect(start.statusCode, start.body).toBe(202);
  const otp = await latestOtp(t, aadhaarMobile);
  return t.app.inject({ method: 'POST', url: '/api/v1/me/aadhaar/verify', headers: { cookie }, payload: { challengeId: start.json().challengeId, otp } });
}

/** Deletes the resident's account (PIN, then the OTP sent to their mobile). */
export async function deleteAccount(t: TestApp, r: SignedUp): Promise<void> {
  const start = await t.app.inject({ method: 'POST', url: '/api/v1/me/delete', headers: { cookie: r.cookie }, payload: { pin: r.pin } });
  expect(start.statusCode, start.body).toBe(202);
  const done = await t.app.inject({
    method: 'POST',
    url: '/api/v1/me/delete/verify',
    headers: { cookie: r.cookie },
    payload: { challengeId: start.json().challengeId, otp: await latestOtp(t, r.mobile) },
  });
  expect(done.statusCode, done.body).toBe(204);
}

/** The resident pulls a document (consent given). */
export function pullAs(
  t: TestApp,
  cookie: string,
  request: { orgId: string; docType: string; parameters: Record<string, string> },
): Promise<LightMyRequestResponse> {
  return t.app.inject({ method: 'POST', url: '/api/v1/me/pull', headers: { cookie }, payload: { ...request, consent: true } });
}
