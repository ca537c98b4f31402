import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BULK_MAX_BYTES } from '../../src/domain/bulk/bulk-jobs.js';
import { DIALECTS } from '../support/dialects.js';
import { staffToken } from '../support/staff.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const URL_PATH = '/api/v1/issuers/in.gov.gujarat.edistrict/bulk-jobs';

for (const dialect of DIALECTS) {
  describe(`bulk upload limits over a real socket [${dialect}]`, () => {
    let t: TestApp;
    let port: number;
    let token: string;
    beforeAll(async () => {
      t = await startTestApp(dialect, { env: { TIJORI_SEED_DEMO: 'true' } });
      token = await staffToken(t);
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      port = (t.app.server.address() as AddressInfo).port;
    });
    afterAll(async () => t?.close());

    const open = (contentLength: number) =>
      http.request({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: URL_PATH,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv', 'content-length': String(contentLength) },
      });

    it('refuses a declared Content-Length above the limit with 413 before the body is sent', async () => {
      const req = open(BULK_MAX_BYTES + 1);
      const answered = new Promise<{ status: number; body: string }>((resolve, reject) => {
        req.on('response', (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString('utf8')));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.on('error', reject);
      });
      // Only the headers and one line go out; the rest of the declared body never does.
      req.write('doc_type,doc_id\n');
      const res = await answered;
      req.destroy();
      expect(res.status).toBe(413);
      expect(JSON.parse(res.body).code).toBe('payload_too_large');
    });

    it('logs a client that stops mid-upload as an abort, not as the database being unavailable', async () => {
      const req = open(10 * 1024 * 1024);
      req.on('error', () => undefined);
      await new Promise<void>((resolve) => req.write(`doc_type,doc_id\n${'x'.repeat(64 * 1024)}\n`, () => resolve()));
      req.destroy();
      await vi.waitFor(() => expect(t.logs.some((l) => l.code === 'client_aborted')).toBe(true), { timeout: 10_000, interval: 50 });
      expect(t.logs.filter((l) => l.code === 'database_unavailable')).toEqual([]);
      expect(t.logs.filter((l) => Number(l.level) >= 50)).toEqual([]);
    });
  });
}
