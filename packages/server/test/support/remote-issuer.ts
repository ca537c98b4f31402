import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';
import { bearer } from './staff.js';
import type { TestApp } from './test-app.js';

/**
 * Registers an issuer with its own Pull URI endpoint (pointed at a closed port until
 * `pointIssuerAt`), one document type `DGCER` searched by RollNo, and a DigiLocker client;
 * answers the client's secret.
 */
export async function registerRemoteIssuer(
  t: TestApp,
  operator: string,
  issuer: { orgId: string; name: string; fields: { key: string; label: { en: string }; required?: boolean }[] },
): Promise<string> {
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/v1/issuers',
    headers: bearer(operator),
    payload: { orgId: issuer.orgId, names: { en: issuer.name }, category: 'Education', pullMode: 'remote', endpointUrl: 'http://127.0.0.1:9/pull-uri' },
  });
  expect(created.statusCode, created.body).toBe(201);
  const type = await t.app.inject({
    method: 'POST',
    url: `/api/v1/issuers/${issuer.orgId}/document-types`,
    headers: bearer(operator),
    payload: {
      code: 'DGCER',
      names: { en: 'Degree Certificate' },
      template: 'certificate',
      fields: issuer.fields,
      parameters: [{ name: 'RollNo', label: { en: 'Roll number' } }],
    },
  });
  expect(type.statusCode, type.body).toBe(201);
  const client = await t.app.inject({
    method: 'POST',
    url: `/api/v1/issuers/${issuer.orgId}/credentials`,
    headers: bearer(operator),
    payload: { kind: 'digilocker', label: 'pull endpoint' },
  });
  return client.json().secret as string;
}

/** An issuer's endpoint on loopback: `answer` gets each request body and says what to send back. */
export async function startIssuerEndpoint(
  answer: (body: string) => { status: number; headers?: Record<string, string>; body: string },
): Promise<{ url: string; close: () => void }> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const reply = answer(Buffer.concat(chunks).toString('utf8'));
      res.writeHead(reply.status, reply.headers).end(reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/pull-uri`, close: () => server.close() };
}

/** The txn a Pull URI request carries, for the answer to echo. */
export const txnOf = (body: string): string => /txn="([^"]+)"/.exec(body)?.[1] ?? '';
