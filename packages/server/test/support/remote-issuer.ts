import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';
import { digilockerHmac } from '../../src/compat/digilocker/xml/issuer-auth.js';
import { buildPullUriResponse } from '../../src/compat/digilocker/xml/pull-uri-response.js';
import { bearer } from './staff.js';
import type { TestApp } from './test-app.js';

type Names = Record<string, string>;

/** Registers (as the operator) an issuer that answers pulls from its own endpoint, with one document type DGCER and a Pull URI client; its secret. */
export async function registerRemoteIssuer(t: TestApp, operator: string, orgId: string, names: { issuer: Names; type: Names }): Promise<string> {
  const registered = await t.app.inject({
    method: 'POST',
    url: '/api/v1/issuers',
    headers: bearer(operator),
    payload: { orgId, names: names.issuer, category: 'Education', pullMode: 'remote', endpointUrl: 'http://127.0.0.1:9/pull-uri' },
  });
  expect(registered.statusCode, registered.body).toBe(201);
  const type = await t.app.inject({
    method: 'POST',
    url: `/api/v1/issuers/${orgId}/document-types`,
    headers: bearer(operator),
    payload: {
      code: 'DGCER',
      names: names.type,
      template: 'certificate',
      fields: [{ key: 'branch', label: { en: 'Branch' } }],
      parameters: [{ name: 'RollNo', label: { en: 'Roll number' } }],
    },
  });
  expect(type.statusCode, type.body).toBe(201);
  const client = await t.app.inject({
    method: 'POST',
    url: `/api/v1/issuers/${orgId}/credentials`,
    headers: bearer(operator),
    payload: { kind: 'digilocker', label: 'pull endpoint' },
  });
  expect(client.statusCode, client.body).toBe(201);
  return client.json().secret as string;
}

/**
 * An issuer endpoint that answers every pull "pending" (ResponseStatus 9: the issuer will push
 * the record later), signed with the issuer's secret; the issuer is pointed at it (until the
 * test points it elsewhere). Request bodies are added to `seen`.
 */
export async function pendingEndpoint(t: TestApp, orgId: string, apiKey: string, seen: string[] = []): Promise<{ close(): void }> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      seen.push(body);
      const txn = /txn="([^"]+)"/.exec(body)?.[1] ?? '';
      const xml = buildPullUriResponse({ status: 'pending', txn, persons: [] });
      res.writeHead(200, { 'content-type': 'application/xml', 'x-digilocker-hmac': digilockerHmac(xml, apiKey) }).end(xml);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await t.runtime.db.kysely
    .updateTable('issuers')
    .set({ repository_url: `http://127.0.0.1:${port}/pull-uri` })
    .where('org_id', '=', orgId)
    .execute();
  return { close: () => server.close() };
}
