import { expect } from 'vitest';
import { DEMO_RECORDS } from '../../src/seed/demo-records.js';
import { linkAadhaar, sandboxResident, signIn, signUp } from '../support/residents.js';
import type { TestApp } from '../support/test-app.js';

export interface Journey {
  mobile: string;
  residentId: string;
  aadhaarNumber: string;
  name: string;
  uri: string;
  docId: string;
}

/**
 * A resident's day, scripted: sign up, sign in (one wrong PIN first), link Aadhaar, pull a
 * driving licence from the transport department's hosted records, and a verifier checks it
 * by QR (genuine) and by a wrong code (unknown).
 */
export async function residentJourney(t: TestApp, sandboxIndex: number): Promise<Journey> {
  const demo = await sandboxResident(t, sandboxIndex);
  const record = DEMO_RECORDS.find((x) => x.aadhaarNumber === demo.aadhaarNumber && x.docType === 'DRVLC')!;
  const r = await signUp(t);
  expect((await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { login: r.mobile, pin: '000000' } })).statusCode).toBe(401);
  expect((await signIn(t, r.mobile, r.pin)).statusCode).toBe(200);
  expect((await linkAadhaar(t, r.cookie, demo.aadhaarNumber, demo.mobile)).statusCode).toBe(200);
  const pull = await t.app.inject({
    method: 'POST',
    url: '/api/v1/me/pull',
    headers: { cookie: r.cookie },
    payload: { orgId: 'in.gov.transport', docType: 'DRVLC', parameters: record.parameters, consent: true },
  });
  expect(pull.statusCode, pull.body).toBe(201);
  const uri = pull.json().uri as string;
  const doc = (await t.app.inject({ method: 'GET', url: `/api/v1/me/documents/${uri}`, headers: { cookie: r.cookie } })).json();
  expect((await t.app.inject({ method: 'POST', url: '/api/v1/verify', payload: { qr: doc.qrPayload } })).json().verdict).toBe('genuine');
  expect((await t.app.inject({ method: 'POST', url: '/api/v1/verify', payload: { uri, code: 'ZZZZZZZZZZ' } })).json().verdict).toBe('unknown');
  return { mobile: r.mobile, residentId: r.id, aadhaarNumber: demo.aadhaarNumber, name: demo.name, uri, docId: record.docId };
}

/** "name{a="x",b="y"}" → value, for every sample line of a Prometheus text exposition. */
export function samples(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    out.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return out;
}
