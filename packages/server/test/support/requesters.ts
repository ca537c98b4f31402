import { createHash, randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { DEMO_RECORDS } from '../../src/seed/demo-records.js';
import { latestOtp, type SignedUp } from './residents.js';
import { bearer, staffToken } from './staff.js';
import type { TestApp } from './test-app.js';

export const REDIRECT = 'https://app.example.com/callback';

export interface Registered {
  clientId: string;
  clientSecret: string;
}

/** Registers a requester as the demo operator. */
export async function registerRequester(t: TestApp, overrides: Record<string, unknown> = {}): Promise<Registered> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/requesters',
    headers: bearer(await staffToken(t)),
    payload: {
      names: { en: 'Example Bank', hi: 'उदाहरण बैंक', gu: 'ઉદાહરણ બેંક' },
      purpose: { en: 'Open a savings account (KYC)' },
      redirectUris: [REDIRECT],
      scopes: ['openid', 'userdetails', 'files.issueddocs'],
      docTypes: [],
      consentDays: 30,
      ...overrides,
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

/** Issues a demo CBSE marksheet (a fresh doc id) to the resident with this mobile; its URI. */
export async function issueTo(t: TestApp, mobile: string, docType: 'HSCER' | 'SSCER' = 'HSCER'): Promise<string> {
  const record = DEMO_RECORDS.find((r) => r.orgId === 'in.gov.cbse' && r.docType === docType)!;
  const docId = String(randomBytes(5).readUIntBE(0, 5)).padStart(12, '7');
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/issuers/in.gov.cbse/documents',
    headers: bearer(await staffToken(t)),
    payload: { docType, docId, holder: { mobile, name: record.holder.name, dob: record.holder.dob }, fields: record.fields, issuedOn: record.issuedOn },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().uri;
}

export function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export function authorizeUrl(clientId: string, challenge: string, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: REDIRECT,
    state: 'st-123',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...extra,
  });
  return `/public/oauth2/1/authorize?${q}`;
}

/** The whole resident side: authorise, read the consent screen, confirm with PIN + consent OTP; the code. */
export async function consent(
  t: TestApp,
  r: SignedUp,
  clientId: string,
  challenge: string,
  documents: string[],
  extra: Record<string, string> = {},
): Promise<string> {
  const start = await t.app.inject({ method: 'GET', url: authorizeUrl(clientId, challenge, extra) });
  expect(start.statusCode, start.body).toBe(302);
  const requestId = /^\/app\/consent\/([A-Za-z0-9_-]+)/.exec(start.headers.location as string)![1]!;
  return answerConsent(t, r, requestId, documents, extra.state ?? 'st-123');
}

/** The resident confirms consent request `requestId` with PIN + consent OTP; the code it redirects back with. */
export async function answerConsent(
  t: TestApp,
  r: SignedUp,
  requestId: string,
  documents: string[],
  state = 'st-123',
  uploads?: { files: string[]; folders: string[] },
): Promise<string> {
  const confirm = await t.app.inject({
    method: 'POST',
    url: `/api/v1/consent-requests/${requestId}/confirm`,
    headers: { cookie: r.cookie },
    payload: { pin: r.pin, documents, ...(uploads ? { uploads } : {}) },
  });
  expect(confirm.statusCode, confirm.body).toBe(202);
  const verify = await t.app.inject({
    method: 'POST',
    url: `/api/v1/consent-requests/${requestId}/verify`,
    headers: { cookie: r.cookie },
    payload: { challengeId: confirm.json().challengeId, otp: await latestOtp(t, r.mobile) },
  });
  expect(verify.statusCode, verify.body).toBe(200);
  const back = new URL(verify.json().redirectTo);
  expect(back.searchParams.get('state')).toBe(state);
  return back.searchParams.get('code')!;
}

export async function token(t: TestApp, client: Registered, form: Record<string, string>) {
  return t.app.inject({
    method: 'POST',
    url: '/public/oauth2/1/token',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ client_id: client.clientId, client_secret: client.clientSecret, ...form }).toString(),
  });
}
