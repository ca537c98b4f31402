import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';
import { digilockerHmac } from '../../src/compat/digilocker/xml/issuer-auth.js';
import { buildPullUriResponse } from '../../src/compat/digilocker/xml/pull-uri-response.js';
import { bearer } from './staff.js';
import type { TestApp } from './test-app.js';

type Names = Record<string, string>;

/**
 * Registers an issuer with its own Pull URI endpoint (pointed at a closed port until a test
 * points it elsewhere), one document type `DGCER` searched by RollNo, and a DigiLocker client;
 * answers the client's secret. Names: `name` (English only) or `names` for the issuer, `typeNames`
 * for the type (default "Degree Certificate"); fields default to an optional Branch.
 */
export async function registerRemoteIssuer(
  t: TestApp,
  operator: string,
  issuer: { orgId: string; name?: string; names?: Names; typeNames?: Names; fields?: { key: string; label: { en: string }; required?: boolean }[] },
): Promise<string> {
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/v1/issuers',
    headers: bearer(operator),
    payload: {
      orgId: issuer.orgId,
      names: issuer.names ?? { en: issuer.name ?? issuer.orgId },
      category: 'Education',
      pullMode: 'remote',
      endpointUrl: 'http://127.0.0.1:9/pull-uri',
    },
  });
  expect(created.statusCode, created.body).toBe(201);
  const type = await t.app.inject({
    method: 'POST',
    url: `/api/v1/issuers/${issuer.orgId}/document-types`,
    headers: bearer(operator),
    payload: {
      code: 'DGCER',
      names: issuer.typeNames ?? { en: 'Degree Certificate' },
      template: 'certificate',
      fields: issuer.fields ?? [{ key: 'branch', label: { en: 'Branch' } }],
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
  expect(client.statusCode, client.body).toBe(201);
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

/**
 * An issuer endpoint that answers every pull "pending" (ResponseStatus 9: the issuer will push
 * the record later), signed with the issuer's secret; the issuer is pointed at it (until the
 * test points it elsewhere). Request bodies are added to `seen`.
 */
export async function pendingEndpoint(t: TestApp, orgId: string, apiKey: string, seen: string[] = []): Promise<{ close(): void }> {
  const endpoint = await startIssuerEndpoint((body) => {
    seen.push(body);
    const xml = buildPullUriResponse({ status: 'pending', txn: txnOf(body), persons: [] });
    return { status: 200, headers: { 'content-type': 'application/xml', 'x-digilocker-hmac': digilockerHmac(xml, apiKey) }, body: xml };
  });
  await t.runtime.db.kysely.updateTable('issuers').set({ repository_url: endpoint.url }).where('org_id', '=', orgId).execute();
  return endpoint;
}
