import { expect } from 'vitest';
import { DEMO_ISSUER_STAFF_PASSWORD, DEMO_OPERATOR } from '../../src/seed/demo-directory.js';
import type { TestApp } from './test-app.js';

/** A console bearer token for the demo operator, or for a demo issuer's staff (e.g. "cbse"). */
export async function staffToken(t: TestApp, username = DEMO_OPERATOR.username): Promise<string> {
  const password = username === DEMO_OPERATOR.username ? DEMO_OPERATOR.password : DEMO_ISSUER_STAFF_PASSWORD;
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/staff/sign-in', payload: { username, password, sessionType: 'bearer' } });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().token as string;
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
