import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpSmsSender } from '../../src/adapters/sms/http-sms-sender.js';
import { AppError } from '../../src/lib/errors.js';

describe('HTTP SMS gateway adapter', () => {
  const received: { auth: string | undefined; body: string }[] = [];
  let status = 200;
  let server: http.Server;
  let url: string;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        received.push({ auth: req.headers.authorization, body });
        res.statusCode = status;
        res.end('{}');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/send`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('posts the rendered, JSON-escaped template with the configured authorization', async () => {
    const sms = createHttpSmsSender({ url, authorization: 'Bearer gw-key', bodyTemplate: '{"mobiles":"91{{to}}","text":"{{message}}","sender":"TIJORI"}' });
    await sms.send('9876543210', 'Your "code" is 123456\nबधाई');
    const last = received.at(-1)!;
    expect(last.auth).toBe('Bearer gw-key');
    expect(JSON.parse(last.body)).toEqual({ mobiles: '919876543210', text: 'Your "code" is 123456\nबधाई', sender: 'TIJORI' });
  });

  it('retries a 5xx once and then reports sms_failed without echoing the message', async () => {
    status = 503;
    const before = received.length;
    const sms = createHttpSmsSender({ url, bodyTemplate: '{"to":"{{to}}","message":"{{message}}"}' });
    const err = await sms.send('9876543210', 'secret 654321').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('sms_failed');
    expect((err as AppError).message).not.toContain('654321');
    expect(received.length - before).toBe(2);
    status = 200;
  });

  it('reports sms_failed when the gateway cannot be reached', async () => {
    const sms = createHttpSmsSender({ url: 'http://127.0.0.1:1/send', bodyTemplate: '{"to":"{{to}}","message":"{{message}}"}', timeoutMs: 500 });
    await expect(sms.send('9876543210', 'x')).rejects.toMatchObject({ code: 'sms_failed' });
  });
});
