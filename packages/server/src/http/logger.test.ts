import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n')) if (line) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { logger: createLogger('info', stream), lines };
}

describe('the logger keeps secrets out of log lines', () => {
  it('redacts secret-named fields at the top and two levels down, leaving everything else as it was', () => {
    const { logger, lines } = capture();
    const input = { otp: '123456', user: { pin: '482916', name: 'Asha' }, deep: { a: { token: 'tok', ok: 1 } }, list: [{ password: 'p' }], ms: 3 };
    logger.info(input, 'something happened');
    expect(lines[0]).toMatchObject({
      msg: 'something happened',
      otp: '[redacted]',
      user: { pin: '[redacted]', name: 'Asha' },
      deep: { a: { token: '[redacted]', ok: 1 } },
      list: [{ password: '[redacted]' }],
      ms: 3,
    });
    // The caller's object is not changed.
    expect(input.user.pin).toBe('482916');
  });

  it('logs a request as method, path without its query, and address; an error without its secret fields', () => {
    const { logger, lines } = capture();
    const req = { method: 'GET', url: '/api/v1/me?token=abc', ip: '10.0.0.1', headers: { authorization: 'Bearer x', cookie: 'c' } };
    logger.info({ req, res: { statusCode: 200 } }, 'request');
    expect(lines[0]).toMatchObject({ req: { method: 'GET', path: '/api/v1/me', ip: '10.0.0.1' }, res: { status: 200 } });
    expect(JSON.stringify(lines[0])).not.toMatch(/Bearer|abc|"c"/);
    const err = Object.assign(new Error('failed'), { details: { secret: 's3cret', hmac: 'h' } });
    logger.error({ err }, 'boom');
    expect(lines[1]).toMatchObject({ err: { message: 'failed', details: { secret: '[redacted]', hmac: '[redacted]' } } });
  });

  it('masks Aadhaar-shaped numbers in messages', () => {
    const { logger, lines } = capture();
    logger.info('linked 2345 6789 0123 today');
    expect(lines[0]!.msg).toBe('linked XXXX XXXX 0123 today');
  });
});
